package io.deepstress.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Endpoint;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.model.TestConfiguration;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RunOrigin;
import io.deepstress.core.run.RunRecord;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.RunQuery;

/**
 * Opening a database written at schema 1 (resources/schema-v1.zip, made by DeepStress 0.1.0's CLI: see
 * schema-v1.txt) upgrades it to the current schema keeping every run, sample, GPU sample and host; GPU host
 * names that schema 1 let through twice are renamed, not refused.
 */
class SchemaUpgradeTest {

	private final Path dir = Path.of(System.getProperty("deepstress.test.dir"), UUID.randomUUID().toString());

	private Path unpackV1() throws IOException {
		Path zip = Path.of(System.getProperty("deepstress.test.resources"), "schema-v1.zip");
		try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
			for (ZipEntry e; (e = entries.getNextEntry()) != null;) {
				Path target = dir.resolve(e.getName()).normalize();
				assertTrue(target.startsWith(dir), e.getName());
				if (e.isDirectory()) {
					Files.createDirectories(target);
				} else {
					Files.createDirectories(target.getParent());
					Files.copy(entries, target);
				}
			}
		}
		return dir.resolve("deepstress-db");
	}

	@Test
	void aSchemaOneDatabaseIsUpgradedKeepingItsData() throws Exception {
		Path db = unpackV1();
		Database database = Database.open(db, null);
		try {
			assertEquals(null, database.problem());
			assertEquals(1, database.openedVersion());
			DerbyRunStore runs = DerbyRunStore.over(database, false);
			DerbyConfigurationStore configs = DerbyConfigurationStore.over(database);
			assertEquals(Migrations.LATEST, database.read(em -> em.find(SchemaVersionEntity.class, 1).version));

			Map<String, RunSummary> byName = runs.list(RunQuery.all(100)).stream().map(RunRecord::summary)
					.collect(Collectors.toMap(RunSummary::name, Function.identity()));
			assertEquals(4, byName.size(), byName.keySet().toString());
			RunSummary closed = byName.get("v1 closed run");
			assertEquals(RunStatus.COMPLETED, closed.status());
			assertEquals(12, closed.total());
			assertEquals(12, closed.succeeded());
			assertEquals(12 * 16, closed.outputTokens());
			assertEquals(2, closed.concurrency());
			RunSummary closedDetail = runs.find(closed.runId()).orElseThrow();
			assertEquals(1, closedDetail.datasets().size(), "per-dataset row kept");
			assertEquals(12, closedDetail.datasets().get(0).total());
			assertTrue(closedDetail.ttft().p50() > 0 && closedDetail.ttft().p99() >= closedDetail.ttft().p50());
			assertEquals(12, runs.samples(closed.runId()).size());
			assertTrue(runs.gpuSamples(closed.runId()).size() >= 2, "GPU samples kept");

			RunSummary open = byName.get("v1 open run");
			assertEquals(20, open.total());
			assertEquals(20.0, open.targetRate(), 1e-9);
			assertEquals(20, runs.samples(open.runId()).size());

			RunSummary killed = byName.get("v1 killed run");
			assertEquals(RunStatus.INTERRUPTED, killed.status());
			assertEquals(killed.attempts(), runs.samples(killed.runId()).size(), "every synced sample kept");
			RunSummary running = byName.get("v1 running at kill");
			assertEquals(RunStatus.INTERRUPTED, running.status(), "left running in the file: interrupted on open");
			assertTrue(running.attempts() > 0);
			assertEquals(running.attempts(), runs.samples(running.runId()).size());

			// new columns: origin unknown for old runs, TTFT p50 filled from the stored percentiles
			RunRecord record = runs.record(closed.runId()).orElseThrow();
			assertEquals(RunOrigin.NONE, record.origin());
			assertEquals("0.1.0", record.appVersion().substring(0, 5));
			List<RunSummary> byTtft = runs.list(RunQuery.all(10).withStatus(RunStatus.COMPLETED)
					.sortedBy(RunQuery.Sort.TTFT_P50, false)).stream().map(RunRecord::summary).toList();
			assertEquals(2, byTtft.size());
			assertTrue(byTtft.get(0).ttft().p50() <= byTtft.get(1).ttft().p50(), "sorted by the backfilled column");
			Double column = database.read(em -> em.find(RunEntity.class, closed.runId()).ttftP50Millis);
			assertNotNull(column);
			assertEquals(closedDetail.ttft().p50(), column, 1e-9);
			assertEquals(2, runs.count(RunQuery.all(10).withEndpoint(record.endpointUrl())),
					"old runs are found by their URL");

			List<GpuHost> hosts = DerbyGpuHostRegistry.over(database).hosts();
			assertEquals(1, hosts.size());
			assertEquals("Local smi", hosts.get(0).name());
			assertEquals(List.of(Endpoint.builtinSimulator()), configs.list(), "the built-in simulator seeded");

			// schema 3: GPU host names unique through an index, the plain schema-1 index gone
			assertEquals(Set.of("GPU_HOST_NAME_KEY"), uniqueIndexesOnNameKey(db));
			assertFalse(indexes(db).contains("GPU_HOST_NAME"), indexes(db).toString());
			IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class,
					() -> DerbyGpuHostRegistry.over(database).save(new GpuHost(UUID.randomUUID().toString(), " LOCAL SMI ", GpuHost.Kind.LOCAL_SMI, null, 0,
							null, null, null, null)));
			assertEquals("A GPU host named 'LOCAL SMI' already exists", duplicate.getMessage());
			SQLException past = assertThrows(SQLException.class, () -> insertHost(db, "raw", "Local smi"));
			assertEquals("23505", past.getSQLState(), "the index refuses what the check in code would");
		} finally {
			database.close();
		}
		// a second open finds the current schema and changes nothing
		Database again = Database.open(db, null);
		try {
			assertEquals(Migrations.LATEST, again.openedVersion());
			assertEquals(4, DerbyRunStore.over(again, false).count());
			assertEquals(1, DerbyConfigurationStore.over(again).list().size());
			assertEquals(List.of("Local smi"), DerbyGpuHostRegistry.over(again).hosts().stream().map(GpuHost::name).toList());
		} finally {
			again.close();
		}
	}

	@Test
	void gpuHostsSharingANameAreRenamedDeterministicallyAndTheDatabaseOpens() throws Exception {
		Path db = unpackV1();
		// what two saves at once could leave in a schema-1 or -2 database (no unique index then)
		insertHost(db, "host-b", "lab BOX");
		insertHost(db, "host-a", "Lab box");
		insertHost(db, "host-c", "Lab box (2)");
		insertHost(db, "host-d", " Lab Box ");
		List<String> logged = Collections.synchronizedList(new ArrayList<>());
		Logger log = Logger.getLogger(Migrations.class.getName());
		Handler capture = new Handler() {
			@Override
			public void publish(LogRecord r) {
				logged.add(r.getMessage());
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}
		};
		log.addHandler(capture);
		Database database = Database.open(db, null);
		try {
			assertEquals(null, database.problem());
			Map<String, String> names = DerbyGpuHostRegistry.over(database).hosts().stream()
					.collect(Collectors.toMap(GpuHost::id, GpuHost::name));
			// the smallest id keeps the name; the others get the first free " (n)"
			assertEquals("Lab box", names.get("host-a"));
			assertEquals("lab BOX (3)", names.get("host-b"));
			assertEquals("Lab box (2)", names.get("host-c"), "a host already named like a suffix keeps its name");
			assertEquals("Lab Box (4)", names.get("host-d"));
			assertEquals(5, names.size(), "no host removed: " + names);
			assertEquals(Set.of("GPU_HOST_NAME_KEY"), uniqueIndexesOnNameKey(db));
			assertTrue(logged.stream().anyMatch(m -> m.contains("'lab BOX' (id host-b) renamed to 'lab BOX (3)'")),
					logged.toString());
			assertEquals(2, logged.stream().filter(m -> m.contains("renamed")).count(), logged.toString());
		} finally {
			log.removeHandler(capture);
			database.close();
		}
		// the next open changes nothing more
		Database again = Database.open(db, null);
		try {
			assertEquals(Migrations.LATEST, again.openedVersion());
			assertEquals(Set.of("Local smi", "Lab box", "lab BOX (3)", "Lab box (2)", "Lab Box (4)"),
					DerbyGpuHostRegistry.over(again).hosts().stream().map(GpuHost::name).collect(Collectors.toSet()));
		} finally {
			again.close();
		}
	}

	/** A plain JDBC connection to the database in {@code db} (the embedded engine is shared in this JVM). */
	private static Connection jdbc(Path db) throws SQLException {
		return DerbyCredentials.embedded(db).getConnection(); // this JVM's Derby login
	}

	/** A GPU host row as schema 1 wrote it, past the store's check. */
	private static void insertHost(Path db, String id, String name) throws SQLException {
		try (Connection c = jdbc(db); PreparedStatement insert = c.prepareStatement(
				"INSERT INTO GPU_HOST (ID, NAME, NAME_KEY, KIND, PORT, COMMAND) VALUES (?, ?, ?, 'LOCAL_SMI', 0, 'nvidia-smi')")) {
			insert.setString(1, id);
			insert.setString(2, name);
			insert.setString(3, name.strip().toLowerCase(java.util.Locale.ROOT));
			insert.executeUpdate();
		}
	}

	/** The names of the indexes of GPU_HOST. */
	private static Set<String> indexes(Path db) throws SQLException {
		Set<String> names = new HashSet<>();
		try (Connection c = jdbc(db); ResultSet rs = c.getMetaData().getIndexInfo(null, null, "GPU_HOST", false, false)) {
			while (rs.next()) {
				names.add(rs.getString("INDEX_NAME"));
			}
		}
		return names;
	}

	/** The unique indexes of GPU_HOST on NAME_KEY alone. */
	private static Set<String> uniqueIndexesOnNameKey(Path db) throws SQLException {
		Map<String, List<String>> columns = new java.util.HashMap<>();
		try (Connection c = jdbc(db); ResultSet rs = c.getMetaData().getIndexInfo(null, null, "GPU_HOST", true, false)) {
			while (rs.next()) {
				columns.computeIfAbsent(rs.getString("INDEX_NAME"), k -> new ArrayList<>()).add(rs.getString("COLUMN_NAME"));
			}
		}
		return columns.entrySet().stream().filter(e -> e.getValue().equals(List.of("NAME_KEY"))).map(Map.Entry::getKey)
				.collect(Collectors.toSet());
	}

	@Test
	void aDatabaseFromANewerVersionIsLeftAlone() throws Exception {
		Path db = unpackV1();
		Database database = Database.open(db, null);
		database.inTransaction(em -> {
			em.find(SchemaVersionEntity.class, 1).version = Migrations.LATEST + 1;
			return null;
		});
		database.close();
		Database newer = Database.open(db, null);
		try {
			String problem = newer.problem();
			assertNotNull(problem);
			assertTrue(problem.contains("newer DeepStress") && problem.contains("not changed"), problem);
			assertTrue(!newer.isOpen());
		} finally {
			newer.close();
		}
	}

	@Test
	void configurationsOfASchemaThreeDatabaseHaveNoSweepAfterTheUpgradeAndSweepsCanBeSaved() throws Exception {
		Path db = unpackV1();
		Database database = Database.open(db, null);
		TestConfiguration plain;
		try {
			DerbyConfigurationStore configs = DerbyConfigurationStore.over(database);
			configs.saveDataset(new Dataset("d", List.of(new Prompt("p", "hello"))));
			plain = configs.saveConfiguration(TestConfiguration.create("before sweeps", Endpoint.builtinSimulator().id(),
					List.of(new TestConfiguration.Share("d", 1)), new Load.ClosedLoop(2), Limits.requests(5), null, null,
					null));
		} finally {
			database.close();
		}
		// the table as schema 3 left it: no sweep column, version 3
		try (Connection c = jdbc(db); Statement s = c.createStatement()) {
			s.executeUpdate("ALTER TABLE TEST_CONFIG DROP COLUMN SWEEP_LEVELS");
			s.executeUpdate("UPDATE SCHEMA_VERSION SET VERSION = 3 WHERE ID = 1");
		}
		Database upgraded = Database.open(db, null);
		try {
			assertEquals(null, upgraded.problem());
			assertEquals(3, upgraded.openedVersion());
			assertEquals(Migrations.LATEST, upgraded.read(em -> em.find(SchemaVersionEntity.class, 1).version));
			DerbyConfigurationStore configs = DerbyConfigurationStore.over(upgraded);
			TestConfiguration read = configs.configuration("before sweeps").orElseThrow();
			assertEquals(plain, read);
			assertEquals(List.of(), read.sweep(), "an old row is one run");
			configs.saveConfiguration(read.withSweep(List.of(1.0, 4.0)));
			assertEquals(List.of(1.0, 4.0), configs.configuration("before sweeps").orElseThrow().sweep(),
					"the column EclipseLink added keeps the levels");
		} finally {
			upgraded.close();
		}
	}
}
