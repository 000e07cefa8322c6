package io.deepstress.tokenizers.internal;

import org.apache.commons.math3.distribution.IntegerDistribution;
import org.apache.commons.math3.distribution.LogNormalDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.RealDistribution;
import org.apache.commons.math3.distribution.UniformIntegerDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

import io.deepstress.core.tokens.LengthSpec;

/**
 * Draws token counts from a {@link LengthSpec} with commons-math3, seeded: the same spec and seed give the same
 * counts. Log-normal MEAN and SD are those of the counts: the log's parameters are
 * {@code sigma^2 = ln(1 + SD^2/MEAN^2)} and {@code mu = ln(MEAN) - sigma^2/2}.
 */
final class LengthSampler {

	private final LengthSpec spec;
	private final IntegerDistribution integers;
	private final RealDistribution reals;

	LengthSampler(LengthSpec spec, long seed) {
		this.spec = spec;
		RandomGenerator rng = new Well19937c(seed);
		IntegerDistribution i = null;
		RealDistribution r = null;
		switch (spec.kind()) {
		case FIXED -> {
		}
		case UNIFORM -> i = new UniformIntegerDistribution(rng, (int) spec.a(), (int) spec.b());
		case NORMAL -> r = spec.b() > 0 ? new NormalDistribution(rng, spec.a(), spec.b()) : null;
		case LOGNORMAL -> {
			if (spec.b() > 0) {
				double sigma2 = Math.log1p(spec.b() * spec.b() / (spec.a() * spec.a()));
				r = new LogNormalDistribution(rng, Math.log(spec.a()) - sigma2 / 2, Math.sqrt(sigma2));
			}
		}
		}
		this.integers = i;
		this.reals = r;
	}

	/** The next count, at least {@code floor}. */
	int next(int floor) {
		long v;
		if (integers != null) {
			v = integers.sample();
		} else if (reals != null) {
			v = Math.round(reals.sample());
		} else {
			v = Math.round(spec.a());
		}
		return (int) Math.max(floor, Math.min(Integer.MAX_VALUE / 4, v));
	}
}
