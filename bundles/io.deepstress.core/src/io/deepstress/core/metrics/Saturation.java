package io.deepstress.core.metrics;

/**
 * A run found saturated: over the last window of one-second buckets, requests in flight and latency grew
 * significantly while throughput did not grow in proportion (see {@link SaturationDetector}). Slopes are per second;
 * "low" and "high" are the ends of their confidence intervals.
 *
 * @param runId              the run
 * @param atSecond           seconds since the run's first snapshot when it was found
 * @param windowSeconds      the window the slopes were fitted on
 * @param throughput         mean completions per second in the window
 * @param throughputSlopeHigh upper confidence bound of the throughput's slope (completions/s per s)
 * @param latencyMs          mean E2E latency in the window, ms
 * @param latencySlopeLow    lower confidence bound of the latency's slope (ms per s)
 * @param inFlight           mean requests in flight in the window
 * @param inFlightSlopeLow   lower confidence bound of the in-flight slope (requests per s)
 * @param confidence         the confidence level of the bounds
 */
public record Saturation(String runId, double atSecond, int windowSeconds, double throughput, double throughputSlopeHigh,
		double latencyMs, double latencySlopeLow, double inFlight, double inFlightSlopeLow, double confidence) {

	/** One line for a person. */
	public String describe() {
		return String.format(java.util.Locale.ROOT,
				"saturated after %.0f s: %.1f req/s and not growing (slope at most %+.2f/s), while requests in flight"
						+ " grow (at least %+.1f/s, now %.0f) and latency grows (at least %+.0f ms/s, now %.0f ms)",
				atSecond, throughput, throughputSlopeHigh, inFlightSlopeLow, inFlight, latencySlopeLow, latencyMs);
	}
}
