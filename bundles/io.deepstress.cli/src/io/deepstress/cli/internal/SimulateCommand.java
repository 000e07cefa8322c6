package io.deepstress.cli.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/** {@code deepstress simulate}: the built-in simulator on its own, until stopped. */
final class SimulateCommand {

	static final String USAGE = """
			usage: deepstress simulate [options]
			  --port P              port on 127.0.0.1 (default 0: a free one, printed at start)
			  --ttft-ms T           time to first token (default 50)
			  --itl-ms I            time between tokens (default 10)
			  --tokens N            output tokens when a request sets no max_tokens (default 128)
			  --tokens-per-chunk K  tokens per streamed chunk (default 1)
			  --reasoning N         reasoning tokens streamed before the answer (default 0)
			  --model NAME          served model name (default deepstress-sim)
			  --fault-429 R, --fault-500 R, --fault-abort R, --fault-malformed R, --fault-stall R
			                        share (0..1) of requests that get that fault
			  --retry-after S       Retry-After seconds sent with 429 (default none)
			  --api-key-env VAR     require the API key in environment variable VAR (401 without it)
			  --duration S          stop after S seconds (default: run until interrupted)
			""";

	private static final Set<String> VALUED = Set.of("port", "ttft-ms", "itl-ms", "tokens", "tokens-per-chunk",
			"reasoning", "model", "fault-429", "fault-500", "fault-abort", "fault-malformed", "fault-stall",
			"retry-after", "duration", "api-key-env");

	private final PrintStream out;
	private final PrintStream err;

	SimulateCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	int execute(List<String> words) throws Exception {
		Args a = Args.parse(words, VALUED, Set.of());
		if (!a.positional().isEmpty()) {
			throw new UsageException("unexpected argument '" + a.positional().get(0) + "'");
		}
		long port = a.nonNegativeLong("port", 0);
		if (port > 65535) {
			throw new UsageException("--port must be at most 65535");
		}
		SimulatorSettings settings;
		try {
			settings = SimulatorSettings.defaults().withPort((int) port)
					.withTtft(Duration.ofMillis(a.nonNegativeLong("ttft-ms", 50)))
					.withItl(Duration.ofMillis(a.nonNegativeLong("itl-ms", 10)))
					.withDefaultOutputTokens((int) a.positiveLong("tokens", 128))
					.withTokensPerChunk((int) a.positiveLong("tokens-per-chunk", 1))
					.withReasoningTokens((int) a.nonNegativeLong("reasoning", 0))
					.withModel(a.get("model", "deepstress-sim")).withRate429(a.fraction("fault-429"))
					.withRate500(a.fraction("fault-500")).withAbortRate(a.fraction("fault-abort"))
					.withMalformedRate(a.fraction("fault-malformed")).withStallRate(a.fraction("fault-stall"))
					.withRetryAfterSeconds((int) a.nonNegativeLong("retry-after", 0));
			if (a.has("api-key-env")) {
				String key = System.getenv(a.get("api-key-env"));
				if (key == null || key.isEmpty()) {
					throw new UsageException("environment variable " + a.get("api-key-env") + " is not set or empty");
				}
				settings = settings.withApiKey(key);
			}
		} catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
		Duration duration = a.has("duration") ? Duration.ofMillis((long) (a.positiveDouble("duration", 1) * 1000))
				: null;
		CountDownLatch stop = new CountDownLatch(1);
		Simulator simulator;
		try {
			simulator = Simulator.start(settings);
		} catch (RuntimeException e) {
			err.println("deepstress simulate: could not start on port " + port + ": " + e.getMessage());
			return 2;
		}
		Thread hook = new Thread(stop::countDown, "deepstress-simulator-stop");
		Runtime.getRuntime().addShutdownHook(hook);
		try (simulator) {
			out.println("DeepStress simulator listening on " + simulator.baseUrl() + " (model " + settings.model()
					+ ", TTFT " + settings.ttft().toMillis() + " ms, ITL " + settings.itl().toMillis() + " ms)");
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
