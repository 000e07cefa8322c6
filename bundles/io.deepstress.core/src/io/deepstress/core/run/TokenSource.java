package io.deepstress.core.run;

/** Where a request's output token count comes from. */
public enum TokenSource {
	/** {@code usage.completion_tokens} reported by the server. */
	USAGE,
	/** Estimated: counted content chunks (streaming) or characters / 4 (non-streaming). */
	ESTIMATED
}
