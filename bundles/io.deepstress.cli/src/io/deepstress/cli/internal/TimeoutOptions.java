package io.deepstress.cli.internal;

import java.time.Duration;

import io.deepstress.core.run.Timeouts;
import picocli.CommandLine.Option;

/** Request timeouts in seconds ({@code run}, {@code endpoints add}, {@code configs add}). */
final class TimeoutOptions {

	@Option(names = "--connect-timeout", paramLabel = "S", converter = Converters.PositiveDouble.class,
			description = "seconds to connect (default 10)")
	Double connect;

	@Option(names = "--first-token-timeout", paramLabel = "S", converter = Converters.PositiveDouble.class,
			description = "seconds to the first token (default 60)")
	Double firstToken;

	@Option(names = "--timeout", paramLabel = "S", converter = Converters.PositiveDouble.class,
			description = "seconds for the whole response (default 600)")
	Double total;

	/** Whether any timeout was given (else a saved endpoint's own timeouts apply). */
	boolean given() {
		return connect != null || firstToken != null || total != null;
	}

	Timeouts timeouts() {
		return new Timeouts(seconds(connect, 10), seconds(firstToken, 60), seconds(total, 600));
	}

	private static Duration seconds(Double value, double fallback) {
		return Duration.ofMillis((long) ((value == null ? fallback : value) * 1000));
	}
}
