package io.deepstress.core.timeline;

/**
 * One second of a run as the client saw it (see docs/ARCHITECTURE.md, "Timeline"). Percentiles are NaN when no
 * request of that second has the figure.
 *
 * @param tS               the second's start, in seconds since the run's start on the monotonic clock
 * @param inFlight         mean number of attempts in flight during the second (warm-up and retries included)
 * @param started          attempts started in the second
 * @param completed        measured requests (final attempts, warm-up excluded) that ended in the second
 * @param failed           of which failed
 * @param outputTokensPerS output tokens of successful measured requests generated in the second (each request's
 *                         tokens spread evenly over its first-token-to-end interval)
 * @param ttftP50Ms        TTFT median of the measured requests whose first token came in the second
 * @param ttftP99Ms        TTFT p99 of the same requests
 * @param itlP50Ms         median of the mean inter-token latency of the measured requests that ended in the second
 * @param itlP99Ms         p99 of the same
 * @param queueDelayP50Ms  open loop / trace only: median queueing delay (sent after the scheduled arrival) of the
 *                         measured requests first sent in the second; NaN for a closed loop
 * @param queueDelayP99Ms  p99 of the same
 */
public record TimelinePoint(double tS, double inFlight, long started, long completed, long failed,
		double outputTokensPerS, double ttftP50Ms, double ttftP99Ms, double itlP50Ms, double itlP99Ms,
		double queueDelayP50Ms, double queueDelayP99Ms) {

	/** A second with no queueing delay measured (a closed loop). */
	public TimelinePoint(double tS, double inFlight, long started, long completed, long failed,
			double outputTokensPerS, double ttftP50Ms, double ttftP99Ms, double itlP50Ms, double itlP99Ms) {
		this(tS, inFlight, started, completed, failed, outputTokensPerS, ttftP50Ms, ttftP99Ms, itlP50Ms, itlP99Ms,
				Double.NaN, Double.NaN);
	}
}
