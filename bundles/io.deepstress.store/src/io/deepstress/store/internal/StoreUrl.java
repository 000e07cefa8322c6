package io.deepstress.store.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the records are: an embedded Derby database in a directory (the default), or a PostgreSQL database
 * named {@code postgresql://[USER@]HOST[:PORT]/DB} (the value of {@code -Ddeepstress.db} or of the
 * {@code database.location} preference). The user comes from the URL, else {@code -Ddeepstress.db.user}, else
 * {@code DEEPSTRESS_DB_USER}, else the operating-system user (PostgreSQL's own default). A password is never
 * part of it: it comes from secure storage or {@code DEEPSTRESS_DB_PASSWORD} ({@link PostgresSource#password}).
 */
public record StoreUrl(Kind kind, Path directory, String host, int port, String database, String user) {

	public enum Kind {
		DERBY, POSTGRESQL
	}

	static final int DEFAULT_PORT = 5432;
	static final String SCHEME = "postgresql://";

	/** An embedded Derby database in {@code dir}. */
	static StoreUrl derby(Path dir) {
		return new StoreUrl(Kind.DERBY, dir.toAbsolutePath(), null, 0, null, null);
	}

	static StoreUrl postgres(String host, int port, String database, String user) {
		return new StoreUrl(Kind.POSTGRESQL, null, host, port, database, user);
	}

	/** Whether a location names a PostgreSQL database rather than a directory. */
	static boolean isPostgres(String location) {
		String l = location.strip().toLowerCase(Locale.ROOT);
		return l.startsWith(SCHEME) || l.startsWith("jdbc:" + SCHEME) || l.startsWith("postgres://");
	}

	/**
	 * Parses {@code postgresql://[USER@]HOST[:PORT]/DB} ({@code jdbc:postgresql://} and {@code postgres://} too).
	 *
	 * @param defaultUser the user when the URL names none
	 * @throws IllegalArgumentException with a message for a user when the value is not such a URL, or carries a
	 *         password
	 */
	public static StoreUrl parsePostgres(String location, String defaultUser) {
		String value = location.strip();
		if (value.regionMatches(true, 0, "jdbc:", 0, 5)) {
			value = value.substring(5);
		}
		URI uri;
		try {
			uri = new URI(value);
		} catch (URISyntaxException e) {
			throw new IllegalArgumentException(bad(location, "it is not a URL (" + e.getReason() + ")"));
		}
		String host = uri.getHost();
		if (host == null || host.isBlank()) {
			throw new IllegalArgumentException(bad(location, "it names no host"));
		}
		String path = uri.getPath() == null ? "" : uri.getPath();
		String database = path.startsWith("/") ? path.substring(1) : path;
		if (database.isBlank() || database.contains("/")) {
			throw new IllegalArgumentException(bad(location, "it names no database (postgresql://HOST:PORT/DB)"));
		}
		String user = uri.getUserInfo();
		if (user != null && user.contains(":")) {
			throw new IllegalArgumentException("The records database URL must not carry a password: put it in secure"
					+ " storage or DEEPSTRESS_DB_PASSWORD, and write the URL as postgresql://"
					+ (user.indexOf(':') > 0 ? user.substring(0, user.indexOf(':')) : "USER") + "@" + host
					+ (uri.getPort() > 0 ? ":" + uri.getPort() : "") + "/" + database + ".");
		}
		if (user == null || user.isBlank()) {
			user = defaultUser;
		}
		return postgres(host, uri.getPort() > 0 ? uri.getPort() : DEFAULT_PORT, database, user);
	}

	private static String bad(String location, String why) {
		return "The records database location '" + location + "' is not a PostgreSQL URL: " + why + ".";
	}

	/** The user when the URL names none: {@code -Ddeepstress.db.user}, {@code DEEPSTRESS_DB_USER}, the OS user. */
	public static String defaultUser() {
		String user = System.getProperty("deepstress.db.user");
		if (user == null || user.isBlank()) {
			user = System.getenv("DEEPSTRESS_DB_USER");
		}
		if (user == null || user.isBlank()) {
			user = System.getProperty("user.name");
		}
		return user.strip();
	}

	boolean isPostgres() {
		return kind == Kind.POSTGRESQL;
	}

	/** {@code HOST:PORT}, for messages. */
	String hostAndPort() {
		return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
	}

	/** For messages and {@code location()}: the directory, or {@code postgresql://USER@HOST:PORT/DB} (no password). */
	@Override
	public String toString() {
		return isPostgres() ? SCHEME + user + "@" + hostAndPort() + "/" + database : String.valueOf(directory);
	}

	/** The secure-storage key of this database's password (beside the other secrets: one per user and database). */
	public String secretKey() {
		return "records-db/" + user + "@" + hostAndPort() + "/" + database + "/password";
	}
}
