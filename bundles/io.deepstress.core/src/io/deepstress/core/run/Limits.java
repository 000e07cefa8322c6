package io.deepstress.core.run;

import java.time.Duration;

/**
 * When a run stops: after {@code maxRequests} measured requests, after {@code maxDuration}, or after one
 * pass over the selected prompts, whichever comes first. With neither a count nor a duration the run
 * makes exactly one pass (the original tool's behaviour). Warm-up requests come first and are not counted.
 *
 * @param maxRequests    measured requests to send, or 0 for no count limit
 * @param maxDuration    wall-clock limit, or null
 * @param onePass        stop when every selected prompt has been sent once
 * @param warmupRequests requests sent first and left out of the statistics
 */
public record Limits(long maxRequests, Duration maxDuration, boolean onePass, int warmupRequests) {
	public Limits {
		if (maxRequests < 0 || warmupRequests < 0) {
			throw new IllegalArgumentException("Request counts must not be negative");
		}
		if (maxDuration != null && (maxDuration.isNegative() || maxDuration.isZero())) {
			throw new IllegalArgumentException("The duration must be positive");
		}
		if (maxRequests == 0 && maxDuration == null) {
			onePass = true;
		}
	}

	/** One pass over the prompts. */
	public static Limits singlePass() {
		return new Limits(0, null, true, 0);
	}

	/** Exactly {@code n} measured requests, cycling through the prompts. */
	public static Limits requests(long n) {
		return new Limits(n, null, false, 0);
	}

	/** Run for a while, cycling through the prompts. */
	public static Limits duration(Duration d) {
		return new Limits(0, d, false, 0);
	}

	public Limits withWarmup(int warmup) {
		return new Limits(maxRequests, maxDuration, onePass, warmup);
	}
}
