package io.deepstress.core.run;

/**
 * A running test at one instant; published at most about ten times per second.
 *
 * @param runId                run id
 * @param name                 run name
 * @param elapsedSeconds       since the run started
 * @param sent                 requests sent so far (warm-up included)
 * @param completed            measured requests finished
 * @param succeeded            of which succeeded
 * @param failed               of which failed
 * @param inFlight             requests in flight now
 * @param requestsPerSecond    measured completions per second since the run started
 * @param outputTokensPerSecond output tokens per second since the run started
 * @param ttftP50Ms            TTFT median so far
 * @param ttftP99Ms            TTFT p99 so far
 * @param e2eP50Ms             end-to-end median so far
 * @param e2eP99Ms             end-to-end p99 so far
 * @param progress             0..1 when the end is known (count or duration), NaN otherwise
 */
public record LiveSnapshot(String runId, String name, double elapsedSeconds, long sent, long completed, long succeeded,
		long failed, int inFlight, double requestsPerSecond, double outputTokensPerSecond, double ttftP50Ms,
		double ttftP99Ms, double e2eP50Ms, double e2eP99Ms, double progress) {
}
