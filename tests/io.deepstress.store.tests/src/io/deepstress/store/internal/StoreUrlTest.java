package io.deepstress.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Where the records are: a PostgreSQL URL or a Derby directory, as -Ddeepstress.db or the preference gives it. */
class StoreUrlTest {

	@Test
	void aPostgresqlUrlNamesHostPortDatabaseAndUser() {
		StoreUrl url = StoreUrl.parsePostgres("postgresql://bench@db.lab:6543/records", "fallback");
		assertTrue(url.isPostgres());
		assertEquals("db.lab", url.host());
		assertEquals(6543, url.port());
		assertEquals("records", url.database());
		assertEquals("bench", url.user());
		assertEquals("postgresql://bench@db.lab:6543/records", url.toString());
		assertEquals("db.lab:6543", url.hostAndPort());
		assertEquals("records-db/bench@db.lab:6543/records/password", url.secretKey());
	}

	@Test
	void thePortDefaultsTo5432AndTheUserToTheGivenOne() {
		StoreUrl url = StoreUrl.parsePostgres("  jdbc:postgresql://10.0.0.7/team  ", "alice");
		assertEquals(5432, url.port());
		assertEquals("alice", url.user());
		assertEquals("10.0.0.7", url.host());
		assertEquals(StoreUrl.Kind.POSTGRESQL, StoreUrl.parsePostgres("postgres://h/d", "u").kind());
	}

	@Test
	void whatIsNotAUsableUrlIsRefusedWithAMessageAndAPasswordNeverPasses() {
		IllegalArgumentException noDb = assertThrows(IllegalArgumentException.class,
				() -> StoreUrl.parsePostgres("postgresql://host:5432/", "u"));
		assertTrue(noDb.getMessage().contains("names no database"), noDb.getMessage());
		IllegalArgumentException noHost = assertThrows(IllegalArgumentException.class,
				() -> StoreUrl.parsePostgres("postgresql:///records", "u"));
		assertTrue(noHost.getMessage().contains("names no host"), noHost.getMessage());
		IllegalArgumentException withPassword = assertThrows(IllegalArgumentException.class,
				() -> StoreUrl.parsePostgres("postgresql://bob:hunter2-secret@host/records", "u"));
		assertTrue(withPassword.getMessage().contains("must not carry a password"), withPassword.getMessage());
		assertFalse(withPassword.getMessage().contains("hunter2-secret"), "the password is not repeated");
		assertTrue(withPassword.getMessage().contains("postgresql://bob@host/records"), withPassword.getMessage());
	}

	@Test
	void onlyUrlsArePostgresAndTheSystemPropertyWinsOverThePreference() {
		assertTrue(StoreUrl.isPostgres("postgresql://h/d"));
		assertTrue(StoreUrl.isPostgres("JDBC:PostgreSQL://h/d"));
		assertFalse(StoreUrl.isPostgres("/home/me/deepstress-db"));
		assertFalse(StoreUrl.isPostgres("postgresql-records"));
		String before = System.getProperty("deepstress.db");
		try {
			System.setProperty("deepstress.db", "postgresql://u@127.0.0.1:1/d");
			assertEquals("postgresql://u@127.0.0.1:1/d", StoreLocations.remote());
			System.setProperty("deepstress.db", "/tmp/a-derby-dir");
			assertNull(StoreLocations.remote(), "a directory is Derby's");
		} finally {
			if (before == null) {
				System.clearProperty("deepstress.db");
			} else {
				System.setProperty("deepstress.db", before);
			}
		}
	}
}
