package io.deepstress.core.slo;

import java.util.List;

/**
 * How a run did against an SLO.
 *
 * @param expression       the SLO, as written
 * @param total            measured requests (final attempts, warm-up excluded)
 * @param met              of which met every per-request limit (a failed request never does)
 * @param metOutputTokens  output tokens of the requests that met them
 * @param durationSeconds  the run's measured window
 * @param attainmentTarget the share required, or NaN for none
 * @param limits           each run-level limit with its measured value
 */
public record SloResult(String expression, long total, long met, long metOutputTokens, double durationSeconds,
		double attainmentTarget, List<LimitResult> limits) {

	public SloResult {
		limits = List.copyOf(limits);
	}

	/** Share of the measured requests that met every per-request limit, 0 when there were none. */
	public double attainment() {
		return total > 0 ? (double) met / total : 0;
	}

	/** Requests per second of the measured window that met every per-request limit. */
	public double goodputRps() {
		return durationSeconds > 0 ? met / durationSeconds : 0;
	}

	/** Output tokens per second of the measured window, of the requests that met every per-request limit. */
	public double goodputTps() {
		return durationSeconds > 0 ? metOutputTokens / durationSeconds : 0;
	}

	/** Whether the attainment target (when there is one) was reached. */
	public boolean attainmentPassed() {
		return Double.isNaN(attainmentTarget) || (total > 0 && attainment() >= attainmentTarget);
	}

	/** Whether every run-level limit held and the attainment target (when there is one) was reached. */
	public boolean passed() {
		return attainmentPassed() && limits.stream().allMatch(LimitResult::passed);
	}

	/** The run-level limits that failed. */
	public List<LimitResult> failedLimits() {
		return limits.stream().filter(l -> !l.passed()).toList();
	}

	/**
	 * One run-level limit.
	 *
	 * @param name        {@code ttft_p99}, ...
	 * @param text        as written in the expression
	 * @param limitMillis the limit
	 * @param valueMillis the measured statistic, NaN when no request had a value
	 * @param passed      whether the value is within the limit (false without a value)
	 * @param counted     successful requests with a value of the metric (for ITL: 0, the gaps are not counted
	 *                    per request)
	 * @param within      of which had a value within the limit (the limit holds when {@code within / counted}
	 *                    reaches the statistic's quantile)
	 * @param quantile    the statistic's quantile (0.99 for p99, 1 for max)
	 */
	public record LimitResult(String name, String text, double limitMillis, double valueMillis, boolean passed,
			long counted, long within, double quantile) {
	}
}
