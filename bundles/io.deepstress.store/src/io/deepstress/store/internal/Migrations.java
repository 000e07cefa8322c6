package io.deepstress.store.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * <li>GPU host names unique ignoring case through a unique index on {@code GPU_HOST.NAME_KEY} (instead of the
 * plain index {@code GPU_HOST_NAME} and a check on save); keys recomputed, and hosts that share a name (only
 * possible through two saves at once) renamed "NAME (2)", "NAME (3)", ...</li>
 * <li>test configurations can be sweeps: {@code TEST_CONFIG.SWEEP_LEVELS} (added by EclipseLink; null in the rows
 * of older schemas, which is "no sweep", so nothing to fill)</li>
 * <li>request samples keep the traffic a request carried: {@code INPUT_TOKENS_SENT}, {@code OUTPUT_TOKENS_ASKED},
 * {@code TURN}, {@code CONVERSATION_ID} (added by EclipseLink; null in older rows, which is "not known", so
 * nothing to fill)</li>
 * <li>saved prompts keep a conversation's later user turns and their token lengths: {@code PROMPT.FOLLOW_UPS},
 * {@code PROMPT.INPUT_TOKENS}, {@code PROMPT.OUTPUT_TOKENS} (added by EclipseLink; null in older rows, which is
 * "single turn, lengths not known", so nothing to fill)</li>
 * <li>runs keep their SLO result, {@code TEST_RUN.SLO_JSON}, and configurations their SLO, {@code TEST_CONFIG.SLO_EXPR}
 * (added by EclipseLink; null in older rows: no SLO, nothing to fill)</li>
 * <li>baselines: one run per configuration (or run name) in {@code RUN_BASELINE} (a new table, added by EclipseLink;
 * older schemas had none, so nothing to fill)</li>
 * <li>runs can have a client timeline and server series: table {@code RUN_TIMELINE} (created by EclipseLink; older
 * runs have no row, which is "no timeline", so nothing to fill)</li>
 * <li>test configurations can replay a trace: {@code TEST_CONFIG.TRACE_FILE}, {@code TRACE_SPEED}, {@code TRACE_START_S},
 * {@code TRACE_TOKENIZER}, {@code TRACE_SEED} (added by EclipseLink; null in older rows: no trace, nothing to fill)</li>
 * <li>runs keep the fidelity watchdog's report, {@code TEST_RUN.CLIENT_HEALTH_JSON} (added by EclipseLink; null in
 * older rows: not measured, nothing to fill)</li>
 * <li>capacity searches are kept with their batches: table {@code CAPACITY_SEARCH} (created by EclipseLink; batches
 * of older schemas have no row, which is "not a stored search", so nothing to fill); runs keep the live saturation
 * test's verdict, {@code TEST_RUN.SATURATION_JSON} (added by EclipseLink; null in older rows: not recorded, a report
 * replays the test on the samples)</li>
 * <li>runs carry a lease, {@code TEST_RUN.LEASE_OWNER} and {@code TEST_RUN.LEASE_UNTIL} (added by EclipseLink; null
 * in older rows, which reads as "expired": a run of an older schema left running is marked interrupted as before)</li>
 * <li>runs keep their latency histograms, table {@code RUN_HISTOGRAM}, and agent runs of a batch their shard and
 * clock offset, table {@code RUN_AGENT} (both created by EclipseLink; older runs have no rows: no histograms, not an
 * agent, so nothing to fill)</li>
 * <li>request samples keep their HTTP timing breakdown: {@code HTTP_REUSED}, {@code HTTP_QUEUED_US},
 * {@code HTTP_CONNECT_US}, {@code HTTP_TLS_US}, {@code HTTP_HEADERS_US}, {@code HTTP_FIRST_BYTE_US},
 * {@code HTTP_FIRST_CONTENT_US} (added by EclipseLink; null in older rows: not timed, nothing to fill)</li>
 * </ol>
 */
final class Migrations {

	static final int LATEST = 15;

	private static final System.Logger LOG = System.getLogger(Migrations.class.getName());

	/** Unique indexes: name, table, column. */
	private static final List<String[]> UNIQUE = List.of(
			new String[] { "MODEL_ENDPOINT_NAME_KEY", "MODEL_ENDPOINT", "NAME_KEY" },
			new String[] { "DATASET_NAME_KEY", "DATASET", "NAME_KEY" },
			new String[] { "TEST_CONFIG_NAME_KEY", "TEST_CONFIG", "NAME_KEY" },
			new String[] { "GPU_HOST_NAME_KEY", "GPU_HOST", "NAME_KEY" });

	/** Indexes of older schemas that a unique index above replaces: name, table. */
	private static final List<String[]> REPLACED = List.<String[]>of(new String[] { "GPU_HOST_NAME", "GPU_HOST" });

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
		try (ResultSet rs = meta.getTables(null, null, stored(meta, table), new String[] { "TABLE" })) {
			return rs.next();
		}
	}

	/**
	 * A name as the database keeps unquoted identifiers: Derby in upper case, PostgreSQL in lower case (the SQL here
	 * and EclipseLink's never quote them, so both databases take the same statements).
	 */
	private static String stored(DatabaseMetaData meta, String name) throws SQLException {
		return meta.storesLowerCaseIdentifiers() ? name.toLowerCase(java.util.Locale.ROOT)
				: meta.storesUpperCaseIdentifiers() ? name.toUpperCase(java.util.Locale.ROOT) : name;
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
		if (from >= 1 && from < 3) {
			uniqueGpuHostNames(em);
		}
	}

	/**
	 * Makes GPU host names unique ignoring case before the unique index is created: recomputes every key as a
	 * save does, and renames all but one host of each name to the first free "NAME (n)", n = 2, 3, ... The
	 * table has no creation time, so the host with the smallest id keeps its name: the same choice at every
	 * attempt. The id, and with it the host's secret in secure storage, stays.
	 */
	static void uniqueGpuHostNames(EntityManager em) {
		List<GpuHostEntity> hosts = em.createQuery("SELECT h FROM GpuHostEntity h ORDER BY h.id", GpuHostEntity.class)
				.getResultList();
		Map<String, List<GpuHostEntity>> byKey = new LinkedHashMap<>();
		for (GpuHostEntity host : hosts) {
			if (host.name == null || host.name.isBlank()) {
				host.name = host.id;
			}
			host.nameKey = NamedEntity.key(host.name);
			byKey.computeIfAbsent(host.nameKey, k -> new ArrayList<>()).add(host);
		}
		Set<String> taken = new HashSet<>(byKey.keySet());
		for (List<GpuHostEntity> same : byKey.values()) {
			for (GpuHostEntity host : same.subList(1, same.size())) {
				String old = host.name;
				String renamed;
				int n = 2;
				do {
					renamed = numbered(old, n++);
				} while (!taken.add(NamedEntity.key(renamed)));
				host.name = renamed;
				host.nameKey = NamedEntity.key(renamed);
				LOG.log(System.Logger.Level.WARNING, "GPU host '" + old + "' (id " + host.id + ") renamed to '" + renamed
						+ "': host " + same.get(0).id + " has the same name, and names are unique from schema 3 on");
			}
		}
	}

	/** {@code name} with " (n)", shortened to fit the NAME column. */
	private static String numbered(String name, int n) {
		String suffix = " (" + n + ")";
		String base = name.strip();
		int room = 200 - suffix.length();
		return (base.length() > room ? base.substring(0, room) : base) + suffix;
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

	/** Creates the unique indexes that are missing and drops the ones they replace (after the tables exist). */
	static void ensureIndexes(Connection c) throws SQLException {
		for (String[] index : UNIQUE) {
			if (!indexExists(c, index[1], index[0])) {
				try (Statement s = c.createStatement()) {
					s.executeUpdate("CREATE UNIQUE INDEX " + index[0] + " ON " + index[1] + " (" + index[2] + ")");
				}
			}
		}
		for (String[] index : REPLACED) {
			if (indexExists(c, index[1], index[0])) {
				try (Statement s = c.createStatement()) {
					s.executeUpdate("DROP INDEX " + index[0]);
				}
			}
		}
	}

	/** Whether {@code table} has an index {@code name}, through JDBC's metadata (one form for Derby and PostgreSQL). */
	private static boolean indexExists(Connection c, String table, String name) throws SQLException {
		DatabaseMetaData meta = c.getMetaData();
		try (ResultSet rs = meta.getIndexInfo(null, null, stored(meta, table), false, true)) {
			while (rs.next()) {
				if (name.equalsIgnoreCase(rs.getString("INDEX_NAME"))) {
					return true;
				}
			}
			return false;
		}
	}
}
