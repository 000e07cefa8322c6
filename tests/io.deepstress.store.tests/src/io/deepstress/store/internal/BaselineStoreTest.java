package io.deepstress.store.internal;

import static io.deepstress.store.internal.TestData.snapshot;
import static io.deepstress.store.internal.TestData.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunOrigin;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.run.Timeouts;
import io.deepstress.core.run.TokenSource;
import io.deepstress.core.services.RunStore;
import io.deepstress.core.verdict.BaselineStore.Baseline;
import io.deepstress.core.verdict.RunVerdict;
import io.deepstress.core.verdict.Verdict;
import io.deepstress.core.verdict.VerdictPolicy;
import io.deepstress.core.verdict.Verdicts;

/** Baselines per configuration in the records database, and verdicts from stored samples. */
class BaselineStoreTest {

	private final Path dir = Path.of(System.getProperty("deepstress.test.dir"), UUID.randomUUID().toString());
	private DerbyRunStore store;
	private DerbyBaselineStore baselines;

	@BeforeEach
	void open() {
		store = TestStores.runStore(dir.resolve("db"), null);
		assertTrue(store.problem().isEmpty(), store.problem().orElse(""));
		baselines = DerbyBaselineStore.over(store);
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

	/** A stored run of 200 requests whose TTFT is {@code ttftMs} plus a small spread. */
	private String run(String name, RunOrigin origin, double ttftMs) throws InterruptedException {
		RunStore.Recorder recorder = store.recorder(config(name), origin);
		String id = UUID.randomUUID().toString();
		recorder.onSnapshot(snapshot(id));
		List<RequestResult> results = new ArrayList<>();
		java.util.Random random = new java.util.Random(id.hashCode());
		for (int i = 0; i < 200; i++) {
			long ttft = (long) ((ttftMs + 5 * random.nextGaussian()) * 1e6);
			results.add(new RequestResult("r-" + i, i, "ds", "p" + i, 1, true, false, 0, 1_000_000_000L + 50_000L * i,
					ttft, ttft + 40_000_000, 4, 10_000_000, 11_000_000, 10_000_000, 5, TokenSource.USAGE, 7, 12, 200, null,
					null));
		}
		recorder.onResults(results);
		RunSummary s = summary(id, 200);
		recorder.onFinished(new RunSummary(s.runId(), name, s.model(), s.loadDescription(), s.concurrency(), s.status(),
				s.errorMessage(), s.startEpochMillis(), s.endEpochMillis(), s.durationSeconds(), s.total(), s.succeeded(),
				s.failed(), s.attempts(), s.outputTokens(), s.inputTokens(), s.chars(), s.estimatedTokens(),
				s.requestsPerSecond(), s.outputTokensPerSecond(), s.targetRate(), s.achievedRate(), s.ttft(), s.e2e(),
				s.itl(), s.tpot(), s.errors(), s.datasets(), s.avgResponseSeconds(), s.avgGenerationSpeed(), s.avgTps()));
		assertTrue(recorder.awaitWritten(10_000), recorder.lastError());
		return id;
	}

	@Test
	void aBaselineIsKeptPerConfigurationIgnoringCaseAndReplacedByTheNextMark() throws Exception {
		String first = run("nightly", new RunOrigin("sim", "Nightly smoke", null), 100);
		String second = run("nightly", new RunOrigin("sim", "nightly SMOKE", null), 100);
		String other = run("soak", new RunOrigin("sim", "soak", null), 100);
		assertEquals(Optional.empty(), baselines.baselineFor(second));

		Baseline b = baselines.mark(first);
		assertEquals("Nightly smoke", b.scope());
		assertEquals(first, baselines.baselineFor(second).orElseThrow().runId(), "the same configuration, other case");
		assertEquals(first, baselines.baseline("NIGHTLY SMOKE").orElseThrow().runId());
		assertEquals(Optional.empty(), baselines.baselineFor(other), "another configuration has none");

		baselines.mark(second);
		assertEquals(second, baselines.baselineFor(first).orElseThrow().runId());
		assertEquals(1, baselines.list().size());
		assertThrows(IllegalArgumentException.class, () -> baselines.mark("no-such-run"));
		assertThrows(IllegalArgumentException.class, () -> baselines.baselineFor("no-such-run"));
		assertTrue(baselines.clear("nightly smoke"));
		assertFalse(baselines.clear("nightly smoke"));
		assertEquals(Optional.empty(), baselines.baselineFor(first));
	}

	@Test
	void runsOfNoConfigurationAreScopedByTheirNameAndTheBaselineSurvivesARestartButNotItsRun() throws Exception {
		String a = run("ad-hoc check", RunOrigin.NONE, 100);
		String b = run("ad-hoc check", RunOrigin.NONE, 100);
		assertEquals("ad-hoc check", baselines.mark(a).scope());
		store.close();
		store = TestStores.runStore(dir.resolve("db"), null);
		baselines = DerbyBaselineStore.over(store);
		assertEquals(a, baselines.baselineFor(b).orElseThrow().runId(), "kept across a restart");
		assertTrue(store.delete(a));
		assertEquals(Optional.empty(), baselines.baselineFor(b), "a deleted baseline run is no baseline");
		assertEquals(List.of(), baselines.list());
	}

	@Test
	void verdictsComeFromTheStoredSamples() throws Exception {
		String base = run("v", RunOrigin.NONE, 100);
		String same = run("v", RunOrigin.NONE, 100);
		String slower = run("v", RunOrigin.NONE, 130);
		RunVerdict none = Verdicts.compareRuns(store, base, same, VerdictPolicy.defaults());
		assertFalse(none.regressed(), none.regressions().toString());
		assertEquals(200, none.metric("TTFT", "p50").orElseThrow().nCandidate());
		RunVerdict worse = Verdicts.compareRuns(store, base, slower, VerdictPolicy.defaults());
		assertEquals(Verdict.WORSE, worse.metric("TTFT", "p50").orElseThrow().verdict());
		assertEquals(30, worse.metric("TTFT", "p50").orElseThrow().difference(), 3);
		assertThrows(IllegalArgumentException.class, () -> Verdicts.compareRuns(store, base, "nope", VerdictPolicy.defaults()));
	}

	@Test
	void batchesAreJudgedOnTheirPooledRuns() throws Exception {
		String before = UUID.randomUUID().toString();
		String after = UUID.randomUUID().toString();
		for (int i = 0; i < 2; i++) {
			run("b", new RunOrigin(null, "nightly", before), 100);
			run("b", new RunOrigin(null, "nightly", after), 125);
		}
		RunVerdict v = Verdicts.compareBatches(store, before, after, VerdictPolicy.defaults());
		assertEquals("batch " + before, v.baseline());
		var ttft = v.metric("TTFT", "p50").orElseThrow();
		assertEquals(400, ttft.nBaseline(), "both runs' samples");
		assertEquals(Verdict.WORSE, ttft.verdict(), ttft.toString());
		assertEquals(25, ttft.difference(), 3);
		assertThrows(IllegalArgumentException.class,
				() -> Verdicts.compareBatches(store, before, "no-such-batch", VerdictPolicy.defaults()));
	}
}
