package io.deepstress.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.deepstress.core.run.Limits;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.verdict.MetricVerdict;
import io.deepstress.core.verdict.RunVerdict;
import io.deepstress.core.verdict.Verdict;
import io.deepstress.core.verdict.VerdictPolicy;
import io.deepstress.core.verdict.Verdicts;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/** Verdicts on real runs against the simulator, whose pacing is the ground truth. */
class VerdictSimulatorTest {

	private static SimulatorSettings pacing(long ttftMs) {
		return SimulatorSettings.defaults().withTtft(Duration.ofMillis(ttftMs)).withItl(Duration.ofMillis(5))
				.withDefaultOutputTokens(16);
	}

	/** 120 measured requests at concurrency 8 after 16 warm-up requests. */
	private static List<RequestResult> run(Simulator sim) throws Exception {
		EngineFixture fixture = new EngineFixture();
		RunSummary summary = fixture.run(TestRuns.withLimits(TestRuns.simple(sim.baseUrl(), 120, 8),
				Limits.singlePass().withWarmup(16)), 120);
		assertEquals(120, summary.succeeded());
		return fixture.all();
	}

	/**
	 * Two runs of the same settings at the same time, so that both meet the same machine: on a busy machine one run
	 * after another can honestly measure a slower client (a build starting beside it), which is a real difference of
	 * the measurements, not a false verdict. Run side by side, any difference is sampling noise, which the verdict
	 * must not call worse.
	 */
	@Test
	void twoRunsOfTheSameSettingsAreNeverWorse() throws Exception {
		try (Simulator sim = Simulator.start(pacing(200))) {
			for (int repeat = 0; repeat < 3; repeat++) {
				var a = java.util.concurrent.CompletableFuture.supplyAsync(() -> runUnchecked(sim));
				var b = java.util.concurrent.CompletableFuture.supplyAsync(() -> runUnchecked(sim));
				RunVerdict v = Verdicts.compare("a", List.of(a.get()), "b", List.of(b.get()), VerdictPolicy.defaults());
				assertFalse(v.regressed(), "repeat " + repeat + ": identical settings judged worse: " + v.regressions());
				MetricVerdict ttft = v.metric("TTFT", "p50").orElseThrow();
				assertEquals(120, ttft.nBaseline());
				assertTrue(Math.abs(ttft.difference()) < 10, "medians of the same pacing agree: " + ttft);
			}
		}
	}

	private static List<RequestResult> runUnchecked(Simulator sim) {
		try {
			return run(sim);
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	@Test
	void aSlowerTimeToFirstTokenIsWorseByAboutTheKnobsChange() throws Exception {
		List<RequestResult> before;
		List<RequestResult> after;
		// side by side (see above), so that the difference measured is the knob's
		try (Simulator fast = Simulator.start(pacing(100)); Simulator slow = Simulator.start(pacing(140))) {
			var a = java.util.concurrent.CompletableFuture.supplyAsync(() -> runUnchecked(fast));
			var b = java.util.concurrent.CompletableFuture.supplyAsync(() -> runUnchecked(slow));
			before = a.get();
			after = b.get();
		}
		RunVerdict v = Verdicts.compare("100 ms", List.of(before), "140 ms", List.of(after), VerdictPolicy.defaults());
		MetricVerdict ttft = v.metric("TTFT", "p50").orElseThrow();
		assertEquals(Verdict.WORSE, ttft.verdict(), ttft.toString());
		// the knob moved by 40 ms; the client's median moves by as much (its overhead is on both sides)
		assertTrue(ttft.difference() > 30 && ttft.difference() < 50, ttft.toString());
		assertTrue(ttft.low() > 20 && ttft.high() < 60, ttft.toString());
		assertEquals(Verdict.WORSE, v.metric("E2E", "p50").orElseThrow().verdict());
		MetricVerdict itl = v.metric("ITL", "p50").orElseThrow();
		assertTrue(itl.verdict() != Verdict.WORSE, "the token pace did not change: " + itl);
		assertTrue(v.regressed());
	}
}
