package io.deepstress.core.internal.verdict;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * The statistics behind a verdict: a percentile (moving-block) bootstrap interval of the difference of a statistic
 * between two independent samples, and Cliff's delta from ranks. Pure functions; the generator is seeded by the caller.
 */
public final class Bootstrap {

	private Bootstrap() {
	}

	/** A statistic of a sample. */
	public interface Statistic extends ToDoubleFunction<double[]> {
	}

	/** The {@code p}-th percentile (0 < p <= 100), estimated as R-7 (linear between order statistics, numpy's default). */
	public static Statistic percentile(double p) {
		Percentile estimator = new Percentile(p).withEstimationType(EstimationType.R_7);
		return values -> estimator.evaluate(values);
	}

	/** The mean. */
	public static Statistic mean() {
		return values -> {
			double sum = 0;
			for (double v : values) {
				sum += v;
			}
			return sum / values.length;
		};
	}

	/** A confidence interval. */
	public record Interval(double low, double high) {
	}

	/**
	 * The percentile bootstrap interval of {@code stat(candidate) - stat(baseline)}: both samples are resampled
	 * (blocks of neighbours, with replacement), independently, {@code resamples} times.
	 */
	public static Interval differenceInterval(double[] baseline, double[] candidate, Statistic stat, int resamples,
			double confidence, long seed) {
		RandomGenerator random = new Well19937c(seed);
		double[] diffs = new double[resamples];
		double[] b = new double[baseline.length];
		double[] c = new double[candidate.length];
		for (int i = 0; i < resamples; i++) {
			resample(baseline, b, random);
			resample(candidate, c, random);
			diffs[i] = stat.applyAsDouble(c) - stat.applyAsDouble(b);
		}
		Arrays.sort(diffs);
		double alpha = 1 - confidence;
		Percentile q = new Percentile().withEstimationType(EstimationType.R_7);
		q.setData(diffs);
		return new Interval(q.evaluate(100 * alpha / 2), q.evaluate(100 * (1 - alpha / 2)));
	}

	/**
	 * A moving-block resample (circular): blocks of about √n consecutive values (in completion order) from random
	 * starts. Requests that ran at the same time share the machine's and the server's state (a stall, a busy CPU),
	 * so neighbours are correlated; resampling blocks keeps that correlation and gives honest, wider intervals
	 * where resampling single requests would be too sure.
	 */
	private static void resample(double[] from, double[] into, RandomGenerator random) {
		int n = from.length;
		int block = Math.max(1, (int) Math.round(Math.sqrt(n)));
		int i = 0;
		while (i < into.length) {
			int start = random.nextInt(n);
			for (int k = 0; k < block && i < into.length; k++) {
				into[i++] = from[(start + k) % n];
			}
		}
	}

	/**
	 * Cliff's delta: P(candidate > baseline) − P(candidate < baseline) over all pairs, from the Mann-Whitney U of
	 * the candidate (average ranks for ties). 0 means neither side tends to be larger; ±1 that every value of one
	 * side is larger than every value of the other.
	 */
	public static double cliffsDelta(double[] baseline, double[] candidate) {
		int nb = baseline.length;
		int nc = candidate.length;
		if (nb == 0 || nc == 0) {
			return Double.NaN;
		}
		double[] pooled = new double[nb + nc];
		System.arraycopy(candidate, 0, pooled, 0, nc);
		System.arraycopy(baseline, 0, pooled, nc, nb);
		double[] ranks = new NaturalRanking(NaNStrategy.FIXED, TiesStrategy.AVERAGE).rank(pooled);
		double rankSum = 0;
		for (int i = 0; i < nc; i++) {
			rankSum += ranks[i];
		}
		double u = rankSum - nc * (nc + 1) / 2.0;
		return 2 * u / ((double) nb * nc) - 1;
	}

	/** At most {@code max} of the values, evenly spread (every k-th, in their order); the values themselves if fewer. */
	public static double[] spread(double[] values, int max) {
		if (values.length <= max) {
			return values;
		}
		double[] out = new double[max];
		double step = (double) values.length / max;
		for (int i = 0; i < max; i++) {
			out[i] = values[(int) (i * step)];
		}
		return out;
	}
}
