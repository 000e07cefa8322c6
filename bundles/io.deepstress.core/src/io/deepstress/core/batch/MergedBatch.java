package io.deepstress.core.batch;

import java.util.List;
import java.util.Map;

import io.deepstress.core.run.LatencyStats;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.timeline.TimelinePoint;

/**
 * The combined figures of a batch's runs (its agents): counts summed, percentiles from the sum of their stored
 * histograms (exact: those of the union of their requests at the histograms' precision), throughput over the
 * batch's common window, and one timeline on the reference clock (each agent's per-second buckets shifted by its
 * start on that clock and added). See {@link BatchMerge}.
 *
 * @param batchId               the batch
 * @param agents                its runs, by shard then start
 * @param total                 measured requests of all agents
 * @param succeeded             of which succeeded
 * @param failed                of which failed
 * @param outputTokens          output tokens of the successful requests
 * @param inputTokens           input tokens reported for them
 * @param errors                failed requests by key, summed
 * @param ttft                  TTFT of the union of the agents' requests (ms)
 * @param e2e                   end-to-end latency (ms)
 * @param itl                   inter-token latency (ms)
 * @param tpot                  time per output token (ms)
 * @param histograms            the summed histograms
 * @param windowStartEpochMillis the common window's start on the reference clock: the latest agent start
 * @param windowEndEpochMillis  its end: the earliest agent end (equal to the start when the agents did not overlap)
 * @param requestsPerSecond     successful requests per second over the common window (from the merged timeline's
 *                              whole seconds inside it; the sum of the agents' own rates when it holds none)
 * @param outputTokensPerSecond output tokens per second, the same way
 * @param sumOfAgentRates       the agents' own request rates added (each over its own measured time)
 * @param timelineStartEpochMillis {@code t_s = 0} of the merged timeline on the reference clock (the earliest agent
 *                              start), 0 without a timeline
 * @param timeline              the merged per-second buckets (counts and rates added; per-second medians are the
 *                              agents' weighted by their requests in that second and p99s the highest agent's,
 *                              since only whole-run histograms are stored: bounds, not exact)
 * @param problems              what is not in the figures and why (a run without stored histograms, ...)
 */
public record MergedBatch(String batchId, List<Agent> agents, long total, long succeeded, long failed,
		long outputTokens, long inputTokens, Map<String, Long> errors, LatencyStats ttft, LatencyStats e2e,
		LatencyStats itl, LatencyStats tpot, RunHistograms histograms, long windowStartEpochMillis,
		long windowEndEpochMillis, double requestsPerSecond, double outputTokensPerSecond, double sumOfAgentRates,
		long timelineStartEpochMillis, List<TimelinePoint> timeline, List<String> problems) {

	public MergedBatch {
		agents = List.copyOf(agents);
		errors = Map.copyOf(errors);
		timeline = List.copyOf(timeline);
		problems = List.copyOf(problems);
	}

	/** Length of the common window in seconds. */
	public double windowSeconds() {
		return Math.max(0, windowEndEpochMillis - windowStartEpochMillis) / 1000.0;
	}

	/**
	 * One agent's run in the batch.
	 *
	 * @param runId             the run
	 * @param name              its name
	 * @param shard             its shard, or null for a run recorded without one
	 * @param status            how it ended
	 * @param clock             its clock against the server's (unknown for a run without a shard)
	 * @param host              the agent's host, or empty
	 * @param startEpochMillis  its start on the reference clock
	 * @param endEpochMillis    its end on the reference clock
	 * @param succeeded         its successful requests
	 * @param failed            its failed requests
	 * @param requestsPerSecond its own request rate
	 * @param hasHistograms     whether its histograms are stored (else its requests are not in the percentiles)
	 */
	public record Agent(String runId, String name, Shard shard, RunStatus status, AgentClock clock, String host,
			long startEpochMillis, long endEpochMillis, long succeeded, long failed, double requestsPerSecond,
			boolean hasHistograms) {
	}
}
