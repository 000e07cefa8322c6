package io.deepstress.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Simulator} behaves: where it listens, how fast it "generates" and how often it fails.
 * Immutable; start from {@link #defaults()} and change fields with the {@code withX} copy methods. Every
 * instance is validated, so an invalid value fails with an {@link IllegalArgumentException} naming the field.
 *
 * @param host                interface to listen on (default {@code 127.0.0.1})
 * @param port                TCP port, 0 for a free one (default 0)
 * @param ttft                time from request arrival to the first content chunk (default 50 ms)
 * @param itl                 inter-token latency: time between two tokens (default 10 ms)
 * @param defaultOutputTokens output length when the request gives no {@code max_tokens} and no range is
 *                            set (default 128)
 * @param minOutputTokens     lower bound of a uniform output length; used only when
 *                            {@code maxOutputTokens > 0} (default 0)
 * @param maxOutputTokens     upper bound of a uniform output length, 0 for "no range" (default 0). The
 *                            length drawn is still capped by the request's {@code max_tokens}
 * @param tokensPerChunk      tokens per streamed chunk (default 1); chunks are {@code itl * tokensPerChunk}
 *                            apart
 * @param reasoningTokens     tokens streamed as {@code reasoning_content} before the content (default 0)
 * @param rejectStreamOptions answer 400 to any request carrying {@code stream_options} (default false), like
 *                            servers that do not know the field
 * @param rate429             share of completion requests answered with HTTP 429
 * @param rate500             share answered with HTTP 500
 * @param abortRate           share whose connection is cut after about half of the tokens
 * @param malformedRate       share with one unparsable chunk in the middle of the stream
 * @param stallRate           share that stop after two tokens and never complete
 * @param retryAfterSeconds   {@code Retry-After} value sent with a 429, 0 for none (default 0)
 * @param seed                seed of the random draws (faults, output lengths) (default 42)
 * @param model               the one model served (default {@code deepstress-sim})
 * @param maxRecords          how many ground-truth records are kept, oldest dropped first (default 100 000)
 * @param apiKey              when set, completions need {@code Authorization: Bearer <apiKey>} and get 401
 *                            {@code invalid_api_key} otherwise (default null: no check)
 * @param chunkFormat         the layout of streamed chunks, as one real server writes them (default
 *                            {@link ChunkFormat#COMPACT}; null means compact)
 */
public record SimulatorSettings(String host, int port, Duration ttft, Duration itl, int defaultOutputTokens,
		int minOutputTokens, int maxOutputTokens, int tokensPerChunk, int reasoningTokens,
		boolean rejectStreamOptions, double rate429, double rate500, double abortRate, double malformedRate,
		double stallRate, int retryAfterSeconds, long seed, String model, int maxRecords, String apiKey,
		ChunkFormat chunkFormat) {

	public static final String DEFAULT_HOST = "127.0.0.1";
	public static final String DEFAULT_MODEL = "deepstress-sim";

	public SimulatorSettings {
		if (chunkFormat == null) {
			chunkFormat = ChunkFormat.COMPACT;
		}
		if (host == null || host.isBlank()) {
			throw new IllegalArgumentException("host must not be empty");
		}
		if (port < 0 || port > 65_535) {
			throw new IllegalArgumentException("port must be in [0, 65535] (0 = a free port), got " + port);
		}
		requireNonNegative("ttft", ttft);
		requireNonNegative("itl", itl);
		requireNonNegative("defaultOutputTokens", defaultOutputTokens);
		requireNonNegative("minOutputTokens", minOutputTokens);
		requireNonNegative("maxOutputTokens", maxOutputTokens);
		if (maxOutputTokens > 0 && minOutputTokens > maxOutputTokens) {
			throw new IllegalArgumentException("minOutputTokens (" + minOutputTokens
					+ ") must not be greater than maxOutputTokens (" + maxOutputTokens + ")");
		}
		if (tokensPerChunk < 1) {
			throw new IllegalArgumentException("tokensPerChunk must be at least 1, got " + tokensPerChunk);
		}
		requireNonNegative("reasoningTokens", reasoningTokens);
		requireRate("rate429", rate429);
		requireRate("rate500", rate500);
		requireRate("abortRate", abortRate);
		requireRate("malformedRate", malformedRate);
		requireRate("stallRate", stallRate);
		double sum = rate429 + rate500 + abortRate + malformedRate + stallRate;
		if (sum > 1.0 + 1e-9) {
			throw new IllegalArgumentException("the fault rates (rate429, rate500, abortRate, malformedRate, stallRate)"
					+ " add up to " + sum + "; at most one fault hits a request, so their sum must not exceed 1");
		}
		requireNonNegative("retryAfterSeconds", retryAfterSeconds);
		if (model == null || model.isBlank()) {
			throw new IllegalArgumentException("model must not be empty");
		}
		if (maxRecords < 1) {
			throw new IllegalArgumentException("maxRecords must be at least 1, got " + maxRecords);
		}
	}

	/** The settings without a chunk format (compact), as before the format existed. */
	public SimulatorSettings(String host, int port, Duration ttft, Duration itl, int defaultOutputTokens,
			int minOutputTokens, int maxOutputTokens, int tokensPerChunk, int reasoningTokens,
			boolean rejectStreamOptions, double rate429, double rate500, double abortRate, double malformedRate,
			double stallRate, int retryAfterSeconds, long seed, String model, int maxRecords, String apiKey) {
		this(host, port, ttft, itl, defaultOutputTokens, minOutputTokens, maxOutputTokens, tokensPerChunk,
				reasoningTokens, rejectStreamOptions, rate429, rate500, abortRate, malformedRate, stallRate,
				retryAfterSeconds, seed, model, maxRecords, apiKey, ChunkFormat.COMPACT);
	}

	/** Loopback, a free port, 50 ms TTFT, 10 ms ITL, 128 tokens, one token per chunk, no faults, seed 42. */
	public static SimulatorSettings defaults() {
		return new SimulatorSettings(DEFAULT_HOST, 0, Duration.ofMillis(50), Duration.ofMillis(10), 128, 0, 0, 1, 0,
				false, 0, 0, 0, 0, 0, 0, 42L, DEFAULT_MODEL, 100_000, null, ChunkFormat.COMPACT);
	}

	/** True when the output length is drawn from {@code [minOutputTokens, maxOutputTokens]}. */
	public boolean hasOutputRange() {
		return maxOutputTokens > 0;
	}

	private static void requireNonNegative(String name, int value) {
		if (value < 0) {
			throw new IllegalArgumentException(name + " must not be negative, got " + value);
		}
	}

	private static void requireNonNegative(String name, Duration value) {
		Objects.requireNonNull(value, name);
		if (value.isNegative()) {
			throw new IllegalArgumentException(name + " must not be negative, got " + value);
		}
	}

	private static void requireRate(String name, double value) {
		if (!(value >= 0.0 && value <= 1.0)) {
			throw new IllegalArgumentException(name + " must be a probability in [0, 1], got " + value);
		}
	}

	// ------------------------------------------------------------------------------------ copy methods

	public SimulatorSettings withHost(String host) {
		return new SimulatorSettings(host, port, ttft, itl, defaultOutputTokens, minOutputTokens, maxOutputTokens,
				tokensPerChunk, reasoningTokens, rejectStreamOptions, rate429, rate500, abortRate, malformedRate,
				stallRate, retryAfterSeconds, seed, model, maxRecords, apiKey, chunkFormat);
	}

	public SimulatorSettings withPort(int port) {
		return new SimulatorSettings(host, port, ttft, itl, defaultOutputTokens, minOutputTokens, maxOutputTokens,
				tokensPerChunk, reasoningTokens, rejectStreamOptions, rate429, rate500, abortRate, malformedRate,
				stallRate, retryAfterSeconds, seed, model, maxRecords, apiKey, chunkFormat);
	}

	public SimulatorSettings withTtft(Duration ttft) {
		return new SimulatorSettings(host, port, ttft, itl, defaultOutputTokens, minOutputTokens, maxOutputTokens,
				tokensPerChunk, reasoningTokens, rejectStreamOptions, rate429, rate500, abortRate, malformedRate,
				stallRate, retryAfterSeconds, seed, model, maxRecords, apiKey, chunkFormat);
	}

	public SimulatorSettings withItl(Duration itl) {
		return new SimulatorSettings(host, port, ttft, itl, defaultOutputTokens, minOutputTokens, maxOutputTokens,
				tokensPerChunk, reasoningTokens, rejectStreamOptions, rate429, rate500, abortRate, malformedRate,
				stallRate, retryAfterSeconds, seed, model, maxRecords, apiKey, chunkFormat);
	}

	public SimulatorSettings withDefaultOutputTokens(int defaultOutputTokens) {
		return new SimulatorSettings(host, port, ttft, itl, defaultOutputTokens, minOutputTokens, maxOutputTokens,
				tokensPerChunk, reasoningTokens, rejectStreamOptions, rate429, rate500, abortRate, malformedRate,
				stallRate, retryAfterSeconds, seed, model, maxRecords, apiKey, chunkFormat);
	}

	public SimulatorSettings withMinOutputTokens(int minOutputTokens) {
		return new SimulatorSettings(host, port, ttft, itl, defaultOutputTokens, minOutputTokens, maxOutputTokens,
				tokensPerChunk, reasoningTokens, rejectStreamOptions, rate429, rate500, abortRate, malformedRate,
				stallRate, retryAfterSeconds, seed, model, maxRecords, apiKey, chunkFormat);
	}

	public SimulatorSettings withMaxOutputTokens(int maxOutputTokens) {
		return new SimulatorSettings(host, port, ttft, itl, defaultOutputTokens, minOutputTokens, maxOutputTokens,
				tokensPerChunk, reasoningTokens, rejectStreamOptions, rate429, rate500, abortRate, malformedRate,
				stallRate, retryAfterSeconds, seed, model, maxRecords, apiKey, chunkFormat);
	}

	/** Both bounds of the uniform output length at once; {@code (0, 0)} switches the range off. */
	public SimulatorSettings withOutputTokenRange(int minOutputTokens, int maxOutputTokens) {
		return new SimulatorSettings(host, port, ttft, itl, defaultOutputTokens, minOutputTokens, maxOutputTokens,
				tokensPerChunk, reasoningTokens, rejectStreamOptions, rate429, rate500, abortRate, malformedRate,
				stallRate, retryAfterSeconds, seed, model, maxRecords, apiKey, chunkFormat);
	}

	public SimulatorSettings withTokensPerChunk(int tokensPerChunk) {
		return new SimulatorSettings(host, port, ttft, itl, defaultOutputTokens, minOutputTokens, maxOutputTokens,
				tokensPerChunk, reasoningTokens, rejectStreamOptions, rate429, rate500, abortRate, malformedRate,
				stallRate, retryAfterSeconds, seed, model, maxRecords, apiKey, chunkFormat);
	}

	public SimulatorSettings withReasoningTokens(int reasoningTokens) {
		return new SimulatorSettings(host, port, ttft, itl, defaultOutputTokens, minOutputTokens, maxOutputTokens,
				tokensPerChunk, reasoningTokens, rejectStreamOptions, rate429, rate500, abortRate, malformedRate,
				stallRate, retryAfterSeconds, seed, model, maxRecords, apiKey, chunkFormat);
	}

	public SimulatorSettings withRejectStreamOptions(boolean rejectStreamOptions) {
		return new SimulatorSettings(host, port, ttft, itl, defaultOutputTokens, minOutputTokens, maxOutputTokens,
				tokensPerChunk, reasoningTokens, rejectStreamOptions, rate429, rate500, abortRate, malformedRate,
				stallRate, retryAfterSeconds, seed, model, maxRecords, apiKey, chunkFormat);
	}

	public SimulatorSettings withRate429(double rate429) {
		return new SimulatorSettings(host, port, ttft, itl, defaultOutputTokens, minOutputTokens, maxOutputTokens,
				tokensPerChunk, reasoningTokens, rejectStreamOptions, rate429, rate500, abortRate, malformedRate,
				stallRate, retryAfterSeconds, seed, model, maxRecords, apiKey, chunkFormat);
	}

	public SimulatorSettings withRate500(double rate500) {
		return new SimulatorSettings(host, port, ttft, itl, defaultOutputTokens, minOutputTokens, maxOutputTokens,
				tokensPerChunk, reasoningTokens, rejectStreamOptions, rate429, rate500, abortRate, malformedRate,
				stallRate, retryAfterSeconds, seed, model, maxRecords, apiKey, chunkFormat);
	}

	public SimulatorSettings withAbortRate(double abortRate) {
		return new SimulatorSettings(host, port, ttft, itl, defaultOutputTokens, minOutputTokens, maxOutputTokens,
				tokensPerChunk, reasoningTokens, rejectStreamOptions, rate429, rate500, abortRate, malformedRate,
				stallRate, retryAfterSeconds, seed, model, maxRecords, apiKey, chunkFormat);
	}

	public SimulatorSettings withMalformedRate(double malformedRate) {
		return new SimulatorSettings(host, port, ttft, itl, defaultOutputTokens, minOutputTokens, maxOutputTokens,
				tokensPerChunk, reasoningTokens, rejectStreamOptions, rate429, rate500, abortRate, malformedRate,
				stallRate, retryAfterSeconds, seed, model, maxRecords, apiKey, chunkFormat);
	}

	public SimulatorSettings withStallRate(double stallRate) {
		return new SimulatorSettings(host, port, ttft, itl, defaultOutputTokens, minOutputTokens, maxOutputTokens,
				tokensPerChunk, reasoningTokens, rejectStreamOptions, rate429, rate500, abortRate, malformedRate,
				stallRate, retryAfterSeconds, seed, model, maxRecords, apiKey, chunkFormat);
	}

	public SimulatorSettings withRetryAfterSeconds(int retryAfterSeconds) {
		return new SimulatorSettings(host, port, ttft, itl, defaultOutputTokens, minOutputTokens, maxOutputTokens,
				tokensPerChunk, reasoningTokens, rejectStreamOptions, rate429, rate500, abortRate, malformedRate,
				stallRate, retryAfterSeconds, seed, model, maxRecords, apiKey, chunkFormat);
	}

	public SimulatorSettings withSeed(long seed) {
		return new SimulatorSettings(host, port, ttft, itl, defaultOutputTokens, minOutputTokens, maxOutputTokens,
				tokensPerChunk, reasoningTokens, rejectStreamOptions, rate429, rate500, abortRate, malformedRate,
				stallRate, retryAfterSeconds, seed, model, maxRecords, apiKey, chunkFormat);
	}

	public SimulatorSettings withModel(String model) {
		return new SimulatorSettings(host, port, ttft, itl, defaultOutputTokens, minOutputTokens, maxOutputTokens,
				tokensPerChunk, reasoningTokens, rejectStreamOptions, rate429, rate500, abortRate, malformedRate,
				stallRate, retryAfterSeconds, seed, model, maxRecords, apiKey, chunkFormat);
	}

	public SimulatorSettings withMaxRecords(int maxRecords) {
		return new SimulatorSettings(host, port, ttft, itl, defaultOutputTokens, minOutputTokens, maxOutputTokens,
				tokensPerChunk, reasoningTokens, rejectStreamOptions, rate429, rate500, abortRate, malformedRate,
				stallRate, retryAfterSeconds, seed, model, maxRecords, apiKey, chunkFormat);
	}

	public SimulatorSettings withApiKey(String apiKey) {
		return new SimulatorSettings(host, port, ttft, itl, defaultOutputTokens, minOutputTokens, maxOutputTokens,
				tokensPerChunk, reasoningTokens, rejectStreamOptions, rate429, rate500, abortRate, malformedRate,
				stallRate, retryAfterSeconds, seed, model, maxRecords, apiKey == null || apiKey.isEmpty() ? null : apiKey, chunkFormat);
	}

	public SimulatorSettings withChunkFormat(ChunkFormat chunkFormat) {
		return new SimulatorSettings(host, port, ttft, itl, defaultOutputTokens, minOutputTokens, maxOutputTokens,
				tokensPerChunk, reasoningTokens, rejectStreamOptions, rate429, rate500, abortRate, malformedRate,
				stallRate, retryAfterSeconds, seed, model, maxRecords, apiKey, chunkFormat);
	}
}
