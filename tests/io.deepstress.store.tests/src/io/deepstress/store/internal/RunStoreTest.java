package io.deepstress.store.internal;

import static io.deepstress.store.internal.TestData.awaitWriterIdle;
import static io.deepstress.store.internal.TestData.result;
import static io.deepstress.store.internal.TestData.snapshot;
import static io.deepstress.store.internal.TestData.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.LatencyStats;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.LiveSnapshot;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunOrigin;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.run.TurnStats;
import io.deepstress.core.run.Timeouts;
import io.deepstress.core.run.TokenSource;
import io.deepstress.core.services.LoadEngine;
import io.deepstress.core.services.RunListener;
import io.deepstress.core.services.RunStore;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/** The records store on a real embedded Derby in target/. */
class RunStoreTest {

	private static final String SECRET = "sk-test-" + UUID.randomUUID();
	private final List<DerbyRunStore> opened = new ArrayList<>();
	private final Path dir = Path.of(System.getProperty("deepstress.test.dir"), UUID.randomUUID().toString());

	private DerbyRunStore open() {
		DerbyRunStore store = TestStores.runStore(dir.resolve("db"), null);
		assertTrue(store.problem().isEmpty(), store.problem().orElse(""));
		opened.add(store);
		return store;
	}

	@AfterEach
	void closeAll() {
		opened.forEach(DerbyRunStore::close);
	}

	private static RunConfig config(String url, int prompts, int concurrency) {
		List<Prompt> list = new ArrayList<>();
		for (int i = 0; i < prompts; i++) {
			list.add(new Prompt("p" + i, "prompt " + i));
		}
		return new RunConfig("stored", new ApiTarget(url, ApiKind.CHAT, "deepstress-sim", Map.of("X-Secret-Header", SECRET), SECRET),
				RequestOptions.defaults(), List.of(new DatasetShare(new Dataset("ds", list), 2)), new Load.ClosedLoop(concurrency),
				Limits.singlePass(), new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)),
				RetryPolicy.none());
	}

	@Test
	void aRunFromTheEngineIsRecordedCompletelyWithoutSecrets() throws Exception {
		DerbyRunStore store = open();
		ServiceTracker<LoadEngine, LoadEngine> engines = new ServiceTracker<>(
				FrameworkUtil.getBundle(getClass()).getBundleContext(), LoadEngine.class, null);
		engines.open();
		try (Simulator sim = Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ofMillis(5))
				.withItl(Duration.ofMillis(1)).withDefaultOutputTokens(8))) {
			LoadEngine engine = engines.waitForService(10_000);
			assertNotNull(engine);
			RunStore.Recorder recorder = store.recorder(config(sim.baseUrl(), 40, 4));
			RunSummary summary = engine.start(config(sim.baseUrl(), 40, 4), recorder).completion().get(60, TimeUnit.SECONDS);
			assertTrue(recorder.awaitWritten(10_000), ((RunRecorder) recorder).lastError());
			RunSummary stored = store.find(summary.runId()).orElseThrow();
			assertEquals(RunStatus.COMPLETED, stored.status());
			assertEquals(40, stored.total());
			assertEquals(40, stored.succeeded());
			assertEquals(320, stored.outputTokens());
			assertEquals(summary.ttft().p99(), stored.ttft().p99(), 1e-9);
			assertEquals(summary.avgResponseSeconds(), stored.avgResponseSeconds(), 1e-9);
			assertEquals(1, stored.datasets().size());
			assertEquals(2.0, stored.datasets().get(0).weight());
			assertEquals(40, store.samples(summary.runId()).size());
			assertEquals(1, store.count());
			byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
			assertFalse(contains(store.exportJson(summary.runId()).getBytes(StandardCharsets.UTF_8), secret),
					"the API key is in the JSON export");
			assertFalse(contains(store.exportCsv(summary.runId()).getBytes(StandardCharsets.UTF_8), secret),
					"the API key is in the CSV export");
			assertTrue(store.exportJson(summary.runId()).contains("X-Secret-Header"), "header names are kept");
		} finally {
			engines.close();
		}
		store.close();
		opened.clear();
		try (Stream<Path> files = Files.walk(TestStores.files(dir))) {
			for (Path f : files.filter(Files::isRegularFile).toList()) {
				assertFalse(contains(TestStores.bytes(f), SECRET.getBytes(StandardCharsets.UTF_8)),
						"the API key is in " + f);
			}
		}
	}

	private static boolean contains(byte[] hay, byte[] needle) {
		outer: for (int i = 0; i + needle.length <= hay.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (hay[i + j] != needle[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

	@Test
	void syncsEveryTenResultsOrEverySecond() throws Exception {
		DerbyRunStore store = open();
		ManualClock clock = new ManualClock(); // the second of the cadence passes when the test says so
		RunRecorder recorder = new RunRecorder(store, config("http://127.0.0.1:1/v1", 1, 1), RunOrigin.NONE, clock);
		String runId = UUID.randomUUID().toString();
		recorder.onSnapshot(snapshot(runId));
		assertTrue(recorder.awaitWritten(5000), recorder.lastError());
		assertEquals(RunStatus.RUNNING, store.find(runId).orElseThrow().status(), "the row exists at once");
		List<RequestResult> nine = new ArrayList<>();
		for (int i = 0; i < 9; i++) {
			nine.add(result(i, true));
		}
		recorder.onResults(nine);
		clock.advance(Duration.ofMillis(999));
		recorder.onSnapshot(snapshot(runId));
		assertEquals(9, recorder.pendingResults(), "nine results wait for the tenth or for a second");
		awaitWriterIdle(store);
		assertEquals(0, store.samples(runId).size(), "nothing of the nine written yet");
		recorder.onResults(List.of(result(9, false)));
		assertEquals(0, recorder.pendingResults(), "the tenth result syncs at once");
		assertTrue(recorder.awaitWritten(5000), recorder.lastError());
		assertEquals(10, store.samples(runId).size(), "ten results are written together");
		RunSummary live = store.find(runId).orElseThrow();
		assertEquals(10, live.total());
		assertEquals(1, live.failed());

		recorder.onResults(List.of(result(10, true)));
		clock.advance(Duration.ofMillis(999));
		recorder.onSnapshot(snapshot(runId));
		assertEquals(1, recorder.pendingResults(), "a lone result waits for the second");
		clock.advance(Duration.ofMillis(1));
		recorder.onSnapshot(snapshot(runId));
		assertEquals(0, recorder.pendingResults(), "the next snapshot after the second syncs it");
		assertTrue(recorder.awaitWritten(5000), recorder.lastError());
		assertEquals(11, store.samples(runId).size(), "a lone result is written within a second");

		clock.advance(Duration.ofSeconds(1));
		recorder.onResults(List.of(result(11, true)));
		assertEquals(0, recorder.pendingResults(), "results arriving after the second sync without a snapshot");
		clock.advance(Duration.ofSeconds(5));
		recorder.onSnapshot(snapshot(runId));
		awaitWriterIdle(store);
		assertEquals(12, store.samples(runId).size(), "a snapshot with nothing pending writes no empty batch");
		assertEquals(12, store.find(runId).orElseThrow().total());
	}

	@Test
	void upsertNeverDuplicatesAndAFinalSummaryReplacesTheLiveFigures() throws Exception {
		DerbyRunStore store = open();
		RunStore.Recorder recorder = store.recorder(config("http://127.0.0.1:1/v1", 1, 1));
		String runId = UUID.randomUUID().toString();
		recorder.onSnapshot(snapshot(runId));
		List<RequestResult> batch = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			batch.add(result(i, true));
		}
		recorder.onResults(batch);
		RunSummary summary = summary(runId, 25);
		recorder.onFinished(summary);
		assertTrue(recorder.awaitWritten(5000), ((RunRecorder) recorder).lastError());
		recorder.onFinished(summary); // a second final write of the same run
		assertTrue(recorder.awaitWritten(5000), ((RunRecorder) recorder).lastError());
		assertEquals(1, store.count());
		RunSummary stored = store.find(runId).orElseThrow();
		assertEquals(RunStatus.COMPLETED, stored.status());
		assertEquals(2, stored.datasets().size(), "dataset rows replaced, not added");
		assertEquals(25, store.samples(runId).size());
		assertEquals(Map.of("http-500", 2L), stored.errors());
		assertTrue(store.delete(runId));
		assertFalse(store.delete(runId));
		assertEquals(0, store.samples(runId).size(), "samples deleted with their run");
	}

	@Test
	void aMultiTurnRunKeepsItsTtftByTurn() throws Exception {
		DerbyRunStore store = open();
		String runId = "turns-" + java.util.UUID.randomUUID();
		RunStore.Recorder recorder = store.recorder(config("http://127.0.0.1:1/v1", 1, 1));
		RunSummary plain = summary(runId, 12);
		TurnStats turns = new TurnStats(new LatencyStats(4, 80, 78, 90, 95, 99, 101),
				new LatencyStats(8, 30, 28, 40, 41, 45, 50));
		RunSummary summary = new RunSummary(runId, plain.name(), plain.model(), plain.loadDescription(),
				plain.concurrency(), plain.status(), null, plain.startEpochMillis(), plain.endEpochMillis(),
				plain.durationSeconds(), plain.total(), plain.succeeded(), plain.failed(), plain.attempts(),
				plain.outputTokens(), plain.inputTokens(), plain.chars(), plain.estimatedTokens(), plain.requestsPerSecond(),
				plain.outputTokensPerSecond(), plain.targetRate(), plain.achievedRate(), plain.ttft(), plain.e2e(),
				plain.itl(), plain.tpot(), plain.errors(), plain.datasets(), plain.avgResponseSeconds(),
				plain.avgGenerationSpeed(), plain.avgTps(), turns);
		recorder.onFinished(summary);
		assertTrue(recorder.awaitWritten(5000), ((RunRecorder) recorder).lastError());
		assertEquals(turns, store.find(runId).orElseThrow().turns());
		assertFalse(store.exportJson(runId).isEmpty());
		assertTrue(store.delete(runId));
	}

	@Test
	void exportImportRoundTripIsExactAndCsvHasOneLinePerAttempt() throws Exception {
		DerbyRunStore store = open();
		RunStore.Recorder recorder = store.recorder(config("http://127.0.0.1:1/v1", 1, 1));
		String runId = UUID.randomUUID().toString();
		recorder.onSnapshot(snapshot(runId));
		List<RequestResult> batch = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			batch.add(result(i, i % 7 != 0));
		}
		recorder.onResults(batch);
		store.accept(runId, List.of(new io.deepstress.core.gpu.GpuSample(5, "h", 0, "GPU-1", "H100, 80GB", 50.5, 100L, 200L,
				60.0, 300.25, null, 1980L, "0x4")));
		recorder.onFinished(summary(runId, 30));
		assertTrue(recorder.awaitWritten(10_000), ((RunRecorder) recorder).lastError());
		awaitWriterIdle(store); // the GPU write is queued on the same writer thread
		String json = store.exportJson(runId);
		String csv = store.exportCsv(runId);
		assertEquals(31, csv.lines().count(), "header + 30 attempts");
		assertTrue(csv.lines().skip(1).anyMatch(l -> l.endsWith(",http-500,HTTP 500: boom")), csv);
		assertTrue(store.delete(runId));
		assertEquals(runId, store.importJson(json));
		assertEquals(json, store.exportJson(runId), "import then export gives the same text");
		assertEquals(1, store.gpuSamples(runId).size());
		assertEquals(null, store.gpuSamples(runId).get(0).powerLimitW(), "absent stays absent");
		IllegalArgumentException again = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
				() -> store.importJson(json));
		assertTrue(again.getMessage().contains("already exists"));
		IllegalArgumentException garbage = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
				() -> store.importJson("{\"format\":\"something else\"}"));
		assertTrue(garbage.getMessage().contains("not a DeepStress run export"));
	}

	@Test
	void theTrafficOfARequestIsStoredExportedAndImported() throws Exception {
		DerbyRunStore store = open();
		RunStore.Recorder recorder = store.recorder(config("http://127.0.0.1:1/v1", 1, 1));
		String runId = UUID.randomUUID().toString();
		recorder.onSnapshot(snapshot(runId));
		RequestResult plain = result(0, true);
		RequestResult turn = TestData.traffic(result(1, true), 1024, 256, 2, "conv-7");
		recorder.onResults(List.of(plain, turn));
		recorder.onFinished(summary(runId, 2));
		assertTrue(recorder.awaitWritten(10_000), ((RunRecorder) recorder).lastError());
		List<RequestResult> stored = store.samples(runId);
		assertEquals(List.of(-1L, 1024L), stored.stream().map(RequestResult::inputTokensSent).toList());
		assertEquals(List.of(-1L, 256L), stored.stream().map(RequestResult::outputTokensAsked).toList());
		assertEquals(List.of(0, 2), stored.stream().map(RequestResult::turn).toList());
		assertEquals(java.util.Arrays.asList(null, "conv-7"), stored.stream().map(RequestResult::conversationId).toList());
		String json = store.exportJson(runId);
		assertTrue(json.contains("\"inputTokensSent\":1024"), json);
		assertEquals(1, json.split("inputTokensSent", -1).length - 1, "absent values are left out of the export");
		String csv = store.exportCsv(runId);
		assertTrue(csv.lines().findFirst().orElseThrow().endsWith(",input_tokens_sent,output_tokens_asked,turn,conversation_id"), csv);
		assertTrue(csv.lines().anyMatch(l -> l.endsWith(",1024,256,2,conv-7")), csv);
		assertTrue(csv.lines().anyMatch(l -> l.startsWith("r-0,") && l.endsWith(",,,,")), csv);
		assertTrue(store.delete(runId));
		assertEquals(runId, store.importJson(json));
		assertEquals(stored, store.samples(runId), "import keeps the traffic fields");
		assertEquals(json, store.exportJson(runId));
	}

	@Test
	void aRunLeftRunningIsMarkedInterruptedAtTheNextStartKeepingItsData() throws Exception {
		DerbyRunStore store = open();
		RunStore.Recorder recorder = store.recorder(config("http://127.0.0.1:1/v1", 1, 1));
		String runId = UUID.randomUUID().toString();
		recorder.onSnapshot(snapshot(runId));
		List<RequestResult> batch = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			batch.add(result(i, true));
		}
		recorder.onResults(batch);
		assertTrue(recorder.awaitWritten(5000), ((RunRecorder) recorder).lastError());
		store.close(); // the process "dies" here: no final write
		opened.clear();
		DerbyRunStore again = open();
		RunSummary stored = again.find(runId).orElseThrow();
		assertEquals(RunStatus.INTERRUPTED, stored.status());
		assertEquals(12, stored.total());
		assertEquals(12, again.samples(runId).size());
	}

	@Test
	void twoRunsWritingAtOnceStaySeparate() throws Exception {
		DerbyRunStore store = open();
		String a = UUID.randomUUID().toString();
		String b = UUID.randomUUID().toString();
		RunStore.Recorder ra = store.recorder(config("http://127.0.0.1:1/v1", 1, 1));
		RunStore.Recorder rb = store.recorder(config("http://127.0.0.1:1/v1", 1, 1));
		ra.onSnapshot(snapshot(a));
		rb.onSnapshot(snapshot(b));
		Thread ta = new Thread(() -> feed(ra, 0, 500));
		Thread tb = new Thread(() -> feed(rb, 1000, 300));
		ta.start();
		tb.start();
		ta.join(30_000);
		tb.join(30_000);
		ra.onFinished(summary(a, 500));
		rb.onFinished(summary(b, 300));
		assertTrue(ra.awaitWritten(10_000) && rb.awaitWritten(10_000));
		assertEquals(500, store.samples(a).size());
		assertEquals(300, store.samples(b).size());
		assertEquals(2, store.count());
	}

	private static void feed(RunStore.Recorder r, int from, int n) {
		for (int i = 0; i < n; i += 7) {
			List<RequestResult> batch = new ArrayList<>();
			for (int j = i; j < Math.min(n, i + 7); j++) {
				batch.add(result(from + j, true));
			}
			r.onResults(batch);
		}
	}

	@Test
	void aCorruptDatabaseDirectoryGivesAClearMessageAndIsNotDeleted() throws IOException {
		Path db = dir.resolve("broken-db");
		Files.createDirectories(db.resolve("seg0"));
		Files.writeString(db.resolve("service.properties"), "this is not a derby database\u0000\u0001");
		Files.writeString(db.resolve("seg0").resolve("c10.dat"), "garbage");
		DerbyRunStore broken = DerbyRunStore.open(db, null);
		opened.add(broken);
		String problem = broken.problem().orElseThrow();
		assertTrue(problem.contains("cannot be opened") && problem.contains("nothing was deleted"), problem);
		assertTrue(Files.exists(db.resolve("seg0").resolve("c10.dat")), "nothing deleted");
		IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
				() -> broken.list(null, 0, 10));
		assertTrue(e.getMessage().contains(db.toString()));
		RunStore.Recorder recorder = broken.recorder(config("http://127.0.0.1:1/v1", 1, 1));
		recorder.onSnapshot(snapshot("x")); // must not throw: the run goes on unrecorded
	}

	@Test
	void theDsServiceOpensTheDatabaseNamedBySystemProperty() throws Exception {
		ServiceTracker<RunStore, RunStore> tracker = new ServiceTracker<>(
				FrameworkUtil.getBundle(getClass()).getBundleContext(), RunStore.class, null);
		tracker.open();
		try {
			RunStore store = tracker.waitForService(10_000);
			assertNotNull(store);
			assertTrue(store.location().endsWith("ds-db"), store.location());
			assertTrue(store.count() >= 0);
		} finally {
			tracker.close();
		}
	}

	@SuppressWarnings("unused")
	private static RunListener unused() {
		return RunListener.NONE;
	}
}
