package io.deepstress.cli.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deepstress simulate}: the built-in simulator on its own, until stopped. */
@Command(name = "simulate", sortOptions = false,
		description = "run the built-in OpenAI-compatible simulator until stopped")
final class SimulateCommand implements Callable<Integer> {

	@Option(names = "--port", paramLabel = "P", converter = Converters.NonNegativeLong.class, defaultValue = "0",
			description = "port on 127.0.0.1 (default 0: a free one, printed at start)")
	long port;

	@Option(names = "--ttft-ms", paramLabel = "T", converter = Converters.NonNegativeLong.class, defaultValue = "50",
			description = "time to first token (default ${DEFAULT-VALUE})")
	long ttftMs;

	@Option(names = "--itl-ms", paramLabel = "I", converter = Converters.NonNegativeLong.class, defaultValue = "10",
			description = "time between tokens (default ${DEFAULT-VALUE})")
	long itlMs;

	@Option(names = "--tokens", paramLabel = "N", converter = Converters.PositiveLong.class, defaultValue = "128",
			description = "output tokens when a request sets no max_tokens (default ${DEFAULT-VALUE})")
	long tokens;

	@Option(names = "--tokens-per-chunk", paramLabel = "K", converter = Converters.PositiveLong.class,
			defaultValue = "1", description = "tokens per streamed chunk (default ${DEFAULT-VALUE})")
	long tokensPerChunk;

	@Option(names = "--reasoning", paramLabel = "N", converter = Converters.NonNegativeLong.class, defaultValue = "0",
			description = "reasoning tokens streamed before the answer (default ${DEFAULT-VALUE})")
	long reasoning;

	@Option(names = "--model", paramLabel = "NAME", defaultValue = "deepstress-sim",
			description = "served model name (default ${DEFAULT-VALUE})")
	String model;

	@Option(names = "--fault-429", paramLabel = "R", converter = Converters.Fraction.class, defaultValue = "0",
			description = "share (0..1) of requests answered with HTTP 429")
	double fault429;

	@Option(names = "--fault-500", paramLabel = "R", converter = Converters.Fraction.class, defaultValue = "0",
			description = "share (0..1) of requests answered with HTTP 500")
	double fault500;

	@Option(names = "--fault-abort", paramLabel = "R", converter = Converters.Fraction.class, defaultValue = "0",
			description = "share (0..1) whose connection is cut after about half of the tokens")
	double faultAbort;

	@Option(names = "--fault-malformed", paramLabel = "R", converter = Converters.Fraction.class, defaultValue = "0",
			description = "share (0..1) with one unparsable chunk in the middle of the stream")
	double faultMalformed;

	@Option(names = "--fault-stall", paramLabel = "R", converter = Converters.Fraction.class, defaultValue = "0",
			description = "share (0..1) that stop after two tokens and never complete")
	double faultStall;

	@Option(names = "--retry-after", paramLabel = "S", converter = Converters.NonNegativeLong.class,
			defaultValue = "0", description = "Retry-After seconds sent with 429 (default none)")
	long retryAfter;

	@Option(names = "--api-key-env", paramLabel = "VAR",
			description = "require the API key in environment variable VAR (401 without it)")
	String apiKeyEnv;

	@Option(names = "--slots", paramLabel = "K", converter = Converters.NonNegativeLong.class, defaultValue = "0",
			description = { "capacity model: at most K sequences decode at once, the rest wait in a FIFO queue (their"
					+ " TTFT includes the wait); GET /sim/stats shows running and queued (default 0: no limit)" })
	long slots;

	@Option(names = "--prefill-us-per-token", paramLabel = "U", converter = Converters.NonNegativeLong.class,
			defaultValue = "0", description = "capacity model: prefill microseconds per prompt token before the first token")
	long prefillMicros;

	@Option(names = "--itl-growth", paramLabel = "G", converter = Converters.Number.class,
			defaultValue = "0", description = { "capacity model: each further running sequence lengthens the ITL by"
					+ " this share (0.05: +5 % each)" })
	double itlGrowth;

	@Option(names = "--duration", paramLabel = "S", converter = Converters.PositiveDouble.class,
			description = "stop after S seconds (default: run until interrupted)")
	Double durationSeconds;

	private final PrintStream out;
	private final PrintStream err;

	SimulateCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	@Override
	public Integer call() throws Exception {
		if (port > 65535) {
			throw new UsageException("--port must be at most 65535");
		}
		SimulatorSettings settings;
		io.deepstress.simulator.CapacityModel capacity;
		try {
			if (slots > 1_000_000) {
				throw new UsageException("--slots must be at most 1000000");
			}
			capacity = new io.deepstress.simulator.CapacityModel((int) slots, Duration.ofNanos(prefillMicros * 1000),
					itlGrowth);
			settings = SimulatorSettings.defaults().withPort((int) port)
					.withTtft(Duration.ofMillis(ttftMs))
					.withItl(Duration.ofMillis(itlMs))
					.withDefaultOutputTokens((int) tokens)
					.withTokensPerChunk((int) tokensPerChunk)
					.withReasoningTokens((int) reasoning)
					.withModel(model).withRate429(fault429)
					.withRate500(fault500).withAbortRate(faultAbort)
					.withMalformedRate(faultMalformed).withStallRate(faultStall)
					.withRetryAfterSeconds((int) retryAfter);
			if (apiKeyEnv != null) {
				String key = System.getenv(apiKeyEnv);
				if (key == null || key.isEmpty()) {
					throw new UsageException("environment variable " + apiKeyEnv + " is not set or empty");
				}
				settings = settings.withApiKey(key);
			}
		} catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
		Duration duration = durationSeconds != null ? Duration.ofMillis((long) (durationSeconds * 1000)) : null;
		CountDownLatch stop = new CountDownLatch(1);
		Simulator simulator;
		try {
			simulator = Simulator.start(settings, capacity);
		} catch (RuntimeException e) {
			err.println("deepstress simulate: could not start on port " + port + ": " + e.getMessage());
			return 2;
		}
		Thread hook = new Thread(stop::countDown, "deepstress-simulator-stop");
		Runtime.getRuntime().addShutdownHook(hook);
		try (simulator) {
			out.println("DeepStress simulator listening on " + simulator.baseUrl() + " (model " + settings.model()
					+ ", TTFT " + settings.ttft().toMillis() + " ms, ITL " + settings.itl().toMillis() + " ms"
					+ (slots > 0 ? ", " + slots + " slots" : "") + ")");
			out.flush();
			if (duration == null) {
				stop.await();
			} else {
				stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
			}
		} finally {
			try {
				Runtime.getRuntime().removeShutdownHook(hook);
			} catch (IllegalStateException shuttingDown) {
				// exiting anyway
			}
		}
		return 0;
	}
}
