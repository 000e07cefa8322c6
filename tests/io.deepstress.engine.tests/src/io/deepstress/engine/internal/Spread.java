package io.deepstress.engine.internal;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/**
 * Order statistics of measured nanoseconds, for timing checks that hold on a busy machine: a check
 * compares the median and a bounded tail (e.g. 90 % of the requests), never one request against a tight
 * limit, since one request can always meet a descheduled thread.
 */
final class Spread {

	private final long[] sorted;

	Spread(Collection<Long> nanos) {
		if (nanos.isEmpty()) {
			throw new IllegalArgumentException("no values");
		}
		sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
	}

	/** The gaps between consecutive instants of {@code times} (any order). */
	static Spread gaps(Collection<Long> times) {
		long[] t = times.stream().mapToLong(Long::longValue).sorted().toArray();
		java.util.List<Long> gaps = new java.util.ArrayList<>();
		for (int i = 1; i < t.length; i++) {
			gaps.add(t[i] - t[i - 1]);
		}
		return new Spread(gaps);
	}

	/**
	 * How late each of {@code times} (any order) is against a constant rate: time i minus i / rate, less
	 * the smallest such offset, so that the most punctual one is 0 and a drift shows as a growing median.
	 */
	static Spread lateness(Collection<Long> times, double ratePerSecond) {
		long[] t = times.stream().mapToLong(Long::longValue).sorted().toArray();
		long[] offsets = new long[t.length];
		for (int i = 0; i < t.length; i++) {
			offsets[i] = t[i] - (long) (i * 1e9 / ratePerSecond);
		}
		long anchor = Arrays.stream(offsets).min().orElseThrow();
		return new Spread(Arrays.stream(offsets).map(o -> o - anchor).boxed().toList());
	}

	int count() {
		return sorted.length;
	}

	/** The value below or at which {@code q} of the values lie (nearest rank). */
	long quantile(double q) {
		int rank = (int) Math.ceil(q * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

	long median() {
		return quantile(0.5);
	}

	long min() {
		return sorted[0];
	}

	long max() {
		return sorted[sorted.length - 1];
	}

	double mean() {
		return Arrays.stream(sorted).average().orElseThrow();
	}

	double standardDeviation() {
		double mean = mean();
		return Math.sqrt(Arrays.stream(sorted).mapToDouble(v -> (v - mean) * (v - mean)).sum() / sorted.length);
	}

	/** The share of values at most {@code limit}. */
	double shareAtMost(long limit) {
		return Arrays.stream(sorted).filter(v -> v <= limit).count() / (double) sorted.length;
	}

	static double ms(long nanos) {
		return nanos / 1e6;
	}

	/** For failure messages and benchmark lines: n, min, median, p90, p99, max in ms. */
	@Override
	public String toString() {
		return String.format(Locale.ROOT, "n=%d min %.2f median %.2f p90 %.2f p99 %.2f max %.2f ms", count(), ms(min()),
				ms(median()), ms(quantile(0.9)), ms(quantile(0.99)), ms(max()));
	}
}
