package io.deepstress.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.deepstress.core.run.ErrorKind;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.TokenSource;
import io.deepstress.core.verdict.MetricVerdict;
import io.deepstress.core.verdict.RunVerdict;
import io.deepstress.core.verdict.Verdict;
import io.deepstress.core.verdict.VerdictPolicy;
import io.deepstress.core.verdict.Verdicts;

/** Verdicts on synthetic samples whose true difference is known. */
class VerdictTest {

	/**
	 * A run of {@code n} successful requests: TTFT log-normal around {@code ttftMs} (sigma 0.3), 32 tokens 10 ms apart
	 * (with the same spread), one completing every {@code 1000 / rps} ms; every {@code failEvery}-th fails (0: none).
	 */
	static List<RequestResult> run(long seed, int n, double ttftMs, double rps, int failEvery) {
		Random random = new Random(seed);
		List<RequestResult> out = new ArrayList<>();
		long t0 = 1_800_000_000_000_000L;
		for (int i = 0; i < n; i++) {
			double ttft = ttftMs * Math.exp(0.3 * random.nextGaussian());
			double itl = 10 * Math.exp(0.1 * random.nextGaussian());
			long ttftNs = (long) (ttft * 1e6);
			long e2eNs = ttftNs + (long) (31 * itl * 1e6);
			long endMicros = t0 + (long) ((i + 1) * 1e6 / rps);
			boolean fail = failEvery > 0 && i % failEvery == 0;
			out.add(new RequestResult("r" + i, i, "d", "p" + i, 1, true, false, 0, endMicros - e2eNs / 1000,
					fail ? -1 : ttftNs, e2eNs, fail ? 0 : 31, fail ? -1 : (long) (itl * 1e6), fail ? -1 : (long) (itl * 1e6),
					fail ? -1 : (e2eNs - ttftNs) / 31, fail ? 0 : 32, TokenSource.USAGE, 100, 128, fail ? 500 : 200,
					fail ? ErrorKind.HTTP_5XX : null, fail ? "HTTP 500" : null));
		}
		return out;
	}

	private static RunVerdict compare(List<RequestResult> base, List<RequestResult> cand, VerdictPolicy policy) {
		return Verdicts.compare("base", List.of(base), "cand", List.of(cand), policy);
	}

	private static MetricVerdict metric(RunVerdict v, String metric, String stat) {
		return v.metric(metric, stat).orElseThrow(() -> new AssertionError("no " + metric + " " + stat + " in " + v));
	}

	@Test
	void twoSamplesOfTheSameDistributionAreNeverWorseOrBetter() {
		for (int repeat = 0; repeat < 10; repeat++) {
			RunVerdict v = compare(run(2 * repeat, 2000, 100, 50, 0), run(2 * repeat + 1, 2000, 100, 50, 0),
					VerdictPolicy.defaults().withSeed(repeat));
			for (MetricVerdict m : v.metrics()) {
				assertEquals(Verdict.NO_CHANGE, m.verdict(), "repeat " + repeat + ": " + m);
				assertTrue(m.low() <= 0.05 * Math.abs(m.baseline()) + 1 && m.high() >= -0.05 * Math.abs(m.baseline()) - 1,
						"the interval stays near 0: " + m);
			}
			assertFalse(v.regressed());
		}
	}

	@Test
	void aKnownShiftIsWorseAndItsIntervalCoversTheTrueDifference() {
		RunVerdict v = compare(run(1, 1000, 100, 50, 0), run(2, 1000, 130, 50, 0), VerdictPolicy.defaults());
		MetricVerdict p50 = metric(v, "TTFT", "p50");
		assertEquals(Verdict.WORSE, p50.verdict(), p50.toString());
		// the true medians are 100 and 130 ms: a difference of 30 ms
		assertTrue(p50.low() < 30 && p50.high() > 30, "the interval covers 30 ms: " + p50);
		assertTrue(p50.low() > 0, p50.toString());
		assertTrue(p50.relative() > 0.2 && p50.relative() < 0.4, p50.toString());
		assertTrue(p50.cliffsDelta() > 0.3 && p50.cliffsDelta() < 0.8, "a medium effect: " + p50);
		assertEquals(Verdict.WORSE, metric(v, "TTFT", "p90").verdict());
		assertEquals(Verdict.WORSE, metric(v, "E2E", "p50").verdict());
		// the token pace did not change
		assertEquals(Verdict.NO_CHANGE, metric(v, "ITL", "p50").verdict(), metric(v, "ITL", "p50").toString());
		assertTrue(v.regressed());
		assertTrue(v.regressions().stream().allMatch(m -> m.metric().equals("TTFT") || m.metric().equals("E2E")),
				v.regressions().toString());
	}

	@Test
	void anImprovementIsBetterNotWorse() {
		RunVerdict v = compare(run(3, 800, 130, 50, 0), run(4, 800, 100, 50, 0), VerdictPolicy.defaults());
		assertEquals(Verdict.BETTER, metric(v, "TTFT", "p50").verdict());
		assertTrue(metric(v, "TTFT", "p50").high() < 0);
		assertTrue(metric(v, "TTFT", "p50").cliffsDelta() < 0);
		assertFalse(v.regressed());
	}

	@Test
	void aSignificantButTinyShiftOnAHugeSampleIsNoPracticalChange() {
		// 2 % slower on 5000 requests a side: the interval excludes 0, but 2 % is below the 5 % minimum effect
		List<RequestResult> base = run(5, 5000, 100, 50, 0);
		List<RequestResult> cand = base.stream().map(r -> scaleTtft(r, 1.02)).toList();
		MetricVerdict p50 = metric(compare(base, cand, VerdictPolicy.defaults()), "TTFT", "p50");
		assertTrue(p50.low() > 0, "significant: " + p50);
		assertEquals(Verdict.NO_CHANGE, p50.verdict(), p50.toString());
		// with no minimum effect the same data is worse
		MetricVerdict strict = metric(compare(base, cand,
				VerdictPolicy.defaults().withMinRelativeEffect(0).withMinAbsoluteMillis(0)), "TTFT", "p50");
		assertEquals(Verdict.WORSE, strict.verdict(), strict.toString());
	}

	private static RequestResult scaleTtft(RequestResult r, double f) {
		return new RequestResult(r.requestId(), r.index(), r.dataset(), r.promptId(), r.attempt(), r.last(), r.warmup(),
				r.startNanos(), r.startEpochMicros(), (long) (r.ttftNanos() * f), r.e2eNanos(), r.itlCount(),
				r.itlMeanNanos(), r.itlMaxNanos(), r.tpotNanos(), r.outputTokens(), r.tokenSource(), r.inputTokens(),
				r.chars(), r.httpStatus(), r.error(), r.errorMessage());
	}

	@Test
	void lowerThroughputAndMoreErrorsAreWorse() {
		RunVerdict v = compare(run(6, 600, 100, 40, 0), run(7, 300, 100, 20, 5), VerdictPolicy.defaults());
		MetricVerdict rps = metric(v, "throughput", "mean");
		assertEquals(Verdict.WORSE, rps.verdict(), rps.toString());
		assertEquals(40, rps.baseline(), 1.5);
		// one in five fails: 16 successes per second
		assertEquals(16, rps.candidate(), 1.5);
		MetricVerdict errors = metric(v, "error rate", "mean");
		assertEquals(Verdict.WORSE, errors.verdict(), errors.toString());
		assertEquals(0, errors.baseline());
		assertEquals(20, errors.candidate(), 0.5);
		assertTrue(errors.low() > 10 && errors.high() < 30, errors.toString());
	}

	@Test
	void tooFewSamplesGiveNoVerdictAndWarmupIsLeftOut() {
		List<RequestResult> few = run(8, 5, 500, 50, 0);
		RunVerdict v = compare(run(9, 500, 100, 50, 0), few, VerdictPolicy.defaults());
		assertEquals(Verdict.NOT_ENOUGH_DATA, metric(v, "TTFT", "p50").verdict());
		assertEquals(5, metric(v, "TTFT", "p50").nCandidate());
		assertFalse(v.regressed(), "five requests are no evidence");
		List<RequestResult> warm = run(10, 500, 300, 50, 0).stream().map(r -> new RequestResult(r.requestId(),
				r.index(), r.dataset(), r.promptId(), r.attempt(), r.last(), true, r.startNanos(), r.startEpochMicros(),
				r.ttftNanos(), r.e2eNanos(), r.itlCount(), r.itlMeanNanos(), r.itlMaxNanos(), r.tpotNanos(),
				r.outputTokens(), r.tokenSource(), r.inputTokens(), r.chars(), r.httpStatus(), r.error(),
				r.errorMessage())).toList();
		List<RequestResult> withWarmup = new ArrayList<>(warm);
		withWarmup.addAll(run(11, 500, 100, 50, 0));
		MetricVerdict p50 = metric(compare(run(12, 500, 100, 50, 0), withWarmup, VerdictPolicy.defaults()), "TTFT",
				"p50");
		assertEquals(500, p50.nCandidate());
		assertEquals(Verdict.NO_CHANGE, p50.verdict(), "slow warm-up requests do not count: " + p50);
	}

	@Test
	void theSameDataGivesTheSameIntervalAndBadPoliciesAreRefused() {
		List<RequestResult> a = run(13, 400, 100, 50, 0);
		List<RequestResult> b = run(14, 400, 110, 50, 0);
		MetricVerdict x = metric(compare(a, b, VerdictPolicy.defaults()), "TTFT", "p90");
		MetricVerdict y = metric(compare(a, b, VerdictPolicy.defaults()), "TTFT", "p90");
		assertEquals(x, y);
		assertNotEquals(x.low(), metric(compare(a, b, VerdictPolicy.defaults().withSeed(99)), "TTFT", "p90").low());
		assertThrows(IllegalArgumentException.class, () -> VerdictPolicy.defaults().withConfidence(1.5));
		assertThrows(IllegalArgumentException.class, () -> VerdictPolicy.defaults().withMinRelativeEffect(-1));
	}

	@Test
	void cliffsDeltaIsOneWhenEveryCandidateValueIsLarger() {
		List<RequestResult> base = run(15, 200, 10, 50, 0);
		List<RequestResult> cand = base.stream().map(r -> scaleTtft(r, 1000)).toList();
		MetricVerdict p50 = metric(compare(base, cand, VerdictPolicy.defaults()), "TTFT", "p50");
		assertEquals(1.0, p50.cliffsDelta(), 1e-9);
		MetricVerdict same = metric(compare(base, base, VerdictPolicy.defaults()), "TTFT", "p50");
		assertEquals(0.0, same.cliffsDelta(), 1e-9);
		assertEquals(0.0, same.difference(), 1e-9);
		assertEquals(Verdict.NO_CHANGE, same.verdict());
	}
}
