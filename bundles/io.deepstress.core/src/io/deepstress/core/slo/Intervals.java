package io.deepstress.core.slo;

/**
 * Confidence intervals for a share: the Wilson score interval of a binomial proportion, which keeps its coverage
 * near the stated level for small counts and shares near 0 or 1 (where the normal approximation fails), and the
 * standard normal quantile it needs.
 */
public final class Intervals {

	private Intervals() {
	}

	/** The two-sided z for a confidence level (0.95 gives 1.96). */
	public static double z(double confidence) {
		if (!(confidence > 0 && confidence < 1)) {
			throw new IllegalArgumentException("The confidence must be between 0 and 1, got " + confidence);
		}
		return normalQuantile(0.5 + confidence / 2);
	}

	/**
	 * The Wilson score interval {@code [low, high]} of {@code successes} out of {@code n} at this z; {@code [0, 1]}
	 * for no trials.
	 */
	public static double[] wilson(long successes, long n, double z) {
		if (n <= 0) {
			return new double[] { 0, 1 };
		}
		double p = (double) successes / n;
		double z2 = z * z;
		double denominator = 1 + z2 / n;
		double centre = (p + z2 / (2.0 * n)) / denominator;
		double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
		return new double[] { Math.max(0, centre - half), Math.min(1, centre + half) };
	}

	/** The standard normal distribution function, by Simpson's rule on the density (|error| below 1e-10). */
	public static double normalCdf(double x) {
		if (x < 0) {
			return 1 - normalCdf(-x);
		}
		if (x > 9) {
			return 1;
		}
		int steps = 2000;
		double h = x / steps;
		double sum = density(0) + density(x);
		for (int i = 1; i < steps; i++) {
			sum += density(i * h) * (i % 2 == 1 ? 4 : 2);
		}
		return 0.5 + sum * h / 3;
	}

	private static double density(double x) {
		return Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
	}

	/** The standard normal quantile, by bisection on {@link #normalCdf}. */
	public static double normalQuantile(double p) {
		if (!(p > 0 && p < 1)) {
			throw new IllegalArgumentException("p must be in (0, 1), got " + p);
		}
		double lo = -9;
		double hi = 9;
		for (int i = 0; i < 60; i++) {
			double mid = (lo + hi) / 2;
			if (normalCdf(mid) < p) {
				lo = mid;
			} else {
				hi = mid;
			}
		}
		return (lo + hi) / 2;
	}
}
