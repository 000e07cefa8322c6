package io.deepstress.core.run;

/**
 * What goes into each request body besides the prompt.
 *
 * @param stream       stream the response (server-sent events)
 * @param maxTokens    {@code max_tokens}, or null to let the server decide
 * @param temperature  {@code temperature}, or null
 * @param extraBodyJson a JSON object whose members are added to every request body, or null
 * @param includeUsage ask for a final usage chunk ({@code stream_options.include_usage}); dropped
 *                     automatically if the server rejects it
 */
public record RequestOptions(boolean stream, Integer maxTokens, Double temperature, String extraBodyJson,
		boolean includeUsage) {

	/** Streaming, usage requested, server defaults otherwise. */
	public static RequestOptions defaults() {
		return new RequestOptions(true, null, null, null, true);
	}
}
