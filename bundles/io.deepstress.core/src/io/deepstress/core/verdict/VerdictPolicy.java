package io.deepstress.core.verdict;

/**
 * How strict a verdict is.
 *
 * @param confidence        the confidence level of the interval of the difference, e.g. 0.95
 * @param resamples         bootstrap resamples, at least 100
 * @param minRelativeEffect the minimum practical effect as a fraction of the baseline's value (0.05 = 5 %): a
 *                          significant shift smaller than this is "no significant change"
 * @param minAbsoluteMillis the minimum practical effect of a latency, in milliseconds, whatever the relative size
 * @param minSamples        fewest samples on each side for a verdict
 * @param maxSamples        the bootstrap draws from at most this many samples per side (evenly spread over the run,
 *                          in completion order); fewer samples only widen the interval
 * @param seed              the resampling generator's seed, so that the same data gives the same verdict
 */
public record VerdictPolicy(double confidence, int resamples, double minRelativeEffect, double minAbsoluteMillis,
		int minSamples, int maxSamples, long seed) {

	public VerdictPolicy {
		if (!(confidence > 0.5 && confidence < 1)) {
			throw new IllegalArgumentException("The confidence must be between 0.5 and 1, got " + confidence);
		}
		if (resamples < 100) {
			throw new IllegalArgumentException("At least 100 resamples, got " + resamples);
		}
		if (!(minRelativeEffect >= 0) || !(minAbsoluteMillis >= 0)) {
			throw new IllegalArgumentException("The minimum effects must not be negative");
		}
		if (minSamples < 2 || maxSamples < minSamples) {
			throw new IllegalArgumentException("Need 2 <= minSamples <= maxSamples, got " + minSamples + ", " + maxSamples);
		}
	}

	/** 95 % confidence, 1000 resamples, a 5 % (and at least 1 ms) minimum effect, 10 to 5000 samples per side. */
	public static VerdictPolicy defaults() {
		return new VerdictPolicy(0.95, 1000, 0.05, 1.0, 10, 5000, 20261204L);
	}

	public VerdictPolicy withConfidence(double c) {
		return new VerdictPolicy(c, resamples, minRelativeEffect, minAbsoluteMillis, minSamples, maxSamples, seed);
	}

	public VerdictPolicy withMinRelativeEffect(double e) {
		return new VerdictPolicy(confidence, resamples, e, minAbsoluteMillis, minSamples, maxSamples, seed);
	}

	public VerdictPolicy withMinAbsoluteMillis(double ms) {
		return new VerdictPolicy(confidence, resamples, minRelativeEffect, ms, minSamples, maxSamples, seed);
	}

	public VerdictPolicy withSeed(long s) {
		return new VerdictPolicy(confidence, resamples, minRelativeEffect, minAbsoluteMillis, minSamples, maxSamples, s);
	}
}
