package io.deepstress.core.tokens;

/**
 * A distribution of token counts over a run's requests.
 *
 * @param count how many requests had a count
 * @param mean  mean, NaN without any
 * @param p50   median (nearest rank), -1 without any
 * @param p99   99th percentile (nearest rank), -1 without any
 * @param max   largest, -1 without any
 */
public record TokenLengthStats(long count, double mean, long p50, long p99, long max) {

	/** No counts. */
	public static final TokenLengthStats EMPTY = new TokenLengthStats(0, Double.NaN, -1, -1, -1);

	/** The statistics of {@code values} (sorted in place). */
	public static TokenLengthStats of(long[] values, int n) {
		if (n == 0) {
			return EMPTY;
		}
		java.util.Arrays.sort(values, 0, n);
		double sum = 0;
		for (int i = 0; i < n; i++) {
			sum += values[i];
		}
		return new TokenLengthStats(n, sum / n, values[rank(0.50, n)], values[rank(0.99, n)], values[n - 1]);
	}

	private static int rank(double q, int n) {
		return Math.max(0, (int) Math.ceil(q * n) - 1);
	}
}
