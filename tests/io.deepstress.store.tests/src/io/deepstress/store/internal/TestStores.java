package io.deepstress.store.internal;

import java.nio.file.Path;

import org.osgi.service.event.EventAdmin;

/**
 * Opens the store under test: embedded Derby in a test's directory, or, when the suite runs with
 * {@code -Ddeepstress.test.db=postgresql} (the pom's second surefire execution), a PostgreSQL database of its own on
 * the test server ({@link PostgresServer}), one per directory.
 */
final class TestStores {

	private TestStores() {
	}

	static boolean postgres() {
		return "postgresql".equals(System.getProperty("deepstress.test.db"));
	}

	/** The database of {@code dir} (the same one again when a test reopens it). */
	static Database open(Path dir, EventAdmin events) {
		if (!postgres()) {
			return Database.open(dir, events);
		}
		PostgresServer server = PostgresServer.get();
		return Database.open(server.urlFor(dir), server.password(), events);
	}

	/** A run store over {@link #open}, closing its database on close. */
	static DerbyRunStore runStore(Path dir, EventAdmin events) {
		return DerbyRunStore.over(open(dir, events), true);
	}

	/** Where the database's files are, for scans for secrets: the directory, or the PostgreSQL server's data. */
	static Path files(Path dir) {
		return postgres() ? PostgresServer.get().dataDirectory() : dir;
	}

	/** A benchmark's report file: {@code NAME.txt} on Derby, {@code NAME-postgresql.txt} on PostgreSQL. */
	static String reportName(String name) {
		return name + (postgres() ? "-postgresql" : "") + ".txt";
	}

	/** A benchmark's report with a first line naming the database it measured. */
	static String described(String report) {
		return (postgres() ? "database: PostgreSQL (Debian's server on 127.0.0.1, test settings)"
				: "database: embedded Derby") + System.lineSeparator() + report;
	}

	/**
	 * A database file's bytes; none for a file that went away since it was listed (a running PostgreSQL server
	 * replaces its cache and temporary files while a test reads its data directory).
	 */
	static byte[] bytes(Path file) throws java.io.IOException {
		try {
			return java.nio.file.Files.readAllBytes(file);
		} catch (java.nio.file.NoSuchFileException gone) {
			return new byte[0];
		}
	}
}
