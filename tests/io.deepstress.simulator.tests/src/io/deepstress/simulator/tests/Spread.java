package io.deepstress.simulator.tests;

import java.util.Collection;
import java.util.Locale;

/**
 * Order statistics of measured nanoseconds, for timing checks that hold on a busy machine: a check compares
 * the median and a bounded tail of several requests, never one request against a tight limit. (The engine's
 * tests have the same small helper.)
 */
final class Spread {

	private final long[] sorted;

	Spread(Collection<Long> nanos) {
		if (nanos.isEmpty()) {
			throw new IllegalArgumentException("no values");
		}
		sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
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

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "n=%d min %.2f median %.2f p90 %.2f max %.2f ms", sorted.length, min() / 1e6,
				median() / 1e6, quantile(0.9) / 1e6, max() / 1e6);
	}
}
