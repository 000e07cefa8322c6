package io.deepstress.cli.internal;

import java.time.Duration;
import java.util.List;

import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RetryPolicy;
import picocli.CommandLine.Option;

/** How a test loads the endpoint and when it stops ({@code run}, {@code configs add}): load, stop, request, sweep. */
final class TestOptions {

	@Option(names = "--concurrency", paramLabel = "N", converter = Converters.PositiveLong.class,
			description = "closed loop: N requests in flight (default 1); with --rate: the cap (default 256)")
	Long concurrency;

	@Option(names = "--rate", paramLabel = "R", converter = Converters.PositiveDouble.class,
			description = "open loop: R requests per second")
	Double rate;

	@Option(names = "--poisson", description = "open loop with Poisson arrivals instead of even spacing")
	boolean poisson;

	@Option(names = "--requests", paramLabel = "N", converter = Converters.NonNegativeLong.class,
			description = "stop after N measured requests (prompts are reused in turn)")
	Long requests;

	@Option(names = "--duration", paramLabel = "S", converter = Converters.PositiveDouble.class, description = "stop issuing after S seconds"
			+ " (without --requests/--duration: one pass over the prompts)")
	Double duration;

	@Option(names = "--warmup", paramLabel = "N", converter = Converters.NonNegativeLong.class,
			description = "send N warm-up requests first, left out of the statistics")
	Long warmup;

	@Option(names = "--max-tokens", paramLabel = "N", converter = Converters.PositiveLong.class,
			description = "max_tokens of each request")
	Long maxTokens;

	@Option(names = "--temperature", paramLabel = "T", converter = Converters.Number.class,
			description = "temperature of each request")
	Double temperature;

	@Option(names = "--extra-body", paramLabel = "JSON", description = "JSON object merged into every request body")
	String extraBody;

	@Option(names = "--no-stream", description = "ask for complete responses instead of server-sent events")
	boolean noStream;

	@Option(names = "--retries", paramLabel = "N", converter = Converters.NonNegativeLong.class,
			description = "retry 429/5xx/connection errors up to N times (default 0)")
	Long retries;

	@Option(names = "--sweep", paramLabel = "L1,L2,...", converter = Converters.Levels.class, description = "one run per concurrency (closed loop)"
			+ " or rate (open loop) level, in this order, one batch (run --config: instead of the configurations' own"
			+ " sweeps)")
	List<Double> sweep;

	/** The levels of {@code --sweep}, empty without it. */
	List<Double> sweep() {
		return sweep == null ? List.of() : sweep;
	}

	RequestOptions request() throws UsageException {
		if (extraBody != null) {
			try {
				if (!CliJson.read(extraBody).isObject()) {
					throw new IllegalArgumentException("expected a JSON object");
				}
			} catch (IllegalArgumentException e) {
				throw new UsageException("--extra-body must be a JSON object: " + e.getMessage());
			}
		}
		boolean stream = !noStream;
		return new RequestOptions(stream, maxTokens == null ? null : (int) (long) maxTokens, temperature, extraBody,
				stream);
	}

	Load load() throws UsageException {
		if (rate != null) {
			return new Load.OpenLoop(rate, poisson, (int) (concurrency == null ? 256 : concurrency));
		}
		if (poisson) {
			throw new UsageException("--poisson needs --rate");
		}
		return new Load.ClosedLoop((int) (concurrency == null ? 1 : concurrency));
	}

	Limits limits() {
		long n = requests == null ? 0 : requests;
		Duration d = duration == null ? null : Duration.ofMillis((long) (duration * 1000));
		return new Limits(n, d, n == 0 && d == null, (int) (warmup == null ? 0 : warmup));
	}

	RetryPolicy retry() {
		return RetryPolicy.retries((int) (retries == null ? 0 : retries));
	}
}
