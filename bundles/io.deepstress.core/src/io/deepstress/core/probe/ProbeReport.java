package io.deepstress.core.probe;

import java.util.List;

/**
 * What one probe of an OpenAI-compatible endpoint found. A {@code Boolean} is null when it could not be told (the
 * step before it failed).
 *
 * @param baseUrl         the endpoint probed ({@code http://host:8000/v1})
 * @param models          the ids {@code GET /models} listed (empty when it failed)
 * @param modelUsed       the model the chat request named (the one given, else the first listed)
 * @param streaming       whether a streamed chat completion came back as server-sent events with content
 * @param includeUsage    whether {@code stream_options.include_usage} was accepted and a usage chunk came
 * @param roleChunkFirst  whether the first chunk carried only the role (no content)
 * @param reasoningField  the delta field reasoning came in ({@code reasoning_content}, {@code reasoning}), or null
 * @param ttftMs          the streamed request's time to its first content, ms (NaN when none)
 * @param e2eMs           its end-to-end time, ms (NaN when it failed)
 * @param tokenize        whether {@code POST {host}/tokenize} answered with tokens
 * @param metrics         whether {@code GET {host}/metrics} answered with Prometheus text
 * @param server          which server the metrics look like ({@code vllm}, {@code sglang}, {@code tgi},
 *                        {@code llama.cpp}), or null
 * @param problems        what failed, one sentence each (empty when everything answered)
 */
public record ProbeReport(String baseUrl, List<String> models, String modelUsed, Boolean streaming, Boolean includeUsage,
		Boolean roleChunkFirst, String reasoningField, double ttftMs, double e2eMs, boolean tokenize, boolean metrics,
		String server, List<String> problems) {

	public ProbeReport {
		models = List.copyOf(models);
		problems = List.copyOf(problems);
	}

	/** Whether the endpoint answered as an OpenAI-compatible server at all (models listed or a completion streamed). */
	public boolean reachable() {
		return !models.isEmpty() || Boolean.TRUE.equals(streaming);
	}
}
