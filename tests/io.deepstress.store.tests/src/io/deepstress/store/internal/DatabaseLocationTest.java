package io.deepstress.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.eclipse.core.runtime.preferences.InstanceScope;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

/** Where the database goes: -Ddeepstress.db, else the preference, else the instance location. */
class DatabaseLocationTest {

	@Test
	void thePreferenceMovesTheDatabaseAndTheSystemPropertyWins() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		String property = System.getProperty("deepstress.db");
		var node = InstanceScope.INSTANCE.getNode(Database.PREFERENCE_NODE);
		String name = "pref-db-" + UUID.randomUUID();
		try {
			System.clearProperty("deepstress.db");
			node.put(Database.PREFERENCE_LOCATION, name);
			Database db = new Database();
			db.activate(context);
			try {
				assertNull(db.problem(), db.problem());
				Path location = Path.of(db.location());
				assertEquals(name, location.getFileName().toString(), "a relative preference is under the instance location");
				assertTrue(Files.isDirectory(location.resolve("seg0")), "a Derby database was created there");
			} finally {
				db.close();
			}

			Path explicit = Path.of(System.getProperty("deepstress.test.dir"), "explicit-" + UUID.randomUUID());
			System.setProperty("deepstress.db", explicit.toString());
			Database wins = new Database();
			wins.activate(context);
			try {
				assertEquals(explicit.toAbsolutePath().toString(), wins.location());
			} finally {
				wins.close();
			}
		} finally {
			node.remove(Database.PREFERENCE_LOCATION);
			if (property == null) {
				System.clearProperty("deepstress.db");
			} else {
				System.setProperty("deepstress.db", property);
			}
		}
	}
}
