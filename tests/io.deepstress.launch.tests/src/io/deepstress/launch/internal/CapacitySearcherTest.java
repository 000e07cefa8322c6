package io.deepstress.launch.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;

import io.deepstress.core.capacity.CapacityLevel;
import io.deepstress.core.capacity.CapacityRequest;
import io.deepstress.core.capacity.CapacityResult;
import io.deepstress.core.launch.RunPlan;
import io.deepstress.core.model.Datasets;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.LatencyStats;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.run.Timeouts;
import io.deepstress.core.slo.Intervals;
import io.deepstress.core.slo.Slo;
import io.deepstress.core.slo.SloResult;

/**
 * The search's decisions on synthetic levels with a known capacity: each run of a level draws its requests'
 * meeting the SLO from a binomial whose probability is known per level, so the true answer is known and the
 * interval's coverage can be counted over many searches (seeded: the same every build).
 */
class CapacitySearcherTest {

	private static final int REQUESTS = 60;

	@Test
	void wilsonAndTheNormalQuantileHaveTheirTextbookValues() {
		assertEquals(1.959964, Intervals.z(0.95), 1e-5);
		assertEquals(2.575829, Intervals.z(0.99), 1e-5);
		double[] ci = Intervals.wilson(45, 50, 1.959964);
		assertEquals(0.7864, ci[0], 1e-3);
		assertEquals(0.9565, ci[1], 1e-3);
		assertEquals(0.0, Intervals.wilson(0, 10, 1.96)[0]);
	}

	@Test
	void aCliffIsFoundAndItsIntervalCoversTheCapacityInRepeatedSearches() throws Exception {
		int k = 12;
		int exact = 0;
		int covered = 0;
		int cliffs = 0;
		for (int seed = 0; seed < 100; seed++) {
			CapacityResult r = search(request(1, 64), new Random(seed), level -> level <= k ? 0.99 : 0.2);
			exact += r.answer() == k ? 1 : 0;
			covered += r.low() <= k && k <= r.high() ? 1 : 0;
			cliffs += "cliff".equals(r.boundary()) ? 1 : 0;
			assertEquals("found", r.stop());
		}
		assertTrue(exact >= 95, exact + " of 100 found K exactly");
		assertTrue(covered >= 95, covered + " of 100 intervals cover K");
		assertTrue(cliffs >= 95, cliffs + " of 100 called a cliff");
	}

	@Test
	void aSlopeIsCalledSoAndTheIntervalStillCoversTheLastLevelThatHolds() throws Exception {
		int k = 20; // the share meeting falls by 4 points per user beyond 20: 0.89 at 21 (below the 90 % target)
		int covered = 0;
		int slopes = 0;
		int close = 0;
		for (int seed = 0; seed < 100; seed++) {
			CapacityResult r = search(request(1, 64), new Random(1000 + seed),
					level -> level <= k ? 0.99 : Math.max(0, 0.93 - 0.04 * (level - k)));
			covered += r.low() <= k && k <= r.high() ? 1 : 0;
			slopes += "slope".equals(r.boundary()) ? 1 : 0;
			close += Math.abs(r.answer() - k) <= 1 ? 1 : 0;
		}
		assertTrue(covered >= 90, covered + " of 100 intervals cover K");
		assertTrue(slopes >= 90, slopes + " of 100 called a slope");
		assertTrue(close >= 80, close + " of 100 answers within 1 of K");
	}

	@Test
	void closeLevelsAreRepeatedAndPooled() throws Exception {
		// 0.95 with 60 requests: the Wilson interval straddles the 90 % target, so the level runs up to 3 times
		CapacityResult r = new CapacitySearcher(request(4, 4), level -> run(level, REQUESTS, 3, 0), (i, l) -> {
		}).search("b", List.of());
		CapacityLevel only = r.levels().get(0);
		assertEquals(3, only.runs().size());
		assertEquals(3 * REQUESTS, only.total());
		assertEquals("max-holds", r.stop());
		assertTrue(r.message().contains("still held at the highest level"), r.message());
	}

	@Test
	void whenTheLowestLevelFailsThereIsNoAnswerButTheLevelIsKept() throws Exception {
		CapacityResult r = search(request(2, 64), new Random(3), level -> 0.1);
		assertFalse(r.found());
		assertEquals("lowest-fails", r.stop());
		assertEquals(1, r.levels().size());
		assertEquals(2.0, r.levels().get(0).level());
		assertEquals("Even the lowest level (2 concurrent users) misses the SLO TTFT <= 100 ms.", r.message());
	}

	@Test
	void anErrorRateBeyondTheLimitFailsTheLevelAndNothingAboveIsTried() throws Exception {
		List<Double> tried = new ArrayList<>();
		CapacitySearcher s = new CapacitySearcher(request(1, 64), level -> {
			tried.add(level);
			return run(level, REQUESTS, level >= 6 ? REQUESTS : 0, level >= 6 ? REQUESTS / 2 : 0);
		}, (i, l) -> {
		});
		CapacityResult r = s.search("batch", List.of());
		assertEquals(5.0, r.answer());
		assertTrue(tried.stream().allMatch(l -> l <= 8), tried.toString());
		assertTrue(r.levels().stream().filter(l -> l.level() >= 6).allMatch(CapacityLevel::errorStop));
		assertEquals("cliff", r.boundary());
		CapacityResult low = new CapacitySearcher(request(1, 64), level -> run(level, REQUESTS, REQUESTS, 40),
				(i, l) -> {
				}).search("b", List.of());
		assertEquals("error-rate", low.stop());
		assertTrue(low.message().contains("more than 10 % of its requests failed"), low.message());
	}

	@Test
	void aLevelWithoutMeasuredRequestsIsRunAgainAndFailsWithoutBeingCalledAnErrorStop() throws Exception {
		int[] runs = { 0 };
		CapacityResult r = new CapacitySearcher(request(1, 64), level -> {
			runs[0]++;
			return run(level, 0, 0, 0);
		}, (i, l) -> {
		}).search("b", List.of());
		assertEquals(3, runs[0], "repeated: no verdict without requests");
		assertEquals("lowest-fails", r.stop());
		assertFalse(r.levels().get(0).errorStop());
		assertFalse(r.levels().get(0).confident());
	}

	@Test
	void aStoppedSearchKeepsItsFinishedLevels() throws Exception {
		int[] runs = { 0 };
		CapacitySearcher s = new CapacitySearcher(request(1, 64), level -> ++runs[0] > 3 ? null
				: run(level, REQUESTS, 0, 0), (i, l) -> {
				});
		CapacityResult r = s.search("b", List.of());
		assertEquals("cancelled", r.stop());
		assertEquals(List.of(1.0, 2.0, 4.0), r.levels().stream().map(CapacityLevel::level).toList());
		assertEquals(4.0, r.answer());
		assertTrue(r.message().endsWith("(partial)"), r.message());
	}

	@Test
	void aRateSearchFindsTheRateWithinItsResolution() throws Exception {
		CapacityRequest rate = new CapacityRequest(RunPlan.of(config()), Slo.parse("ttft<=100ms"),
				CapacityRequest.By.RATE, 0.5, 64, Duration.ofSeconds(1), 3, 0.95, 0.25, 0.1, null);
		CapacityResult r = search(rate, new Random(11), level -> level <= 10.3 ? 0.995 : 0.3);
		assertTrue(r.answer() <= 10.3 && r.answer() >= 10.3 - 0.25, String.valueOf(r.answer()));
		assertTrue(r.message().startsWith(io.deepstress.core.slo.SloFormat.trim(r.answer())
				+ " req/s at TTFT <= 100 ms (95 % CI "), r.message());
	}

	// ----------------------------------------------------------------------------------------------- helpers

	private static CapacityRequest request(double min, double max) {
		return new CapacityRequest(RunPlan.of(config()), Slo.parse("ttft<=100ms"), CapacityRequest.By.CONCURRENCY,
				min, max, Duration.ofSeconds(1), 3, 0.95, 0, 0.1, null);
	}

	private static CapacityResult search(CapacityRequest request, Random random, DoubleUnaryOperator pMeet)
			throws InterruptedException {
		return new CapacitySearcher(request, level -> {
			int met = 0;
			double p = pMeet.applyAsDouble(level);
			for (int i = 0; i < REQUESTS; i++) {
				met += random.nextDouble() < p ? 1 : 0;
			}
			return run(level, REQUESTS, REQUESTS - met, 0);
		}, (i, l) -> {
		}).search("batch", List.of());
	}

	/** A run of {@code n} requests of which {@code missed} (failed ones included) did not meet the SLO. */
	private static CapacityLevel.Run run(double level, int n, int missed, int failed) {
		LatencyStats ttft = new LatencyStats(n, 50, 50, 60, 70, 80, 90);
		RunSummary s = new RunSummary("run-" + level, "c" + level, "m", "closed loop", (int) level, RunStatus.COMPLETED,
				null, 0, 1000, 10, n, n - failed, failed, n, n * 10L, n * 5L, n * 40L, 0, n / 10.0, n, Double.NaN,
				Double.NaN, ttft, ttft, ttft, ttft, Map.of(), List.of(), 1, 1, 1);
		return new CapacityLevel.Run(s, new SloResult("ttft<=100ms", n, n - missed, (n - missed) * 10L, 10, Double.NaN,
				List.of()));
	}

	private static RunConfig config() {
		return new RunConfig("synthetic", new ApiTarget("http://127.0.0.1:1/v1", io.deepstress.core.model.ApiKind.CHAT,
				"m", null, null), RequestOptions.defaults(), List.of(new DatasetShare(Datasets.builtin(), 1)),
				new Load.ClosedLoop(1), Limits.requests(1), Timeouts.defaults(), RetryPolicy.none());
	}
}
