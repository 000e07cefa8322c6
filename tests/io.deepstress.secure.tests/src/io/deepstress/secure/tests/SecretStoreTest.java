package io.deepstress.secure.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.equinox.security.storage.SecurePreferencesFactory;
import org.eclipse.equinox.security.storage.provider.IProviderHints;
import org.eclipse.osgi.service.datalocation.Location;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.deepstress.core.services.SecretStore;

/**
 * Secrets through the DS service into Eclipse Secure Storage in the data directory (the instance location's
 * {@code secure/}), under the test's own user.home; a store an earlier version left at Equinox's default place
 * (under user.home) is moved there when the service starts, then removed.
 */
class SecretStoreTest {

	private static final String OLD_KEY = "endpoint/" + UUID.randomUUID() + "/api-key";
	private static final String OLD_SECRET = "sk-old-" + UUID.randomUUID();
	private static Path home;
	private static Path oldFile;
	private static Path oldKeyFile;

	/** Before the service starts (DS activates it on first use): a store as 0.1 wrote it, at the old place. */
	@BeforeAll
	static void anOldStoreUnderUserHome() throws Exception {
		home = Path.of(System.getProperty("user.home"));
		oldFile = home.resolve(".eclipse/org.eclipse.equinox.security/secure_storage");
		oldKeyFile = home.resolve(".deepstress/secure-storage.key");
		Files.deleteIfExists(oldFile);
		Files.createDirectories(oldFile.getParent());
		ISecurePreferences old = SecurePreferencesFactory.open(oldFile.toUri().toURL(),
				Map.of(IProviderHints.REQUIRED_MODULE_ID, "io.deepstress.secure.keyFileProvider", IProviderHints.PROMPT_USER,
						Boolean.FALSE));
		old.node("io.deepstress/secrets").put(org.eclipse.equinox.security.storage.EncodingUtils.encodeSlashes(OLD_KEY),
				OLD_SECRET, true);
		old.flush();
		assertTrue(Files.exists(oldFile) && Files.exists(oldKeyFile), "the old store and its key were written");
	}

	private static BundleContext context() {
		return FrameworkUtil.getBundle(SecretStoreTest.class).getBundleContext();
	}

	private static SecretStore store() throws InterruptedException {
		ServiceTracker<SecretStore, SecretStore> tracker = new ServiceTracker<>(context(), SecretStore.class, null);
		tracker.open();
		SecretStore store = tracker.waitForService(10_000);
		assertNotNull(store, "SecretStore registered by DS");
		return store;
	}

	private static Path dataDirectory() throws Exception {
		var refs = context().getServiceReferences(Location.class, Location.INSTANCE_FILTER);
		Location location = context().getService(refs.iterator().next());
		return Path.of(location.getURL().toURI());
	}

	@Test
	void storesReadsAndRemovesSecretsEncryptedInTheDataDirectory() throws Exception {
		SecretStore store = store();
		String key = "endpoint/" + UUID.randomUUID() + "/api-key";
		String secret = "sk-" + UUID.randomUUID();
		assertEquals(Optional.empty(), store.get(key));
		store.put(key, secret);
		assertEquals(Optional.of(secret), store.get(key));

		Path secure = dataDirectory().resolve("secure");
		Path keyFile = secure.resolve("secure-storage.key");
		assertTrue(Files.exists(secure.resolve("secure_storage")), "the storage file is in the data directory");
		assertTrue(Files.exists(keyFile), "the master key file is beside it");
		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
		for (Path root : new Path[] { home, dataDirectory() }) {
			try (Stream<Path> files = Files.walk(root)) {
				for (Path f : files.filter(Files::isRegularFile).toList()) {
					String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
					assertFalse(text.contains(secret), "the secret is in plain text in " + f);
					assertFalse(text.contains(OLD_SECRET), "the old secret is in plain text in " + f);
				}
			}
		}
		store.remove(key);
		assertEquals(Optional.empty(), store.get(key));
	}

	@Test
	void aStoreAtTheOldPlaceIsMovedIntoTheDataDirectoryOnceThenRemoved() throws Exception {
		SecretStore store = store();
		assertEquals(Optional.of(OLD_SECRET), store.get(OLD_KEY), "the old secret is readable after the move");
		assertFalse(Files.exists(oldFile), "the old storage file is removed once nothing else is in it");
		assertFalse(Files.exists(oldKeyFile), "and its key file");
		String raw = new String(Files.readAllBytes(dataDirectory().resolve("secure/secure_storage")),
				StandardCharsets.ISO_8859_1);
		assertFalse(raw.contains(OLD_SECRET), "moved as ciphertext");
	}
}
