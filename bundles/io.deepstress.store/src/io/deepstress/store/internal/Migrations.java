package io.deepstress.store.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import io.deepstress.core.model.Endpoint;
import jakarta.persistence.EntityManager;

/**
 * Schema versions and the steps between them. EclipseLink ({@code create-or-extend-tables}) creates
 * missing tables and adds missing columns; what it cannot do is done here: filling new columns of old
 * rows, seeding, and unique indexes (declared as JPA unique constraints EclipseLink would try to add them
 * again at every start).
 * <ol>
 * <li>runs, dataset rows, request samples, GPU samples, GPU hosts (DeepStress 0.1.0, first session)</li>
 * <li>saved endpoints, datasets with prompts, test configurations; runs get endpoint name, configuration
 * name, batch id and a TTFT p50 column for sorting (filled from the stored percentiles); the built-in
 * simulator endpoint is seeded</li>
 * </ol>
 */
final class Migrations {

	static final int LATEST = 2;

	/** Unique indexes: name, table, column. */
	private static final List<String[]> UNIQUE = List.of(
			new String[] { "MODEL_ENDPOINT_NAME_KEY", "MODEL_ENDPOINT", "NAME_KEY" },
			new String[] { "DATASET_NAME_KEY", "DATASET", "NAME_KEY" },
			new String[] { "TEST_CONFIG_NAME_KEY", "TEST_CONFIG", "NAME_KEY" });

	private Migrations() {
	}

	/** The schema version stored in the database; 0 for a new (empty) database. */
	static int storedVersion(Connection c) throws SQLException {
		if (!tableExists(c, "SCHEMA_VERSION")) {
			// every schema wrote its version with its first tables; tables without it are not ours
			if (tableExists(c, "TEST_RUN")) {
				throw new SQLException("the database has DeepStress tables but no schema version");
			}
			return 0;
		}
		return Database.queryInt(c, "SELECT VERSION FROM SCHEMA_VERSION WHERE ID = 1");
	}

	private static boolean tableExists(Connection c, String table) throws SQLException {
		DatabaseMetaData meta = c.getMetaData();
		try (ResultSet rs = meta.getTables(null, null, table, new String[] { "TABLE" })) {
			return rs.next();
		}
	}

	/**
	 * Brings the data from schema {@code from} to {@link #LATEST}, in the caller's transaction, after
	 * EclipseLink has added the new tables and columns.
	 */
	static void upgrade(EntityManager em, int from) {
		if (from < 2) {
			if (from == 1) {
				// sortable TTFT p50 of runs stored before it had a column
				List<RunEntity> runs = em.createQuery("SELECT r FROM RunEntity r WHERE r.ttftP50Millis IS NULL",
						RunEntity.class).getResultList();
				for (RunEntity run : runs) {
					run.ttftP50Millis = Mapping.ttftP50(run.latencyJson);
				}
			}
			seedBuiltinSimulator(em);
		}
	}

	/** Every installation starts with the built-in simulator as an endpoint (a user may remove it later). */
	private static void seedBuiltinSimulator(EntityManager em) {
		Endpoint builtin = Endpoint.builtinSimulator();
		if (em.find(EndpointEntity.class, builtin.id()) == null) {
			EndpointEntity e = new EndpointEntity();
			ConfigurationMapping.into(builtin, e);
			em.persist(e);
		}
	}

	/** Creates the unique indexes that are missing (after the tables exist). */
	static void ensureIndexes(Connection c) throws SQLException {
		for (String[] index : UNIQUE) {
			if (Database.queryInt(c, "SELECT COUNT(*) FROM SYS.SYSCONGLOMERATES WHERE CONGLOMERATENAME = '" + index[0]
					+ "'") == 0) {
				try (Statement s = c.createStatement()) {
					s.executeUpdate("CREATE UNIQUE INDEX " + index[0] + " ON " + index[1] + " (" + index[2] + ")");
				}
			}
		}
	}
}
