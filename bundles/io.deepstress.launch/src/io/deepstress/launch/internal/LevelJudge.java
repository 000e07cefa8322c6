package io.deepstress.launch.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import io.deepstress.core.capacity.CapacityLevel;
import io.deepstress.core.slo.Intervals;
import io.deepstress.core.slo.Slo;
import io.deepstress.core.slo.SloMetric;
import io.deepstress.core.slo.SloResult;

/**
 * Judges one level of a capacity search from its runs, pooled: per check (the attainment against its target,
 * each run-level limit {@code metric_pQ <= X} as the share of requests within X against Q) the pooled share and
 * its Wilson interval; the level passes when every share reaches its target and no more than the error-rate limit
 * of its requests failed.
 */
final class LevelJudge {

	/** The attainment a search asks for when the SLO has per-request limits and names no target. */
	static final double DEFAULT_ATTAINMENT = 0.9;

	private final Slo slo;
	private final double z;
	private final double maxErrorRate;

	LevelJudge(Slo slo, double confidence, double maxErrorRate) {
		this.slo = slo;
		this.z = Intervals.z(confidence);
		this.maxErrorRate = maxErrorRate;
	}

	CapacityLevel judge(double level, List<CapacityLevel.Run> runs) {
		long total = 0;
		long met = 0;
		long failed = 0;
		for (CapacityLevel.Run r : runs) {
			total += r.slo().total();
			met += r.slo().met();
			failed += r.summary().failed();
		}
		List<CapacityLevel.Check> checks = new ArrayList<>();
		if (!slo.perRequest().isEmpty() || slo.hasAttainmentTarget()) {
			double target = slo.hasAttainmentTarget() ? slo.attainmentTarget() : DEFAULT_ATTAINMENT;
			checks.add(check("attainment", met, total, target));
		}
		boolean itlPassed = true;
		int limits = runs.isEmpty() ? 0 : runs.get(0).slo().limits().size();
		for (int i = 0; i < limits; i++) {
			String name = runs.get(0).slo().limits().get(i).name();
			if (name.startsWith(SloMetric.ITL.key() + "_")) { // every gap, not one value per request: pass/fail only
				final int at = i;
				itlPassed &= runs.stream().allMatch(r -> r.slo().limits().get(at).passed());
				continue;
			}
			long within = 0;
			long counted = 0;
			for (CapacityLevel.Run r : runs) {
				SloResult.LimitResult l = r.slo().limits().get(i);
				within += l.within();
				counted += l.counted();
			}
			checks.add(check(name, within, counted, runs.get(0).slo().limits().get(i).quantile()));
		}
		// no measured request (a level shorter than its warm-up): a failing verdict that is not confident, so the
		// level is run again; errors beyond the limit: a confident failure
		boolean errorStop = total > 0 && (double) failed / total > maxErrorRate;
		boolean passed = total > 0 && !errorStop && itlPassed && checks.stream().allMatch(CapacityLevel.Check::passed);
		boolean confident = total > 0 && (errorStop || (passed ? checks.stream().allMatch(CapacityLevel.Check::confident)
				: !itlPassed || checks.stream().anyMatch(c -> !c.passed() && c.confident())));
		return new CapacityLevel(level, runs, total, met, failed, passed, confident, checks, errorStop,
				mean(runs, r -> r.slo().goodputRps()), mean(runs, r -> r.slo().goodputTps()),
				mean(runs, r -> r.summary().ttft().p50()), mean(runs, r -> r.summary().ttft().p99()),
				mean(runs, r -> r.summary().e2e().p99()), mean(runs, r -> r.summary().tpot().p99()),
				mean(runs, r -> r.summary().requestsPerSecond()));
	}

	private CapacityLevel.Check check(String name, long successes, long n, double target) {
		double[] ci = Intervals.wilson(successes, n, z);
		return new CapacityLevel.Check(name, successes, n, target, ci[0], ci[1]);
	}

	private static double mean(List<CapacityLevel.Run> runs, ToDoubleFunction<CapacityLevel.Run> f) {
		return runs.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
	}
}
