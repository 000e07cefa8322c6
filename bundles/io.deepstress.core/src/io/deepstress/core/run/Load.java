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

	/**
	 * Requests arrive at the recorded times of a trace ({@code offsetsMicros} after the run's start, divided by
	 * {@code speed}), whatever the responses do, the i-th arrival sending the i-th prompt of the (single) dataset,
	 * with at most {@code maxConcurrency} in flight (an arrival finding all slots busy waits for one). The level of a
	 * sweep is the speed.
	 *
	 * @param offsetsMicros arrival times from the first one (0), not decreasing, in microseconds
	 * @param speed         time scale: 2 replays twice as fast
	 * @param maxConcurrency the cap of requests in flight
	 */
	record Scheduled(java.util.List<Long> offsetsMicros, double speed, int maxConcurrency) implements Load {
		public Scheduled {
			offsetsMicros = java.util.List.copyOf(offsetsMicros);
			if (offsetsMicros.isEmpty()) {
				throw new IllegalArgumentException("A trace needs at least one arrival");
			}
			long last = Long.MIN_VALUE;
			for (long t : offsetsMicros) {
				if (t < last || t < 0) {
					throw new IllegalArgumentException("The arrival times of a trace must be >= 0 and not decreasing");
				}
				last = t;
			}
			if (!(speed > 0) || Double.isInfinite(speed)) {
				throw new IllegalArgumentException("The trace speed must be > 0");
			}
			if (maxConcurrency < 1) {
				throw new IllegalArgumentException("The concurrency cap must be at least 1");
			}
		}

		@Override
		public double level() {
			return speed;
		}

		@Override
		public Load withLevel(double level) {
			return new Scheduled(offsetsMicros, level, maxConcurrency);
		}

		@Override
		public String label() {
			return "x" + (speed == Math.rint(speed) ? String.valueOf((long) speed) : String.valueOf(speed));
		}

		/** The arrival time of request {@code i} after the start, in nanoseconds, at this speed. */
		public long dueNanos(int i) {
			return (long) (offsetsMicros.get(i) * 1000.0 / speed);
		}
	}
}
