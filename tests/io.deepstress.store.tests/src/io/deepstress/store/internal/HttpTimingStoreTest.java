package io.deepstress.store.internal;

import static io.deepstress.store.internal.TestData.result;
import static io.deepstress.store.internal.TestData.snapshot;
import static io.deepstress.store.internal.TestData.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.HttpTiming;
import io.deepstress.core.run.HttpTimingStats;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.Timeouts;
import io.deepstress.core.services.RunStore;

/**
 * A request sample's HTTP timing breakdown is stored in its columns (schema 15) and read back to the microsecond;
 * an untimed sample stays untimed; the export leaves absent timings out and imports back to the same samples.
 */
class HttpTimingStoreTest {

	private final List<DerbyRunStore> opened = new ArrayList<>();
	private final Path dir = Path.of(System.getProperty("deepstress.test.dir"), UUID.randomUUID().toString());

	@AfterEach
	void closeAll() {
		opened.forEach(DerbyRunStore::close);
	}

	@Test
	void theBreakdownIsStoredReadBackExportedAndImported() throws Exception {
		DerbyRunStore store = DerbyRunStore.open(dir.resolve("db"), null);
		opened.add(store);
		assertTrue(store.problem().isEmpty(), store.problem().orElse(""));
		RunConfig config = new RunConfig("timed", new ApiTarget("http://127.0.0.1:1/v1", ApiKind.CHAT, "m", null, null),
				RequestOptions.defaults(), List.of(new DatasetShare(new Dataset("ds", List.of(new Prompt("p", "x"))), 1)),
				new Load.ClosedLoop(1), Limits.singlePass(),
				new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)), RetryPolicy.none());
		RunStore.Recorder recorder = store.recorder(config);
		String runId = UUID.randomUUID().toString();
		recorder.onSnapshot(snapshot(runId));
		HttpTiming fresh = new HttpTiming(false, 2_345_000, 1_250_000, 3_500_000, 40_000_000, 39_999_000, 40_100_000);
		HttpTiming reused = new HttpTiming(true, 12_000, -1, -1, 20_000_000, 19_000_000, 21_000_000);
		recorder.onResults(List.of(timed(result(0, true), fresh), timed(result(1, true), reused), result(2, true)));
		recorder.onFinished(summary(runId, 3));
		assertTrue(recorder.awaitWritten(10_000), ((RunRecorder) recorder).lastError());
		List<RequestResult> stored = store.samples(runId);
		assertEquals(fresh, stored.get(0).httpTiming());
		assertEquals(reused, stored.get(1).httpTiming());
		assertNull(stored.get(2).httpTiming());
		HttpTimingStats stats = new HttpTimingStats().addAll(stored);
		assertEquals(2, stats.timed());
		assertEquals(0.5, stats.reusedShare(), 1e-9);
		assertEquals(1.25, stats.percentileMs("connect", 50), 0.02);
		String json = store.exportJson(runId);
		assertTrue(json.contains("\"httpTlsMicros\":3500"), json);
		assertEquals(2, json.split("httpReused", -1).length - 1, "absent timings are left out of the export");
		assertTrue(store.delete(runId));
		assertEquals(runId, store.importJson(json));
		assertEquals(stored, store.samples(runId), "import keeps the timings");
	}

	private static RequestResult timed(RequestResult r, HttpTiming t) {
		return new RequestResult(r.requestId(), r.index(), r.dataset(), r.promptId(), r.attempt(), r.last(), r.warmup(),
				r.startNanos(), r.startEpochMicros(), r.ttftNanos(), r.e2eNanos(), r.itlCount(), r.itlMeanNanos(),
				r.itlMaxNanos(), r.tpotNanos(), r.outputTokens(), r.tokenSource(), r.inputTokens(), r.chars(),
				r.httpStatus(), r.error(), r.errorMessage(), r.inputTokensSent(), r.outputTokensAsked(), r.turn(),
				r.conversationId(), -1, t);
	}
}
