package io.deepstress.core.capacity;

import java.util.List;

import io.deepstress.core.run.RunSummary;
import io.deepstress.core.slo.SloResult;

/**
 * One load level of a capacity search, its runs pooled.
 *
 * @param level       concurrency or rate
 * @param runs        its runs (more than one when the verdict was close), in order
 * @param total       measured requests of all its runs
 * @param met         of which met every per-request limit
 * @param failed      of which failed
 * @param passed      whether the SLO held (point estimate of every check: share within the limit >= its target)
 * @param confident   whether the verdict is outside every check's confidence interval (Wilson) at the search's
 *                    confidence: a passing level's every interval above its target, a failing level's failing
 *                    check's interval below it
 * @param checks      the checks the verdict comes from
 * @param errorStop   whether it failed on the error-rate limit
 * @param goodputRps  mean goodput of its runs, requests/s
 * @param goodputTps  mean goodput of its runs, output tokens/s
 * @param ttftP50     mean over its runs of the TTFT p50 (ms), NaN when none
 * @param ttftP99     mean over its runs of the TTFT p99 (ms)
 * @param e2eP99      mean over its runs of the E2E p99 (ms)
 * @param tpotP99     mean over its runs of the TPOT p99 (ms)
 * @param throughput  mean request throughput of its runs (req/s)
 */
public record CapacityLevel(double level, List<Run> runs, long total, long met, long failed, boolean passed,
		boolean confident, List<Check> checks, boolean errorStop, double goodputRps, double goodputTps, double ttftP50,
		double ttftP99, double e2eP99, double tpotP99, double throughput) {

	public CapacityLevel {
		runs = List.copyOf(runs);
		checks = List.copyOf(checks);
	}

	/** Share of the measured requests that met every per-request limit. */
	public double attainment() {
		return total > 0 ? (double) met / total : 0;
	}

	/** Share of the measured requests that failed. */
	public double errorRate() {
		return total > 0 ? (double) failed / total : 1;
	}

	/** The check furthest on the failing side (smallest share minus target). */
	public Check worst() {
		return checks.stream().min(java.util.Comparator.comparingDouble(c -> c.share() - c.target())).orElse(null);
	}

	/**
	 * One run of a level.
	 *
	 * @param summary the run
	 * @param slo     how it did against the SLO
	 */
	public record Run(RunSummary summary, SloResult slo) {
	}

	/**
	 * A share the level's verdict rests on: the attainment against its target, or for a run-level limit
	 * {@code metric_pQ <= X} the share of requests with the metric within X against Q.
	 *
	 * @param name      {@code attainment}, {@code ttft_p99}, ...
	 * @param successes requests within
	 * @param n         requests counted
	 * @param target    the share required
	 * @param low       lower end of the share's Wilson interval
	 * @param high      upper end
	 */
	public record Check(String name, long successes, long n, double target, double low, double high) {

		public double share() {
			return n > 0 ? (double) successes / n : 0;
		}

		public boolean passed() {
			return n > 0 && share() >= target;
		}

		/** Passed with its whole interval at or above the target, or failed with its whole interval below. */
		public boolean confident() {
			return passed() ? low >= target : high < target;
		}
	}
}
