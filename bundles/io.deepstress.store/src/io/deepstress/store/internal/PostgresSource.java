package io.deepstress.store.internal;

import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

import io.deepstress.core.services.SecretStore;

/**
 * Connections to a PostgreSQL records database: PostgreSQL's own data source (a DataSource, not a JDBC URL, as for
 * Derby: EclipseLink's bundle cannot see the driver through DriverManager), batched inserts rewritten into
 * multi-row statements (the sample inserts' speed), bounded connect and login times so that a server that is down
 * fails fast. The password comes from {@code DEEPSTRESS_DB_PASSWORD} or secure storage ({@link StoreUrl#secretKey})
 * and stays in the data source only: never logged, never in a message, never in the database.
 */
final class PostgresSource {

	static final String PASSWORD_ENV = "DEEPSTRESS_DB_PASSWORD";
	/** Seconds to wait for a connection or a login. */
	static final int CONNECT_SECONDS = Integer.getInteger("deepstress.db.connectSeconds", 10);

	private PostgresSource() {
	}

	/** How long a write waits for a connection before it fails (and its results wait for the next try). */
	static final long POOL_WAIT_MILLIS = Long.getLong("deepstress.db.poolWaitMillis", 5000);

	/** Connections for the store's own use: at most {@value #POOL_SIZE}, idle ones kept for reuse. */
	static final int POOL_SIZE = 6;

	/**
	 * A pool over {@code direct} (a login per transaction would cost more than the transaction); a connection that
	 * cannot be had in {@link #POOL_WAIT_MILLIS} fails the write, which the recorders then retry.
	 */
	static com.zaxxer.hikari.HikariDataSource pooled(DataSource direct, StoreUrl url) {
		com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
		config.setDataSource(direct);
		config.setPoolName("deepstress-records " + url.hostAndPort());
		config.setMaximumPoolSize(POOL_SIZE);
		config.setMinimumIdle(1);
		config.setIdleTimeout(120_000);
		config.setConnectionTimeout(POOL_WAIT_MILLIS);
		config.setInitializationFailTimeout(-1); // the direct probe at open says what is wrong, not the pool
		return new com.zaxxer.hikari.HikariDataSource(config);
	}

	/** A data source that logs in for every connection (to probe the server at open, with its exact failure). */
	static DataSource dataSource(StoreUrl url, String password) {
		PGSimpleDataSource ds = new PGSimpleDataSource();
		ds.setServerNames(new String[] { url.host() });
		ds.setPortNumbers(new int[] { url.port() });
		ds.setDatabaseName(url.database());
		ds.setUser(url.user());
		if (password != null) {
			ds.setPassword(password);
		}
		ds.setApplicationName("DeepStress");
		ds.setConnectTimeout(CONNECT_SECONDS);
		ds.setLoginTimeout(CONNECT_SECONDS);
		ds.setTcpKeepAlive(true);
		ds.setGssEncMode("disable"); // no Kerberos probe before each connection
		ds.setReWriteBatchedInserts(true);
		return ds;
	}

	/** The password: {@code DEEPSTRESS_DB_PASSWORD} when set, else the secret under the URL's key, else none. */
	static String password(StoreUrl url, SecretStore secrets) {
		String env = System.getenv(PASSWORD_ENV);
		if (env != null && !env.isEmpty()) {
			return env;
		}
		if (secrets == null) {
			return null;
		}
		try {
			Optional<String> stored = secrets.get(url.secretKey());
			return stored.orElse(null);
		} catch (RuntimeException e) {
			return null; // secure storage unusable: the server says whether it needs a password
		}
	}

	/** What a user is told when the PostgreSQL records database cannot be opened (no password, no stack trace). */
	static String describe(Throwable e, StoreUrl url) {
		SQLException sql = first(e);
		String state = sql == null ? null : sql.getSQLState();
		String where = "The records database " + url;
		String keep = " Nothing was changed or deleted; records will not be saved until it is fixed.";
		if ("28P01".equals(state) || "28000".equals(state)) {
			return where + " refused user '" + url.user() + "': wrong password or user (the password comes from "
					+ PASSWORD_ENV + " or secure storage key '" + url.secretKey() + "')." + keep;
		}
		if ("08004".equals(state) && String.valueOf(sql.getMessage()).contains("password")) {
			return where + " asks for a password and none is set: set " + PASSWORD_ENV + " or store it in secure"
					+ " storage under '" + url.secretKey() + "'." + keep;
		}
		if ("3D000".equals(state)) {
			return where + " does not exist on the server at " + url.hostAndPort() + ": create it (createdb "
					+ url.database() + ") or point -Ddeepstress.db at another database." + keep;
		}
		if (state != null && state.startsWith("08")) {
			return "The records database server at " + url.hostAndPort() + " cannot be reached (" + url
					+ "): " + sentence(sql.getMessage()) + keep;
		}
		String message = sql != null ? sql.getMessage() : e.getMessage() != null ? e.getMessage() : e.toString();
		return where + " cannot be opened: " + sentence(message) + keep;
	}

	/** A driver's message as one sentence: ending in exactly one full stop. */
	private static String sentence(String message) {
		String m = String.valueOf(message).strip();
		return m.endsWith(".") ? m : m + ".";
	}

	/** The innermost SQL exception of a cause chain (EclipseLink wraps the driver's), or null. */
	static SQLException first(Throwable e) {
		SQLException found = null;
		for (int depth = 0; e != null && depth < 30; depth++) {
			if (e instanceof SQLException s) {
				found = s;
			}
			e = e.getCause() == e ? null : e.getCause();
		}
		return found;
	}
}
