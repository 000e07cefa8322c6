package io.deepstress.store.internal;

import static io.deepstress.store.internal.TestData.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.DatasetStats;
import io.deepstress.core.run.ErrorKind;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.run.Timeouts;
import io.deepstress.core.run.TokenSource;
import io.deepstress.core.services.RunStore;

/**
 * A run whose process died before its final write (rows synced, then the store closed without a summary, as
 * after kill -9) gets its figures from the synced samples when the database is next opened: percentiles,
 * throughput over the synced window, per-dataset and the seed's fields, model and load from the stored
 * configuration, and a message saying from how many samples.
 */
class InterruptedFiguresTest {

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

	private static RunConfig config(Load load) {
		Dataset a = new Dataset("alpha", List.of(new Prompt("a0", "hello")));
		Dataset b = new Dataset("beta", List.of(new Prompt("b0", "world")));
		return new RunConfig("killed", new ApiTarget("http://127.0.0.1:1/v1", ApiKind.CHAT, "model-x", Map.of(), null),
				RequestOptions.defaults(), List.of(new DatasetShare(a, 1), new DatasetShare(b, 3)), load,
				Limits.singlePass(), new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)),
				RetryPolicy.none());
	}

	/** Request i: E2E (10 + i) ms, TTFT (2 + i) ms, from dataset alpha when i is even, started i ms after 1 s. */
	private static RequestResult result(int i, boolean ok, boolean last, boolean warmup) {
		long e2e = (10 + i) * 1_000_000L;
		return new RequestResult("r-" + i + (last ? "" : "-a1"), i, i % 2 == 0 ? "alpha" : "beta", "p", last ? 1 : 1,
				last, warmup, 0, 1_000_000L + i * 1000L, ok ? (2 + i) * 1_000_000L : -1, e2e, ok ? 4 : 0,
				ok ? 2_000_000L : -1, ok ? 3_000_000L : -1, ok ? 1_000_000L : -1, ok ? 5 : 0, TokenSource.USAGE,
				ok ? 7 : -1, ok ? 20 : 0, ok ? 200 : 503, ok ? null : ErrorKind.HTTP_5XX, ok ? null : "HTTP 503");
	}

	private String killedRun(Load load, List<RequestResult> results) throws Exception {
		DerbyRunStore store = open();
		RunStore.Recorder recorder = store.recorder(config(load));
		String runId = UUID.randomUUID().toString();
		recorder.onSnapshot(snapshot(runId));
		recorder.onResults(results);
		assertTrue(recorder.awaitWritten(30_000), ((RunRecorder) recorder).lastError());
		store.close(); // the process dies here: no final summary
		opened.clear();
		return runId;
	}

	@Test
	void figuresComeFromTheSyncedSamples() throws Exception {
		List<RequestResult> results = new ArrayList<>();
		results.add(result(0, true, true, true)); // warm-up: not counted
		results.add(result(1, false, false, false)); // a retried attempt: not counted
		for (int i = 1; i <= 40; i++) {
			results.add(result(i, i % 10 != 0, true, false)); // 4 failures (i = 10, 20, 30, 40)
		}
		String runId = killedRun(new Load.ClosedLoop(6), results);

		DerbyRunStore again = open();
		RunSummary s = again.find(runId).orElseThrow();
		assertEquals(RunStatus.INTERRUPTED, s.status());
		assertEquals("model-x", s.model(), "model from the stored configuration");
		assertEquals("closed loop, concurrency 6", s.loadDescription());
		assertEquals(6, s.concurrency());
		assertTrue(s.errorMessage().contains("from 42 synced samples"), s.errorMessage());
		assertEquals(40, s.total());
		assertEquals(36, s.succeeded());
		assertEquals(4, s.failed());
		assertEquals(42, s.attempts());
		assertEquals(36 * 5, s.outputTokens());
		assertEquals(36 * 7, s.inputTokens());
		assertEquals(36 * 20, s.chars());
		assertEquals(Map.of("http-503", 4L), s.errors());
		// window: request 1 starts at 1.001 s, request 40 ends at 1.040 s + 50 ms
		double window = (1_040 + 50 - 1_001) / 1000.0;
		assertEquals(window, s.durationSeconds(), 1e-6);
		assertEquals(36 / window, s.requestsPerSecond(), 1e-6);
		assertEquals(36 * 5 / window, s.outputTokensPerSecond(), 1e-6);
		assertTrue(Double.isNaN(s.targetRate()), "closed loop: no target rate");

		long[] okE2e = java.util.stream.IntStream.rangeClosed(1, 40).filter(i -> i % 10 != 0).mapToLong(i -> 10 + i)
				.toArray();
		Arrays.sort(okE2e);
		assertEquals(36, s.e2e().count());
		assertEquals(okE2e[35], s.e2e().max(), 0.05);
		assertEquals(okE2e[17], s.e2e().p50(), 0.05, "median of the successful requests' E2E");
		assertEquals(s.e2e().p50() - 8, s.ttft().p50(), 0.1, "TTFT = E2E - 8 ms for every request");
		assertEquals(1.0, s.tpot().p50(), 0.01);
		assertEquals(36 * 4, s.itl().count(), "ITL from each request's mean gap, weighted by its gap count");
		assertEquals(2.0, s.itl().p50(), 0.01);

		assertEquals(List.of("alpha", "beta"), s.datasets().stream().map(DatasetStats::name).toList());
		DatasetStats alpha = s.datasets().get(0);
		DatasetStats beta = s.datasets().get(1);
		assertEquals(1.0, alpha.weight());
		assertEquals(3.0, beta.weight());
		assertEquals(20, alpha.total()); // even i of 1..40
		assertEquals(4, alpha.failed());
		assertEquals(20, beta.total());
		assertEquals(0, beta.failed());
		double alphaSeconds = java.util.stream.IntStream.rangeClosed(1, 40).filter(i -> i % 2 == 0 && i % 10 != 0)
				.mapToDouble(i -> (10 + i) / 1000.0).sum();
		assertEquals(alphaSeconds, alpha.totalTimeSeconds(), 1e-9);
		assertEquals(alphaSeconds / 16, alpha.avgResponseSeconds(), 1e-9);
		assertEquals(16 * 20 / alphaSeconds, alpha.avgGenerationSpeed(), 1e-6);
		assertEquals((alpha.avgResponseSeconds() + beta.avgResponseSeconds()) / 2, s.avgResponseSeconds(), 1e-9,
				"the seed's run average: unweighted mean of the datasets'");
		assertEquals((alpha.avgTps() + beta.avgTps()) / 2, s.avgTps(), 1e-6);

		// computed once: opening again gives the same figures (not recomputed from an empty state)
		opened.forEach(DerbyRunStore::close);
		opened.clear();
		RunSummary third = open().find(runId).orElseThrow();
		assertEquals(s.e2e(), third.e2e());
		assertEquals(s.datasets(), third.datasets());
	}

	@Test
	void anOpenLoopRunGetsItsRateAndARunWithoutSamplesSaysSo() throws Exception {
		List<RequestResult> results = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			results.add(result(i, true, true, false));
		}
		String open = killedRun(new Load.OpenLoop(25, true, 8), results);
		String empty = killedRun(new Load.ClosedLoop(2), List.of());

		DerbyRunStore again = open();
		RunSummary s = again.find(open).orElseThrow();
		assertEquals("open loop, Poisson 25.0 req/s, cap 8", s.loadDescription());
		assertEquals(25.0, s.targetRate());
		assertEquals(10 / s.durationSeconds(), s.achievedRate(), 1e-6);
		assertEquals(8, s.concurrency());

		RunSummary none = again.find(empty).orElseThrow();
		assertEquals(RunStatus.INTERRUPTED, none.status());
		assertEquals("model-x", none.model());
		assertEquals("closed loop, concurrency 2", none.loadDescription());
		assertTrue(none.errorMessage().contains("before any result was saved"), none.errorMessage());
		assertEquals(0, none.total());
		assertFalse(none.errorMessage().contains("null"));
	}
}
