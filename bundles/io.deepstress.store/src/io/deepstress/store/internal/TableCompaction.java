package io.deepstress.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Derby (or PostgreSQL) maintenance on one table. */
final class TableCompaction {

	private TableCompaction() {
	}

	/**
	 * Rewrites a table's pages (Derby's SYSCS_COMPRESS_TABLE) and checkpoints, so that values overwritten in it
	 * (a secret an older version stored) no longer sit in the database files.
	 */
	static void compress(Database db, String table) {
		if (db.isPostgres()) {
			vacuum(db, table);
			return;
		}
		db.inTransaction(em -> {
			em.flush(); // the transaction's connection
			Connection c = em.unwrap(Connection.class);
			try (java.sql.CallableStatement cs = c.prepareCall("CALL SYSCS_UTIL.SYSCS_COMPRESS_TABLE('APP', ?, 1)")) {
				cs.setString(1, table);
				cs.execute();
			} catch (SQLException e) {
				throw new jakarta.persistence.PersistenceException("compressing " + table + " failed: " + e.getMessage(), e);
			}
			return null;
		});
		db.inTransaction(em -> {
			em.flush();
			try (Statement st = em.unwrap(Connection.class).createStatement()) {
				st.execute("CALL SYSCS_UTIL.SYSCS_CHECKPOINT_DATABASE()");
			} catch (SQLException e) {
				throw new jakarta.persistence.PersistenceException("checkpoint failed: " + e.getMessage(), e);
			}
			return null;
		});
	}

	/** PostgreSQL's form: VACUUM FULL rewrites the table (outside a transaction, so on a connection of its own). */
	private static void vacuum(Database db, String table) {
		try (Connection c = db.connection(); Statement st = c.createStatement()) {
			c.setAutoCommit(true);
			st.execute("VACUUM FULL " + table);
		} catch (SQLException e) {
			throw new jakarta.persistence.PersistenceException("compressing " + table + " failed: " + e.getMessage(), e);
		}
	}
}
