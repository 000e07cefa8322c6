package io.deepstress.core.run;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-request time limits.
 *
 * @param connect    establishing the TCP (and TLS) connection
 * @param firstToken from sending the request to the first generated content
 * @param total      from sending the request to the end of the response
 */
public record Timeouts(Duration connect, Duration firstToken, Duration total) {
	public Timeouts {
		Objects.requireNonNull(connect, "connect");
		Objects.requireNonNull(firstToken, "firstToken");
		Objects.requireNonNull(total, "total");
	}

	/** 10 s to connect, 60 s to the first token, 10 min in all. */
	public static Timeouts defaults() {
		return new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(10));
	}
}
