package io.deepstress.core.verdict;

import java.util.List;
import java.util.Optional;

/**
 * A candidate (a run or the runs of a batch) judged against a baseline, metric by metric.
 *
 * @param baseline  what the baseline is (a run id, "batch ID")
 * @param candidate what the candidate is
 * @param policy    how strict the verdicts are
 * @param metrics   one verdict per metric and statistic
 */
public record RunVerdict(String baseline, String candidate, VerdictPolicy policy, List<MetricVerdict> metrics) {

	public RunVerdict {
		metrics = List.copyOf(metrics);
	}

	/** The metrics that are significantly and practically worse. */
	public List<MetricVerdict> regressions() {
		return metrics.stream().filter(m -> m.verdict() == Verdict.WORSE).toList();
	}

	/** Whether a metric is significantly and practically worse. */
	public boolean regressed() {
		return !regressions().isEmpty();
	}

	/** The verdict on this metric and statistic ("TTFT", "p50"). */
	public Optional<MetricVerdict> metric(String metric, String statistic) {
		return metrics.stream().filter(m -> m.metric().equals(metric) && m.statistic().equals(statistic)).findFirst();
	}
}
