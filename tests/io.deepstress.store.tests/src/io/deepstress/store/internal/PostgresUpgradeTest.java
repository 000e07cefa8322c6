package io.deepstress.store.internal;

import static io.deepstress.store.internal.TestData.result;
import static io.deepstress.store.internal.TestData.snapshot;
import static io.deepstress.store.internal.TestData.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.services.RunStore;

/**
 * A PostgreSQL database of the previous schema is upgraded in place, keeping its runs and samples. The database is
 * made from {@code resources/postgresql-schema-9.sql}: the tables schema 9 had on PostgreSQL as this store created
 * them (recorded with {@code pg_dump --schema-only}, owner and search-path lines left out), then rows written with
 * plain SQL as that version wrote them.
 */
class PostgresUpgradeTest {

	private final Path dir = Path.of(System.getProperty("deepstress.test.dir"), "pg-upgrade-" + UUID.randomUUID());

	@Test
	void aDatabaseOfSchema9IsUpgradedKeepingItsRunsAndTakesNewOnes() throws Exception {
		PostgresServer server = PostgresServer.get();
		StoreUrl url = server.urlFor(dir);
		String ddl = Files.readString(Path.of(System.getProperty("deepstress.test.resources"), "postgresql-schema-9.sql"));
		try (Connection c = server.asTestUser(url.database()); Statement s = c.createStatement()) {
			s.execute(ddl);
			s.executeUpdate("INSERT INTO SCHEMA_VERSION (ID, VERSION, UPDATED_MS) VALUES (1, 9, 1700000000000)");
			s.executeUpdate("INSERT INTO TEST_RUN (RUN_ID, NAME, MODEL, STATUS, START_MS, END_MS, CONCURRENCY, TOTAL_TASKS,"
					+ " SUCCESSFUL_TASKS, FAILED_TASKS, ATTEMPTS, TOTAL_TOKENS, INPUT_TOKENS, TOTAL_CHARS, ESTIMATED_TOKENS,"
					+ " UPDATED_MS, LATENCY_JSON, ERRORS_JSON, APP_VERSION) VALUES ('schema-9-run', 'kept', 'm', 'COMPLETED',"
					+ " 1700000000000, 1700000003500, 1, 2, 2, 0, 2, 8, 14, 24, 0, 1700000003500, '{}', '{}', '0.1.0')");
			for (int i = 0; i < 2; i++) {
				s.executeUpdate("INSERT INTO REQUEST_SAMPLE (RUN_ID, SEQ, LOD, REQUEST_ID, IDX, DATASET, PROMPT_ID, ATTEMPT,"
						+ " FINAL_ATTEMPT, WARMUP, START_US, TTFT_US, E2E_US, ITL_COUNT, ITL_MEAN_US, ITL_MAX_US, TPOT_US,"
						+ " OUTPUT_TOKENS, TOKEN_SOURCE, INPUT_TOKENS, CHARS, HTTP_STATUS) VALUES ('schema-9-run', " + i + ", "
						+ (i == 0 ? 63 : 0) + ", 'old-" + i + "', " + i + ", 'ds', 'p', 1, TRUE, FALSE, " + (1000 * i)
						+ ", 5000, 20000, 3, 4000, 5000, 4000, 4, 'USAGE', 7, 12, 200)");
			}
		}

		Database db = Database.open(url, server.password(), null);
		try {
			assertNull(db.problem());
			assertEquals(9, db.openedVersion());
			DerbyRunStore store = DerbyRunStore.over(db, false);
			List<RunSummary> runs = store.list(null, 0, 50);
			assertEquals(1, runs.size());
			assertEquals("schema-9-run", runs.get(0).runId());
			assertEquals(RunStatus.COMPLETED, runs.get(0).status());
			assertEquals(List.of("old-0", "old-1"),
					store.samples("schema-9-run").stream().map(RequestResult::requestId).toList());

			RunStore.Recorder recorder = store.recorder(PostgresStoreTest.config("after the upgrade"));
			String runId = UUID.randomUUID().toString();
			recorder.onSnapshot(snapshot(runId));
			List<RequestResult> batch = new ArrayList<>();
			for (int i = 0; i < 30; i++) {
				batch.add(result(i, true));
			}
			recorder.onResults(batch);
			recorder.onFinished(summary(runId, 30));
			assertTrue(recorder.awaitWritten(30_000), recorder.lastError());
			assertEquals(30, store.samples(runId).size(), "new samples get ids after the old ones");
			try (Connection c = db.connection()) {
				assertEquals(Database.SCHEMA_VERSION, Database.queryInt(c, "SELECT VERSION FROM SCHEMA_VERSION WHERE ID = 1"));
				assertEquals(32, Database.queryInt(c, "SELECT COUNT(DISTINCT ID) FROM REQUEST_SAMPLE"));
			}
		} finally {
			db.close();
		}
	}
}
