package io.deepstress.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.deepstress.core.services.SecretStore;

/**
 * {@code deepstress db password}: a PostgreSQL records database's password kept in the real Eclipse Secure Storage
 * under the key the store reads ({@code records-db/USER@HOST:PORT/DB/password}), from an environment variable (set
 * by the test's pom), never printed; forgotten again with {@code --remove}; bad lines refused with exit 2.
 */
class DbPasswordTest {

	private static final String VAR = "DEEPSTRESS_TEST_DB_SECRET";

	@Test
	void thePasswordIsKeptUnderTheStoresKeyAndForgottenAgain() throws Exception {
		String secret = System.getenv(VAR);
		assertNotNull(secret, VAR + " is set by the pom");
		String db = "records" + UUID.randomUUID().toString().substring(0, 8);
		String key = "records-db/alice@127.0.0.1:5433/" + db + "/password";
		SecretStore secrets = secrets();
		assertEquals(Optional.empty(), secrets.get(key));

		Cli.Result kept = Cli.run("db", "password", "postgresql://alice@127.0.0.1:5433/" + db, "--password-env", VAR);
		assertEquals(0, kept.code(), kept.err());
		assertEquals("kept the password of postgresql://alice@127.0.0.1:5433/" + db + " in Eclipse Secure Storage\n",
				kept.out());
		assertEquals(Optional.of(secret), secrets.get(key));
		assertFalse(kept.out().contains(secret) || kept.err().contains(secret), "never printed");

		// jdbc: form and the default port name the same database when it is 5432
		Cli.Result defaultPort = Cli.run("db", "password", "jdbc:postgresql://alice@127.0.0.1/" + db, "--password-env", VAR);
		assertEquals(0, defaultPort.code(), defaultPort.err());
		String defaultKey = "records-db/alice@127.0.0.1:5432/" + db + "/password";
		assertEquals(Optional.of(secret), secrets.get(defaultKey));

		Cli.Result removed = Cli.run("db", "password", "postgresql://alice@127.0.0.1:5433/" + db, "--remove");
		assertEquals(0, removed.code(), removed.err());
		assertEquals("forgot the password of postgresql://alice@127.0.0.1:5433/" + db + "\n", removed.out());
		assertEquals(Optional.empty(), secrets.get(key));
		assertEquals("no password was stored for postgresql://alice@127.0.0.1:5433/" + db + "\n",
				Cli.run("db", "password", "postgresql://alice@127.0.0.1:5433/" + db, "--remove").out());
		assertEquals(0, Cli.run("db", "password", "postgresql://alice@127.0.0.1/" + db, "--remove").code());
		assertEquals(Optional.empty(), secrets.get(defaultKey));
	}

	@Test
	void badLinesAreRefusedWithExitTwoAndStoreNothing() throws Exception {
		String[][] lines = { { "db", "password", "postgresql://alice:hunter2@127.0.0.1/x", "--password-env", VAR },
				{ "db", "password", "/var/lib/derby", "--password-env", VAR },
				{ "db", "password", "postgresql://alice@127.0.0.1/x" },
				{ "db", "password", "postgresql://alice@127.0.0.1/x", "--password-env", VAR, "--remove" },
				{ "db", "password", "postgresql://alice@127.0.0.1/x", "--password-env", "DEEPSTRESS_TEST_NOT_SET_" + 7 },
				{ "db" } };
		String[] messages = { "must not carry a password", "is not a PostgreSQL URL", "give --password-env VAR or --remove",
				"give --password-env VAR or --remove", "is not set or empty", "say what to do: password" };
		for (int i = 0; i < lines.length; i++) {
			Cli.Result r = Cli.run(lines[i]);
			assertEquals(2, r.code(), String.join(" ", lines[i]) + ": " + r.err());
			assertTrue(r.firstError().contains(messages[i]), String.join(" ", lines[i]) + ": " + r.err());
			assertFalse(r.err().contains("hunter2"), "a password in the URL is not repeated: " + r.err());
		}
		assertEquals(Optional.empty(), secrets().get("records-db/alice@127.0.0.1:5432/x/password"));
	}

	private static SecretStore secrets() throws InterruptedException {
		ServiceTracker<SecretStore, SecretStore> tracker = new ServiceTracker<>(
				FrameworkUtil.getBundle(DbPasswordTest.class).getBundleContext(), SecretStore.class, null);
		tracker.open();
		SecretStore s = tracker.waitForService(20_000);
		assertNotNull(s, "the secure bundle's SecretStore");
		return s;
	}
}
