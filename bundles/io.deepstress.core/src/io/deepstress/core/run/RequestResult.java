package io.deepstress.core.run;

/**
 * The outcome of one attempt of one request, measured on the client with {@code System.nanoTime}.
 * Durations are nanoseconds, {@code -1} when absent (e.g. no TTFT for a failed or non-streamed request).
 *
 * @param requestId      unique id, also sent as the {@code X-Request-Id} header
 * @param index          issue order within the run, from 0 (warm-up requests included)
 * @param dataset        name of the prompt's dataset
 * @param promptId       the prompt's id within its dataset
 * @param attempt        1 for the first attempt, 2 for the first retry, ...
 * @param last           whether this is the request's final attempt (only final attempts count in statistics)
 * @param warmup         a warm-up request, left out of the statistics
 * @param startNanos     {@code System.nanoTime()} just before the request was written
 * @param startEpochMicros wall-clock start, for lining up with GPU samples and records
 * @param ttftNanos      start to the first chunk carrying generated content (text or reasoning)
 * @param e2eNanos       start to the end of the response
 * @param itlCount       number of gaps between consecutive content chunks
 * @param itlMeanNanos   mean of those gaps
 * @param itlMaxNanos    largest of those gaps
 * @param tpotNanos      (E2E − TTFT) / (output tokens − 1), when there are at least two tokens
 * @param outputTokens   generated tokens
 * @param tokenSource    where {@code outputTokens} comes from
 * @param inputTokens    {@code usage.prompt_tokens}, or -1
 * @param chars          Unicode code points generated (content + reasoning)
 * @param httpStatus     HTTP status, or 0 when none was received
 * @param error          why the attempt failed, null when it succeeded
 * @param errorMessage   a readable message, null when it succeeded
 * @param inputTokensSent the prompt's length in tokens with the run's tokenizer (what the client sent, before
 *                       the server's chat template), or -1 when not counted; {@code inputTokens} is the
 *                       server's count beside it
 * @param outputTokensAsked the output length asked for ({@code max_tokens}), or -1 when none was asked
 * @param turn           the user turn of a conversation this request sent, from 0 (0 for single-turn prompts)
 * @param conversationId the conversation the request belongs to (one per conversation played), or null for a
 *                       single-turn prompt
 * @param scheduledNanos {@code System.nanoTime()} at which an open loop or a trace meant to send the request (its
 *                       arrival), on the clock of {@code startNanos}; -1 for a closed loop, a retry or a stored
 *                       result. {@code startNanos - scheduledNanos} is the request's queueing delay on the client
 * @param httpTiming     the attempt's HTTP phases (connect, TLS, headers, first byte, ...), or null when not
 *                       measured
 */
public record RequestResult(String requestId, long index, String dataset, String promptId, int attempt, boolean last,
		boolean warmup, long startNanos, long startEpochMicros, long ttftNanos, long e2eNanos, int itlCount,
		long itlMeanNanos, long itlMaxNanos, long tpotNanos, long outputTokens, TokenSource tokenSource,
		long inputTokens, long chars, int httpStatus, ErrorKind error, String errorMessage, long inputTokensSent,
		long outputTokensAsked, int turn, String conversationId, long scheduledNanos, HttpTiming httpTiming) {

	/** A request with no scheduled send time and no HTTP timing. */
	public RequestResult(String requestId, long index, String dataset, String promptId, int attempt, boolean last,
			boolean warmup, long startNanos, long startEpochMicros, long ttftNanos, long e2eNanos, int itlCount,
			long itlMeanNanos, long itlMaxNanos, long tpotNanos, long outputTokens, TokenSource tokenSource,
			long inputTokens, long chars, int httpStatus, ErrorKind error, String errorMessage, long inputTokensSent,
			long outputTokensAsked, int turn, String conversationId) {
		this(requestId, index, dataset, promptId, attempt, last, warmup, startNanos, startEpochMicros, ttftNanos,
				e2eNanos, itlCount, itlMeanNanos, itlMaxNanos, tpotNanos, outputTokens, tokenSource, inputTokens, chars,
				httpStatus, error, errorMessage, inputTokensSent, outputTokensAsked, turn, conversationId, -1, null);
	}

	/** A single-turn request with no counted input and no asked-for output length. */
	public RequestResult(String requestId, long index, String dataset, String promptId, int attempt, boolean last,
			boolean warmup, long startNanos, long startEpochMicros, long ttftNanos, long e2eNanos, int itlCount,
			long itlMeanNanos, long itlMaxNanos, long tpotNanos, long outputTokens, TokenSource tokenSource,
			long inputTokens, long chars, int httpStatus, ErrorKind error, String errorMessage) {
		this(requestId, index, dataset, promptId, attempt, last, warmup, startNanos, startEpochMicros, ttftNanos,
				e2eNanos, itlCount, itlMeanNanos, itlMaxNanos, tpotNanos, outputTokens, tokenSource, inputTokens, chars,
				httpStatus, error, errorMessage, -1, -1, 0, null, -1, null);
	}

	/**
	 * The open-loop queueing delay: how late the request was sent after its scheduled arrival, in nanoseconds
	 * (0 when early), or -1 when it had no scheduled time or no measured start.
	 */
	public long queueDelayNanos() {
		return scheduledNanos < 0 || startNanos < 0 ? -1 : Math.max(0, startNanos - scheduledNanos);
	}

	/**
	 * Whether the request succeeded with fewer output tokens than it asked for (the server stopped early, e.g.
	 * at an end-of-sequence token that {@code ignore_eos} did not forbid).
	 */
	public boolean stoppedEarly() {
		return error == null && outputTokensAsked > 0 && outputTokens < outputTokensAsked;
	}

	/** Whether the attempt succeeded. */
	public boolean succeeded() {
		return error == null;
	}

	/** The key the error is counted by ({@code http-429}, {@code timeout-total}, ...), or null. */
	public String errorKey() {
		return error == null ? null : error.key(httpStatus);
	}

	/** Generated characters per second of end-to-end time (the original tool's generation speed). */
	public double generationSpeed() {
		return e2eNanos > 0 ? chars / (e2eNanos / 1e9) : 0;
	}

	/** Output tokens per second of end-to-end time (the original tool's TPS). */
	public double tokensPerSecond() {
		return e2eNanos > 0 ? outputTokens / (e2eNanos / 1e9) : 0;
	}
}
