package io.deepstress.store.internal;

import static io.deepstress.store.internal.TestData.result;
import static io.deepstress.store.internal.TestData.snapshot;
import static io.deepstress.store.internal.TestData.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.metrics.RunComparison;
import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunOrigin;
import io.deepstress.core.run.RunRecord;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.run.Timeouts;
import io.deepstress.core.services.RunQuery;
import io.deepstress.core.services.RunStore;

/** Listing runs with filters, sorting and pages; comparing runs; GPU samples by time window. */
class RunQueryTest {

	private static final long DAY = 86_400_000L;
	private static final long T0 = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
	private final Path dir = Path.of(System.getProperty("deepstress.test.dir"), UUID.randomUUID().toString());
	private DerbyRunStore store;

	@BeforeEach
	void open() {
		store = TestStores.runStore(dir.resolve("db"), null);
		assertTrue(store.problem().isEmpty(), store.problem().orElse(""));
	}

	@AfterEach
	void close() {
		store.close();
	}

	private static RunConfig config(String name) {
		return new RunConfig(name, new ApiTarget("http://127.0.0.1:1/v1", ApiKind.CHAT, "m", Map.of(), null),
				RequestOptions.defaults(), List.of(new DatasetShare(new Dataset("ds", List.of(new Prompt("p", "x"))), 1)),
				new Load.ClosedLoop(1), Limits.singlePass(), Timeouts.defaults(), RetryPolicy.none());
	}

	/** Records a finished run of {@code total} results started {@code day} days after T0. */
	private String run(String name, RunOrigin origin, int day, long total, double ttftP50) throws InterruptedException {
		RunStore.Recorder recorder = store.recorder(config(name), origin);
		String id = UUID.randomUUID().toString();
		recorder.onSnapshot(snapshot(id));
		List<io.deepstress.core.run.RequestResult> results = new ArrayList<>();
		for (int i = 0; i < total; i++) {
			results.add(result(i, true));
		}
		recorder.onResults(results);
		RunSummary s = summary(id, total, T0 + day * DAY, ttftP50);
		recorder.onFinished(new RunSummary(s.runId(), name, s.model(), s.loadDescription(), s.concurrency(), s.status(),
				s.errorMessage(), s.startEpochMillis(), s.endEpochMillis(), s.durationSeconds(), s.total(), s.succeeded(),
				s.failed(), s.attempts(), s.outputTokens(), s.inputTokens(), s.chars(), s.estimatedTokens(),
				total / 3.5, s.outputTokensPerSecond(), s.targetRate(), s.achievedRate(), s.ttft(), s.e2e(), s.itl(),
				s.tpot(), s.errors(), s.datasets(), s.avgResponseSeconds(), s.avgGenerationSpeed(), s.avgTps()));
		assertTrue(recorder.awaitWritten(10_000), recorder.lastError());
		return id;
	}

	private static List<String> names(List<RunRecord> records) {
		return records.stream().map(r -> r.summary().name()).toList();
	}

	@Test
	void filtersByEndpointConfigurationStatusBatchAndDateSortsAndPages() throws Exception {
		RunOrigin lab = new RunOrigin("Lab vLLM", "smoke", "batch-1");
		run("a", lab, 0, 10, 30);
		run("b", new RunOrigin("Lab vLLM", "soak", "batch-1"), 1, 40, 10);
		run("c", new RunOrigin("Built-in simulator", "smoke", null), 2, 20, 20);
		run("d", RunOrigin.NONE, 3, 30, 40);

		assertEquals(List.of("d", "c", "b", "a"), names(store.list(RunQuery.all(10))), "newest first");
		assertEquals(List.of("b", "a"), names(store.list(RunQuery.all(10).withEndpoint("lab vllm"))), "ignoring case");
		assertEquals(List.of("c", "a"), names(store.list(RunQuery.all(10).withConfiguration("SMOKE"))));
		assertEquals(List.of("a"), names(store.list(RunQuery.all(10).withEndpoint("Lab vLLM").withConfiguration("smoke"))));
		assertEquals(List.of("b", "a"), names(store.list(RunQuery.all(10).withBatch("batch-1"))));
		assertEquals(List.of("c", "b"), names(store.list(
				RunQuery.all(10).between(Instant.ofEpochMilli(T0 + DAY), Instant.ofEpochMilli(T0 + 3 * DAY)))),
				"from inclusive, to exclusive");
		assertEquals(0, store.count(RunQuery.all(10).withStatus(RunStatus.ERROR)));
		assertEquals(4, store.count(RunQuery.all(1).withStatus(RunStatus.COMPLETED)));
		assertEquals(2, store.count(RunQuery.all(1).withConfiguration("smoke")));

		assertEquals(List.of("b", "c", "a", "d"), names(store.list(RunQuery.all(10).sortedBy(RunQuery.Sort.TTFT_P50, false))));
		assertEquals(List.of("b", "d", "c", "a"), names(store.list(RunQuery.all(10).sortedBy(RunQuery.Sort.TOTAL, true))));
		assertEquals(List.of("a", "b", "c", "d"), names(store.list(RunQuery.all(10).sortedBy(RunQuery.Sort.NAME, false))));
		RunQuery pages = RunQuery.all(3).sortedBy(RunQuery.Sort.NAME, false);
		assertEquals(List.of("a", "b", "c"), names(store.list(pages)));
		assertEquals(List.of("d"), names(store.list(pages.page(1))));
		assertEquals(List.of(), names(store.list(pages.page(2))));

		RunRecord a = store.list(RunQuery.all(10).withEndpoint("Lab vLLM").withConfiguration("smoke")).get(0);
		assertEquals(lab, a.origin());
		assertEquals("http://127.0.0.1:1/v1", a.endpointUrl());
		assertThrows(IllegalArgumentException.class, () -> RunQuery.all(0));
	}

	@Test
	void comparingRunsGivesEachFigureWithItsChangeAgainstTheFirst() throws Exception {
		String base = run("base", RunOrigin.NONE, 0, 10, 20);
		String faster = run("faster", RunOrigin.NONE, 1, 20, 15);
		RunComparison cmp = store.compare(List.of(base, faster));
		assertEquals(List.of("base", "faster"), cmp.runs().stream().map(RunSummary::name).toList());
		RunComparison.Row ttft = cmp.row("TTFT p50").orElseThrow();
		assertEquals(List.of(20.0, 15.0), ttft.values());
		assertEquals(-25.0, ttft.changes().get(1), 1e-9);
		assertEquals(1, ttft.best(), "lower TTFT is better");
		RunComparison.Row rps = cmp.row("throughput").orElseThrow();
		assertEquals(100.0, rps.changes().get(1), 1e-9, "10/3.5 -> 20/3.5 req/s");
		assertEquals(1, rps.best());
		assertEquals(-50.0, cmp.row("error rate").orElseThrow().changes().get(1), 1e-9, "20 % -> 10 % failed");
		IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
				() -> store.compare(List.of(base, "no-such-run")));
		assertTrue(missing.getMessage().contains("no-such-run"));
	}

	@Test
	void chartSamplesAreEveryKthAttemptInOrderAtMostTheAskedNumber() throws Exception {
		// the correctness checks of the store benchmark (benchmarks/measure.sh store), at a test's size
		String id = run("chart", RunOrigin.NONE, 0, 3000, 20);
		List<io.deepstress.core.run.RequestResult> chart = store.samples(id, 1000);
		assertEquals(750, chart.size(), "every 4th of 3,000: the finest spacing that keeps at most 1,000");
		for (int i = 0; i < chart.size(); i++) {
			assertEquals(4L * i, chart.get(i).index(), "evenly spread, in completion order");
		}
		assertEquals(3000, store.samples(id, 5000).size(), "all of them when they fit");
		assertEquals(List.of(0L), store.samples(id, 1).stream().map(io.deepstress.core.run.RequestResult::index).toList());
		assertThrows(IllegalArgumentException.class, () -> store.samples(id, 0));
		assertEquals(3000, store.samples(id).size());
	}

	@Test
	void gpuSamplesForATimeWindowAcrossRunsAndHosts() throws Exception {
		String r1 = run("g1", RunOrigin.NONE, 0, 1, 10);
		String r2 = run("g2", RunOrigin.NONE, 0, 1, 10);
		List<GpuSample> one = new ArrayList<>();
		List<GpuSample> two = new ArrayList<>();
		for (int s = 0; s < 60; s++) {
			one.add(new GpuSample(T0 + s * 1000L, "node-a", 0, "GPU-a0", "H100", 50.0 + s, 1000L, 80_000L, 60.0, 300.0, 700.0,
					1980L, null));
			two.add(new GpuSample(T0 + s * 1000L + 500, "node-b", 1, "GPU-b1", "H100", 10.0, null, 80_000L, null, null, null,
					null, null));
		}
		store.accept(r1, one);
		store.accept(r2, two);
		TestData.awaitWriterIdle(store); // both writes queued on the writer thread are done
		assertEquals(60, store.gpuSamples(r2).size());
		Instant from = Instant.ofEpochMilli(T0 + 10_000);
		Instant to = Instant.ofEpochMilli(T0 + 20_000);
		List<GpuSample> both = store.gpuSamples(null, from, to, 1000);
		assertEquals(20, both.size(), "10 s of two hosts at 1 Hz");
		assertTrue(both.stream().allMatch(g -> g.epochMillis() >= from.toEpochMilli() && g.epochMillis() < to.toEpochMilli()));
		for (int i = 1; i < both.size(); i++) {
			assertTrue(both.get(i - 1).epochMillis() <= both.get(i).epochMillis(), "oldest first");
		}
		List<GpuSample> a = store.gpuSamples("node-a", from, to, 1000);
		assertEquals(10, a.size());
		assertEquals(60.0, a.get(0).utilization(), 1e-9);
		assertEquals(null, store.gpuSamples("node-b", from, to, 1).get(0).memoryUsedMiB(), "absent stays absent");
		assertEquals(5, store.gpuSamples(null, from, to, 5).size(), "limited");
		assertEquals(0, store.gpuSamples(null, Instant.ofEpochMilli(T0 - 10_000), Instant.ofEpochMilli(T0), 10).size());
		assertTrue(Duration.ofMillis(both.get(0).epochMillis() - T0).toSeconds() == 10);
	}
}
