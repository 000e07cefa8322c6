package io.deepstress.core.run;

import java.time.Duration;
import java.util.Objects;

/**
 * Retries of failed attempts (HTTP 429, 5xx, connection errors) with exponential backoff; a
 * {@code Retry-After} header, when present, sets the wait instead. Off by default.
 *
 * @param maxRetries  extra attempts after the first, 0 = off
 * @param baseBackoff wait before the first retry; doubled for each further one
 * @param maxBackoff  upper bound of any wait, Retry-After included
 */
public record RetryPolicy(int maxRetries, Duration baseBackoff, Duration maxBackoff) {
	public RetryPolicy {
		if (maxRetries < 0) {
			throw new IllegalArgumentException("Retries must not be negative");
		}
		Objects.requireNonNull(baseBackoff, "baseBackoff");
		Objects.requireNonNull(maxBackoff, "maxBackoff");
	}

	public static RetryPolicy none() {
		return new RetryPolicy(0, Duration.ofMillis(500), Duration.ofSeconds(30));
	}

	public static RetryPolicy retries(int n) {
		return new RetryPolicy(n, Duration.ofMillis(500), Duration.ofSeconds(30));
	}

	/** The wait before retry number {@code retry} (1-based) when the server gave no Retry-After. */
	public Duration backoff(int retry) {
		long millis = baseBackoff.toMillis() << Math.min(20, Math.max(0, retry - 1));
		return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
	}
}
