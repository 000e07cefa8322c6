package io.deepstress.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.deepstress.core.run.ErrorKind;
import io.deepstress.core.run.LatencyStats;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.run.TokenSource;
import io.deepstress.core.slo.Slo;
import io.deepstress.core.slo.SloLimit;
import io.deepstress.core.slo.SloMetric;
import io.deepstress.core.slo.SloResult;
import io.deepstress.core.slo.SloSyntaxException;
import io.deepstress.core.slo.SloTally;

/** SLO expressions, attainment and goodput on synthetic requests with known answers. */
class SloTest {

	private static final long MS = 1_000_000L;

	@Test
	void parsesTheIssuesExample() {
		Slo slo = Slo.parse("ttft_p99<=500ms,tpot_p99<=50ms,e2e<=20s");
		assertEquals(3, slo.limits().size());
		SloLimit ttft = slo.limits().get(0);
		assertEquals(SloMetric.TTFT, ttft.metric());
		assertEquals("p99", ttft.statistic());
		assertEquals(500 * MS, ttft.limitNanos());
		assertFalse(ttft.perRequest());
		assertEquals(0.99, ttft.quantile());
		SloLimit e2e = slo.limits().get(2);
		assertTrue(e2e.perRequest());
		assertEquals(20_000 * MS, e2e.limitNanos());
		assertEquals(List.of(e2e), slo.perRequest());
		assertEquals(2, slo.runLevel().size());
		assertFalse(slo.hasAttainmentTarget());
		assertEquals("p99 TTFT <= 500 ms, p99 TPOT <= 50 ms, E2E <= 20 s", slo.describe());
	}

	@Test
	void readsUnitsOperatorsSpacesAndTheAttainmentTarget() {
		Slo slo = Slo.parse(" itl < 250us , ttft_max<=1.5s, tpot_p50 <= 20 ms, attainment>=90% ");
		assertEquals(250_000L, slo.limits().get(0).limitNanos());
		assertTrue(slo.limits().get(0).strict());
		assertFalse(slo.limits().get(0).holds(250_000L));
		assertTrue(slo.limits().get(0).holds(249_999L));
		assertEquals(1_500 * MS, slo.limits().get(1).limitNanos());
		assertEquals(1.0, slo.limits().get(1).quantile());
		assertEquals(20 * MS, slo.limits().get(2).limitNanos());
		assertEquals(0.9, slo.attainmentTarget(), 1e-12);
		assertEquals(0.995, Slo.parse("e2e<=1s,attainment>=0.995").attainmentTarget(), 1e-12);
	}

	@Test
	void aBadExpressionNamesTheOffendingPart() {
		assertPart("ttft_p99<=500ms,tpot<=abc", "tpot<=abc");
		assertPart("ttft_p99<=500ms,foo<=5ms", "foo<=5ms");
		assertPart("ttft<=500", "ttft<=500");
		assertPart("ttft<=5min", "ttft<=5min");
		assertPart("ttft_p42<=5ms", "ttft_p42<=5ms");
		assertPart("ttft>=5ms", "ttft>=5ms");
		assertPart("e2e<=1s,,ttft<=1s", "");
		assertPart("e2e<=1s,attainment>=150%", "attainment>=150%");
		assertPart("attainment>=90%", "attainment>=90%");
		SloSyntaxException e = assertThrows(SloSyntaxException.class, () -> Slo.parse("foo<=5ms"));
		assertTrue(e.getMessage().contains("'foo<=5ms'") && e.getMessage().contains("unknown metric 'foo'"),
				e.getMessage());
		assertThrows(SloSyntaxException.class, () -> Slo.parse("  "));
	}

	private static void assertPart(String expression, String part) {
		SloSyntaxException e = assertThrows(SloSyntaxException.class, () -> Slo.parse(expression), expression);
		assertEquals(part, e.part().strip(), e.getMessage());
		assertTrue(e.getMessage().contains("'" + e.part() + "'"), e.getMessage());
	}

	/**
	 * Ten measured requests over a 5 s window: 6 meet TTFT <= 100 ms and E2E <= 2 s, 2 are too slow (one TTFT,
	 * one E2E), 1 failed, 1 is a non-final attempt of a retried request (its final attempt meets); plus a warm-up
	 * request that would fail. Attainment 7/10 (failed counts as not meeting), goodput 7/5 req/s and the met
	 * requests' 7 * 100 tokens / 5 s.
	 */
	@Test
	void attainmentAndGoodputOnKnownRequests() {
		List<RequestResult> rs = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			rs.add(ok(i, 50 + i, 1000, 100));
		}
		rs.add(ok(6, 150, 1000, 100)); // TTFT too slow
		rs.add(ok(7, 50, 2500, 100)); // E2E too slow
		rs.add(failed(8));
		rs.add(attempt(9, false, false, 900, 3000)); // a retried attempt: not counted
		rs.add(attempt(9, true, false, 60, 1200));
		rs.add(attempt(10, true, true, 900, 9000)); // warm-up: not counted
		SloTally tally = new SloTally(Slo.parse("ttft<=100ms,e2e<=2s"));
		tally.onResults(rs.subList(0, 5));
		tally.onResults(rs.subList(5, rs.size()));
		SloResult r = tally.result(summary(5.0, stats(40, 200), stats(1000, 2600)));
		assertEquals(10, r.total());
		assertEquals(7, r.met());
		assertEquals(0.7, r.attainment(), 1e-12);
		assertEquals(1.4, r.goodputRps(), 1e-12);
		assertEquals(140.0, r.goodputTps(), 1e-12);
		assertTrue(r.limits().isEmpty());
		assertTrue(r.passed(), "no run-level limit and no attainment target");
		SloResult withTarget = new SloTally(Slo.parse("ttft<=100ms,e2e<=2s,attainment>=75%")).result(summary(5.0,
				stats(40, 200), stats(1000, 2600)));
		assertFalse(withTarget.passed(), "no requests, target 75 %");
		SloTally t2 = new SloTally(Slo.parse("ttft<=100ms,e2e<=2s,attainment>=70%"));
		t2.onResults(rs);
		assertTrue(t2.result(summary(5.0, stats(40, 200), stats(1000, 2600))).passed(), "7/10 reaches 70 %");
	}

	@Test
	void runLevelLimitsAreJudgedOnTheRunsPercentilesWithCounts() {
		List<RequestResult> rs = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			rs.add(ok(i, i < 95 ? 100 : 700, 1000, 10)); // 95 within 500 ms
		}
		SloTally tally = new SloTally(Slo.parse("ttft_p90<=500ms,ttft_p99<=500ms,e2e_max<1s"));
		tally.onResults(rs);
		SloResult r = tally.result(summary(10.0, new LatencyStats(100, 130, 100, 100, 650, 700, 700),
				new LatencyStats(100, 1000, 1000, 1000, 1000, 1000, 1000)));
		assertEquals(3, r.limits().size());
		SloResult.LimitResult p90 = r.limits().get(0);
		assertEquals("ttft_p90", p90.name());
		assertEquals(100.0, p90.valueMillis());
		assertTrue(p90.passed());
		assertEquals(100, p90.counted());
		assertEquals(95, p90.within());
		SloResult.LimitResult p99 = r.limits().get(1);
		assertEquals(700.0, p99.valueMillis());
		assertFalse(p99.passed());
		assertFalse(r.limits().get(2).passed(), "max 1000 ms is not < 1 s");
		assertEquals(0, r.limits().get(2).within());
		assertFalse(r.passed());
		assertEquals(List.of("ttft_p99", "e2e_max"), r.failedLimits().stream().map(SloResult.LimitResult::name).toList());
		assertEquals(1.0, r.attainment(), "no per-request limit: every successful request meets");
		assertEquals(10.0, r.goodputRps(), 1e-12);
	}

	@Test
	void aRunWithoutValuesFailsItsRunLevelLimits() {
		SloTally tally = new SloTally(Slo.parse("ttft_p99<=500ms"));
		tally.add(failed(0));
		SloResult r = tally.result(summary(1.0, LatencyStats.EMPTY, LatencyStats.EMPTY));
		assertFalse(r.passed());
		assertTrue(Double.isNaN(r.limits().get(0).valueMillis()));
		assertEquals(0.0, r.attainment());
		assertEquals(0.0, r.goodputRps());
	}

	@Test
	void perRequestItlIsTheRequestsOwnLargestGapAndTpotNeedsTwoTokens() {
		SloTally tally = new SloTally(Slo.parse("itl<=30ms,tpot<=10ms"));
		tally.add(new RequestResult("a", 0, "d", "p", 1, true, false, 0, 0, 10 * MS, 100 * MS, 9, 9 * MS, 40 * MS,
				9 * MS, 10, TokenSource.USAGE, 5, 40, 200, null, null)); // one gap of 40 ms: fails
		tally.add(new RequestResult("b", 1, "d", "p", 1, true, false, 0, 0, 10 * MS, 100 * MS, 9, 9 * MS, 20 * MS,
				9 * MS, 10, TokenSource.USAGE, 5, 40, 200, null, null)); // meets
		tally.add(new RequestResult("c", 2, "d", "p", 1, true, false, 0, 0, -1, 100 * MS, 0, -1, -1, -1, 1,
				TokenSource.USAGE, 5, 4, 200, null, null)); // one token, non-streamed: no ITL nor TPOT, meets
		SloResult r = tally.result(summary(1.0, stats(10, 10), stats(100, 100)));
		assertEquals(2, r.met());
		assertEquals(11, r.metOutputTokens());
	}

	// ---------------------------------------------------------------------------------------------- samples

	private static RequestResult ok(long i, long ttftMs, long e2eMs, long tokens) {
		return new RequestResult("r" + i, i, "d", "p" + i, 1, true, false, 0, 0, ttftMs * MS, e2eMs * MS,
				(int) tokens - 1, MS, 2 * MS, (e2eMs - ttftMs) * MS / (tokens - 1), tokens, TokenSource.USAGE, 10, tokens * 4,
				200, null, null);
	}

	private static RequestResult attempt(long i, boolean last, boolean warmup, long ttftMs, long e2eMs) {
		return new RequestResult("r" + i + (last ? "" : "-1"), i, "d", "p", last ? 2 : 1, last, warmup, 0, 0,
				ttftMs * MS, e2eMs * MS, 99, MS, 2 * MS, MS, 100, TokenSource.USAGE, 10, 400, 200, null, null);
	}

	private static RequestResult failed(long i) {
		return new RequestResult("r" + i, i, "d", "p", 1, true, false, 0, 0, -1, 30 * MS, 0, -1, -1, -1, 0,
				TokenSource.USAGE, -1, 0, 500, ErrorKind.HTTP_5XX, "HTTP 500");
	}

	private static LatencyStats stats(double low, double high) {
		return new LatencyStats(10, (low + high) / 2, low, high, high, high, high);
	}

	private static RunSummary summary(double seconds, LatencyStats ttft, LatencyStats e2e) {
		return new RunSummary("run", "run", "m", "closed loop, concurrency 4", 4, RunStatus.COMPLETED, null, 0, 0,
				seconds, 10, 9, 1, 12, 900, 100, 3600, 0, 9 / seconds, 900 / seconds, Double.NaN, Double.NaN, ttft, e2e,
				LatencyStats.EMPTY, LatencyStats.EMPTY, Map.of(), List.of(), 1, 1, 1);
	}
}
