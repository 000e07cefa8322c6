package io.deepstress.secure.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.deepstress.core.services.SecretStore;

/** Secrets through the DS service into Eclipse Secure Storage under the test's own user.home. */
class SecretStoreTest {

	private static SecretStore store() throws InterruptedException {
		ServiceTracker<SecretStore, SecretStore> tracker = new ServiceTracker<>(
				FrameworkUtil.getBundle(SecretStoreTest.class).getBundleContext(), SecretStore.class, null);
		tracker.open();
		SecretStore store = tracker.waitForService(10_000);
		assertNotNull(store, "SecretStore registered by DS");
		return store;
	}

	@Test
	void storesReadsAndRemovesSecretsEncryptedOnDisk() throws Exception {
		SecretStore store = store();
		String key = "endpoint/" + UUID.randomUUID() + "/api-key";
		String secret = "sk-" + UUID.randomUUID();
		assertEquals(Optional.empty(), store.get(key));
		store.put(key, secret);
		assertEquals(Optional.of(secret), store.get(key));

		Path home = Path.of(System.getProperty("user.home"));
		Path keyFile = home.resolve(".deepstress/secure-storage.key");
		assertTrue(Files.exists(keyFile), "the master key file exists");
		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
		boolean found = false;
		try (Stream<Path> files = Files.walk(home)) {
			for (Path f : files.filter(Files::isRegularFile).toList()) {
				String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
				assertFalse(text.contains(secret), "the secret is in plain text in " + f);
				found |= f.toString().contains("secure_storage");
			}
		}
		assertTrue(found, "a secure_storage file was written under " + home);

		store.remove(key);
		assertEquals(Optional.empty(), store.get(key));
	}
}
