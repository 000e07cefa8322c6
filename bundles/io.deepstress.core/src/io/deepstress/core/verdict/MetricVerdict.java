package io.deepstress.core.verdict;

import io.deepstress.core.metrics.RunComparison.Better;

/**
 * The verdict on one statistic of one metric. Differences are candidate minus baseline, in the metric's unit;
 * values that cannot be computed (too few samples) are NaN.
 *
 * @param metric      the metric ("TTFT", "E2E", "TPOT", "ITL", "throughput", "output throughput", "error rate")
 * @param statistic   the compared statistic ("p50", "p90", "mean")
 * @param unit        the unit ("ms", "req/s", "tok/s", "%")
 * @param better      which way is better
 * @param baseline    the statistic on the baseline's samples
 * @param candidate   the statistic on the candidate's samples
 * @param difference  candidate − baseline
 * @param low         lower end of the confidence interval of the difference
 * @param high        upper end of the confidence interval of the difference
 * @param relative    difference / baseline (0.12 = +12 %), NaN for a baseline of 0
 * @param cliffsDelta Cliff's delta of the candidate against the baseline (−1 to 1; positive: candidate values larger)
 * @param threshold   the minimum practical effect that applied, in the metric's unit
 * @param nBaseline   samples on the baseline side
 * @param nCandidate  samples on the candidate side
 * @param verdict     better, worse, no significant change or not enough data
 */
public record MetricVerdict(String metric, String statistic, String unit, Better better, double baseline,
		double candidate, double difference, double low, double high, double relative, double cliffsDelta,
		double threshold, int nBaseline, int nCandidate, Verdict verdict) {

	/** "TTFT p50". */
	public String name() {
		return metric + " " + statistic;
	}
}
