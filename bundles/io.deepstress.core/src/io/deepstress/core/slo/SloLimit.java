package io.deepstress.core.slo;

import java.util.Objects;

import io.deepstress.core.run.LatencyStats;

/**
 * One limit of an SLO. Without a statistic it is a per-request limit (every request is judged by its own
 * value); with one ({@code p50}, {@code p90}, {@code p95}, {@code p99}, {@code max}) it is a run-level limit on
 * that statistic of the run's distribution.
 *
 * @param metric     what is limited
 * @param statistic  {@code p50 p90 p95 p99 max}, or null for a per-request limit
 * @param limitNanos the limit
 * @param strict     {@code <} rather than {@code <=}
 * @param text       the part of the expression it was read from, as written
 */
public record SloLimit(SloMetric metric, String statistic, long limitNanos, boolean strict, String text) {

	public SloLimit {
		Objects.requireNonNull(metric, "metric");
		if (statistic != null && quantileOf(statistic) < 0) {
			throw new IllegalArgumentException("Unknown statistic " + statistic);
		}
		if (limitNanos < 0) {
			throw new IllegalArgumentException("A limit must not be negative");
		}
		text = text == null ? metric.key() + (statistic == null ? "" : "_" + statistic) + (strict ? "<" : "<=")
				+ limitNanos / 1_000_000.0 + "ms" : text;
	}

	/** Whether it limits each request (no statistic) rather than the run. */
	public boolean perRequest() {
		return statistic == null;
	}

	/** {@code ttft}, {@code ttft_p99}, ... */
	public String name() {
		return statistic == null ? metric.key() : metric.key() + "_" + statistic;
	}

	/** The limit in milliseconds. */
	public double limitMillis() {
		return limitNanos / 1e6;
	}

	/** The quantile the statistic stands for (0.5 ... 0.99, 1 for max), or 1 for a per-request limit. */
	public double quantile() {
		return statistic == null ? 1.0 : quantileOf(statistic);
	}

	/** Whether a value in nanoseconds is within the limit. */
	public boolean holds(long valueNanos) {
		return strict ? valueNanos < limitNanos : valueNanos <= limitNanos;
	}

	/** Whether a value in milliseconds is within the limit. */
	public boolean holdsMillis(double valueMillis) {
		double limit = limitMillis();
		return strict ? valueMillis < limit : valueMillis <= limit;
	}

	/** The statistic of {@code stats} this run-level limit is about, in milliseconds (NaN when there are none). */
	public double valueOf(LatencyStats stats) {
		return switch (statistic) {
			case "p50" -> stats.p50();
			case "p90" -> stats.p90();
			case "p95" -> stats.p95();
			case "p99" -> stats.p99();
			case "max" -> stats.max();
			default -> throw new IllegalStateException("per-request limit " + name());
		};
	}

	static double quantileOf(String statistic) {
		return switch (statistic) {
			case "p50" -> 0.50;
			case "p90" -> 0.90;
			case "p95" -> 0.95;
			case "p99" -> 0.99;
			case "max" -> 1.0;
			default -> -1;
		};
	}
}
