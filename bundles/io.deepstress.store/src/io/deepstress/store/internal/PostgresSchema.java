package io.deepstress.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/**
 * The PostgreSQL form of what EclipseLink's DDL gets wrong there. EclipseLink 4.0.9 writes an identity column for
 * PostgreSQL as {@code BIGINT SERIAL} (its PostgreSQL platform's override of the type printing no longer matches the
 * method the schema code calls), which PostgreSQL rejects; so the one table with a generated id,
 * {@code REQUEST_SAMPLE}, is created here with a {@code BIGSERIAL} key first, and EclipseLink's
 * {@code create-or-extend-tables} adds its other columns. The same statements on a database that has the table are
 * no-ops, so an existing database is left as it is.
 */
final class PostgresSchema {

	private PostgresSchema() {
	}

	/** Before EclipseLink creates or extends the tables. */
	static void beforeTables(DataSource source) throws SQLException {
		try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE IF NOT EXISTS REQUEST_SAMPLE (ID BIGSERIAL PRIMARY KEY)");
		}
	}

	/** After: the index EclipseLink declares for the table but does not create on a table that already exists. */
	static void afterTables(Connection c) throws SQLException {
		try (Statement s = c.createStatement()) {
			s.execute("CREATE INDEX IF NOT EXISTS REQUEST_SAMPLE_RUN_LOD ON REQUEST_SAMPLE (RUN_ID, LOD, SEQ)");
		}
	}
}
