package io.deepstress.core.run;

/** How requests are issued. */
public sealed interface Load {

	/** The level a sweep varies: concurrency for closed loop, rate for open loop. */
	double level();

	/** The same load at another level (for sweeps). */
	Load withLevel(double level);

	/** The load level in a few characters, for the names of a sweep's runs: "c8" or "r20/s". */
	String label();

	/**
	 * The original tool's model: {@code concurrency} workers, each sending its next request when its last
	 * one ends.
	 */
	record ClosedLoop(int concurrency) implements Load {
		public ClosedLoop {
			if (concurrency < 1) {
				throw new IllegalArgumentException("Concurrency must be at least 1");
			}
		}

		@Override
		public double level() {
			return concurrency;
		}

		@Override
		public Load withLevel(double level) {
			return new ClosedLoop((int) Math.round(level));
		}

		@Override
		public String label() {
			return "c" + concurrency;
		}
	}

	/**
	 * Requests arrive at {@code ratePerSecond} (evenly spaced, or Poisson), whatever the responses do, with
	 * at most {@code maxConcurrency} in flight (an arrival finding all slots busy waits for one).
	 */
	record OpenLoop(double ratePerSecond, boolean poisson, int maxConcurrency) implements Load {
		public OpenLoop {
			if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
				throw new IllegalArgumentException("The rate must be > 0 requests per second");
			}
			if (maxConcurrency < 1) {
				throw new IllegalArgumentException("The concurrency cap must be at least 1");
			}
		}

		@Override
		public double level() {
			return ratePerSecond;
		}

		@Override
		public Load withLevel(double level) {
			return new OpenLoop(level, poisson, maxConcurrency);
		}

		@Override
		public String label() {
			String rate = ratePerSecond == Math.rint(ratePerSecond) ? String.valueOf((long) ratePerSecond)
					: String.valueOf(ratePerSecond);
			return "r" + rate + "/s";
		}
	}
}
