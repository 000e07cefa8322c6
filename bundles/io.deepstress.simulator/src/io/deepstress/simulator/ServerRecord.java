package io.deepstress.simulator;

/**
 * What the simulator did with one completion request: the ground truth a client's measurements are checked
 * against. Times are {@link System#nanoTime()} values taken in the server (CLOCK_MONOTONIC on Linux, so
 * comparable with a client's values on the same machine); -1 when the event did not (yet) happen.
 *
 * @param requestId         the request's {@code X-Request-Id} header, or an id the simulator made up
 * @param path              the request path, e.g. {@code /v1/chat/completions}
 * @param stream            whether the request asked for a streamed answer
 * @param arrivalNanos      when the handler got the request
 * @param firstContentNanos just before the first chunk carrying content or reasoning was written (for a
 *                          non-streamed answer: just before the body was written)
 * @param lastContentNanos  just before the last such chunk was written
 * @param endNanos          when the exchange ended: the last byte was written, the connection was cut, or
 *                          the client went away
 * @param promptTokens      whitespace-separated words in the prompt (at least 1)
 * @param outputTokens      content tokens the simulator planned for the answer ({@code completion_tokens}
 *                          minus reasoning); with a fault, the client may have seen fewer
 * @param reasoningTokens   reasoning tokens planned before the content
 * @param status            the HTTP status sent (0 before one was chosen)
 * @param fault             null, or one of {@code "429"}, {@code "500"}, {@code "abort"}, {@code "malformed"},
 *                          {@code "stall"}
 */
public record ServerRecord(String requestId, String path, boolean stream, long arrivalNanos, long firstContentNanos,
		long lastContentNanos, long endNanos, int promptTokens, int outputTokens, int reasoningTokens, int status,
		String fault) {

	/** Whether the exchange has ended ({@code endNanos != -1}). */
	public boolean ended() {
		return endNanos != -1;
	}
}
