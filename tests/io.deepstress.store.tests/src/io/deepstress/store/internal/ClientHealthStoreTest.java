package io.deepstress.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.ClientHealthReport;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.run.Timeouts;
import io.deepstress.core.services.RunStore;

/** The watchdog's report and the client-limited stamp saved with a run (schema 11), exported and imported. */
class ClientHealthStoreTest {

	private final List<DerbyRunStore> opened = new ArrayList<>();
	private final Path dir = Path.of(System.getProperty("deepstress.test.dir"), UUID.randomUUID().toString());

	@AfterEach
	void closeAll() {
		opened.forEach(DerbyRunStore::close);
	}

	private DerbyRunStore open() {
		DerbyRunStore store = DerbyRunStore.open(dir.resolve("db"), null);
		assertTrue(store.problem().isEmpty(), store.problem().orElse(""));
		opened.add(store);
		return store;
	}

	private static RunConfig config() {
		return new RunConfig("health", new ApiTarget("http://127.0.0.1:1/v1", ApiKind.CHAT, "m", null, null),
				RequestOptions.defaults(), List.of(new DatasetShare(new Dataset("ds", List.of(new Prompt("p", "x"))), 1)),
				new Load.OpenLoop(50, false, 8), Limits.singlePass(),
				new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)), RetryPolicy.none());
	}

	private static RunSummary record(DerbyRunStore store, RunSummary summary) throws Exception {
		RunStore.Recorder recorder = store.recorder(config());
		recorder.onFinished(summary);
		assertTrue(recorder.awaitWritten(10_000), ((RunRecorder) recorder).lastError());
		return store.find(summary.runId()).orElseThrow();
	}

	@Test
	void theReportIsSavedReadExportedAndImportedWithTheStamp() throws Exception {
		DerbyRunStore store = open();
		ClientHealthReport report = new ClientHealthReport(3.5, 2, 6.8, 99.5, 12.25, 70, 0.4, 31.5, 44, 175, 0.02, 7.5,
				20, 12, 9, List.of("I/O-thread probe lag p99 31.5 ms > 20 ms", "CPU steal 12 % > 10 %"));
		String runId = "health-" + UUID.randomUUID();
		RunSummary stored = record(store, TestData.summary(runId, 20).withClientHealth(report));
		assertEquals(report, stored.clientHealth());
		assertTrue(stored.clientLimited());
		String json = store.exportJson(runId);
		assertTrue(json.contains("clientHealthJson"), json);
		assertTrue(store.delete(runId));
		assertEquals(runId, store.importJson(json));
		assertEquals(report, store.find(runId).orElseThrow().clientHealth(), "the import keeps the report");
		assertEquals(json, store.exportJson(runId));
	}

	@Test
	void aClosedLoopsUnmeasuredFiguresStayUnknownAndARunWithoutAReportHasNone() throws Exception {
		DerbyRunStore store = open();
		ClientHealthReport closed = new ClientHealthReport(1, 2, 0.5, Double.NaN, Double.NaN, 20, 0.1, 0.3, 0.5, 0,
				Double.NaN, Double.NaN, Double.NaN, 0, 0, List.of());
		RunSummary healthy = record(store, TestData.summary("closed-" + UUID.randomUUID(), 5).withClientHealth(closed));
		assertEquals(closed, healthy.clientHealth(), "NaN is stored as null and read back as NaN");
		assertFalse(healthy.clientLimited());
		String plainId = "plain-" + UUID.randomUUID();
		RunSummary plain = record(store, TestData.summary(plainId, 5));
		assertNull(plain.clientHealth());
		assertFalse(store.exportJson(plainId).contains("clientHealthJson"), "absent: left out of the export");
		assertNull(ClientHealthJson.read("not json"), "a broken value reads as no report");
	}
}
