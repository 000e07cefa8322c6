package io.deepstress.core.run;

/** Distribution summary of a latency, in milliseconds. All NaN when there were no values. */
public record LatencyStats(long count, double mean, double p50, double p90, double p95, double p99, double max) {

	public static final LatencyStats EMPTY = new LatencyStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
			Double.NaN, Double.NaN);
}
