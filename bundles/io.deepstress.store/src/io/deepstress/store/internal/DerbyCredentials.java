package io.deepstress.store.internal;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The credentials of this JVM's Derby engine. A records database served to other processes must not be open to
 * everybody on the machine, so Derby's BUILTIN authentication is switched on (system properties, read when a
 * database boots) with one user, {@code APP} (the schema the tables live in), and a password generated at random
 * for this JVM. The serving process writes them to the server file (mode 0600, see {@link ServerFile}); the other
 * processes read them there. They never go into the database, a log or an event.
 * <p>
 * Derby's engine is one per JVM and so are its system properties: this is JVM-wide state on purpose.
 */
final class DerbyCredentials {

	static final String USER = "APP";
	private static final String PASSWORD = generate();
	private static volatile boolean installed;

	private DerbyCredentials() {
	}

	private static String generate() {
		byte[] bytes = new byte[24];
		new SecureRandom().nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

	/** Switches Derby's authentication on for this JVM, before the first database boots; idempotent. */
	static synchronized void install() {
		if (installed) {
			return;
		}
		System.setProperty("derby.connection.requireAuthentication", "true");
		System.setProperty("derby.authentication.provider", "BUILTIN");
		System.setProperty("derby.user." + USER, PASSWORD);
		installed = true;
	}

	static String password() {
		return PASSWORD;
	}

	/** Connection properties for this JVM's own (embedded) connections and shutdowns. */
	static Properties properties() {
		install();
		Properties p = new Properties();
		p.setProperty("user", USER);
		p.setProperty("password", PASSWORD);
		return p;
	}

	/** An embedded data source of this JVM for {@code dir}, created if missing. */
	static org.apache.derby.jdbc.EmbeddedDataSource embedded(java.nio.file.Path dir) {
		install();
		org.apache.derby.jdbc.EmbeddedDataSource ds = new org.apache.derby.jdbc.EmbeddedDataSource();
		ds.setDatabaseName(dir.toString());
		ds.setCreateDatabase("create");
		ds.setUser(USER);
		ds.setPassword(PASSWORD);
		return ds;
	}

	/** Shuts the embedded database in {@code dir} down (Derby answers a clean shutdown with SQLState 08006). */
	static void shutdown(java.nio.file.Path dir) {
		try {
			new org.apache.derby.jdbc.EmbeddedDriver().connect("jdbc:derby:" + dir + ";shutdown=true", properties());
		} catch (java.sql.SQLException expected) {
			// 08006: shut down (or it was not booted)
		}
	}
}
