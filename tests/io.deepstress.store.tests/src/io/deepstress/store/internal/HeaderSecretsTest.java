package io.deepstress.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Endpoint;
import io.deepstress.core.model.SecretHeaders;
import io.deepstress.core.run.Timeouts;
import io.deepstress.core.services.SecretStore;

/**
 * Header values as secrets: a header marked secret, or whose name looks like a credential, has its value in
 * the real Eclipse Secure Storage (the secure bundle's DS service) and only its name in Derby; the database
 * files are scanned for the values' bytes.
 */
class HeaderSecretsTest {

	private final Path dir = Path.of(System.getProperty("deepstress.test.dir"), UUID.randomUUID().toString());
	private final List<Database> opened = new ArrayList<>();

	private static SecretStore secrets() throws InterruptedException {
		ServiceTracker<SecretStore, SecretStore> tracker = new ServiceTracker<>(
				FrameworkUtil.getBundle(HeaderSecretsTest.class).getBundleContext(), SecretStore.class, null);
		tracker.open();
		SecretStore store = tracker.waitForService(20_000);
		assertNotNull(store, "the secure bundle's SecretStore");
		return store;
	}

	private Database database() {
		Database db = Database.open(dir.resolve("db"), null);
		assertEquals(null, db.problem());
		opened.add(db);
		return db;
	}

	private void closeDatabases() {
		opened.forEach(Database::close);
		opened.clear();
	}

	@AfterEach
	void closeAll() {
		closeDatabases();
	}

	/** Whether any file of the database holds these bytes (UTF-8, as Derby writes ASCII text). */
	private boolean databaseFilesContain(String value) throws IOException {
		byte[] needle = value.getBytes(StandardCharsets.UTF_8);
		try (Stream<Path> files = Files.walk(dir.resolve("db"))) {
			for (Path f : files.filter(Files::isRegularFile).toList()) {
				if (indexOf(Files.readAllBytes(f), needle) >= 0) {
					return true;
				}
			}
		}
		return false;
	}

	private static int indexOf(byte[] hay, byte[] needle) {
		outer: for (int i = 0; i <= hay.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (hay[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	private static Endpoint endpoint(String id, Map<String, String> headers) {
		return new Endpoint(id, "gw-" + id.substring(0, 8), "http://127.0.0.1:9/v1", ApiKind.CHAT, "m", headers, true,
				Timeouts.defaults());
	}

	@Test
	void secretHeaderValuesGoToSecureStorageAndOnlyTheirNamesToTheDatabase() throws Exception {
		SecretStore secrets = secrets();
		String apiKey = "xk-" + UUID.randomUUID();
		String bearer = "Bearer tok-" + UUID.randomUUID();
		String custom = "custom-" + UUID.randomUUID();
		String plain = "tenant-" + UUID.randomUUID();
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("X-Api-Key", apiKey);
		headers.put("Authorization", bearer);
		headers.put("X-Tenant", plain);
		headers.put("X-Signature", custom);
		String id = UUID.randomUUID().toString();
		DerbyConfigurationStore store = DerbyConfigurationStore.over(database(), secrets);
		store.save(endpoint(id, headers), Set.of("x-signature"));

		Endpoint back = store.find(id).orElseThrow();
		assertEquals(headers, back.headers(), "every header back, secret ones from secure storage");
		assertEquals(Optional.of(apiKey), secrets.get(SecretHeaders.key(id, "X-Api-Key")));
		assertEquals(Optional.of(custom), secrets.get(SecretHeaders.key(id, "X-Signature")));
		String row = opened.get(0).read(em -> em.find(EndpointEntity.class, id).headersJson);
		assertTrue(row.contains("X-Api-Key") && row.contains("X-Signature") && row.contains(plain), row);
		assertFalse(row.contains(apiKey) || row.contains(bearer) || row.contains(custom), row);

		closeDatabases(); // everything on disk
		assertTrue(databaseFilesContain(plain), "the scan finds a plain header's value (it can find what is there)");
		assertFalse(databaseFilesContain(apiKey), "X-Api-Key's value in the database files");
		assertFalse(databaseFilesContain(bearer.substring(7)), "Authorization's value in the database files");
		assertFalse(databaseFilesContain(custom), "a header marked secret: its value in the database files");

		// a header dropped from the endpoint takes its secret along; removing the endpoint takes the rest
		DerbyConfigurationStore again = DerbyConfigurationStore.over(database(), secrets);
		Map<String, String> fewer = new LinkedHashMap<>(headers);
		fewer.remove("X-Signature");
		again.save(endpoint(id, fewer), Set.of());
		assertEquals(Optional.empty(), secrets.get(SecretHeaders.key(id, "X-Signature")));
		assertEquals(fewer, again.find(id).orElseThrow().headers());
		assertTrue(again.remove(id));
		assertEquals(Optional.empty(), secrets.get(SecretHeaders.key(id, "X-Api-Key")));
		assertEquals(Optional.empty(), secrets.get(SecretHeaders.key(id, "Authorization")));
	}

	@Test
	void withoutSecureStorageASecretHeaderIsNotSavedAtAll() throws Exception {
		String key = "nk-" + UUID.randomUUID();
		DerbyConfigurationStore store = DerbyConfigurationStore.over(database());
		String id = UUID.randomUUID().toString();
		IllegalStateException e = assertThrows(IllegalStateException.class,
				() -> store.save(endpoint(id, Map.of("X-Api-Key", key))));
		assertTrue(e.getMessage().contains("X-Api-Key") && e.getMessage().contains("secure storage"), e.getMessage());
		assertTrue(store.find(id).isEmpty());
		store.save(endpoint(id, Map.of("X-Team", "perf")));
		assertEquals(Map.of("X-Team", "perf"), store.find(id).orElseThrow().headers(), "plain headers still save");
		closeDatabases();
		assertFalse(databaseFilesContain(key));
	}

	@Test
	void aValueAnOlderVersionKeptInPlainTextIsMovedToSecureStorage() throws Exception {
		SecretStore secrets = secrets();
		String key = "old-" + UUID.randomUUID();
		String id = UUID.randomUUID().toString();
		Database db = database();
		db.inTransaction(em -> { // the row as 0.1 wrote it
			EndpointEntity row = new EndpointEntity();
			ConfigurationMapping.into(endpoint(id, Map.of("X-Api-Key", key, "X-Team", "perf")), row);
			em.persist(row);
			return null;
		});
		assertTrue(db.read(em -> em.find(EndpointEntity.class, id).headersJson).contains(key));

		DerbyConfigurationStore store = DerbyConfigurationStore.over(db, secrets);
		assertEquals(Optional.of(key), secrets.get(SecretHeaders.key(id, "X-Api-Key")));
		assertEquals(Map.of("X-Api-Key", key, "X-Team", "perf"), store.find(id).orElseThrow().headers());
		assertFalse(db.read(em -> em.find(EndpointEntity.class, id).headersJson).contains(key));
		closeDatabases();
		// the table was compressed: the old value is out of the data files (seg0)
		byte[] needle = key.getBytes(StandardCharsets.UTF_8);
		try (Stream<Path> files = Files.walk(dir.resolve("db/seg0"))) {
			for (Path f : files.filter(Files::isRegularFile).toList()) {
				assertTrue(indexOf(Files.readAllBytes(f), needle) < 0, "the old value is still in " + f);
			}
		}
		secrets.remove(SecretHeaders.key(id, "X-Api-Key"));
	}
}
