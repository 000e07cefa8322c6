package io.deepstress.simulator.internal;

import java.util.Locale;

import io.deepstress.simulator.ChunkFormat;

/**
 * The streamed chunks of one {@link Plan} in a real server's layout ({@link ChunkFormat#VLLM},
 * {@link ChunkFormat#SGLANG}, {@link ChunkFormat#LLAMACPP}); the compact form stays in {@link Plan}. A text
 * chunk is {@link #head} + the quoted text + {@link #tail}, so that the simulator encodes the constant parts
 * once per answer.
 */
final class ServerChunks {

	/** What llama.cpp puts in {@code system_fingerprint}: its build number and commit. */
	static final String LLAMACPP_FINGERPRINT = "b6000-deepsim";

	private ServerChunks() {
	}

	// ------------------------------------------------------------------------------------------ vLLM / SGLang

	/** {@code {"id":...,"object":...,"created":...,"model":...} } without the closing brace. */
	private static StringBuilder openAiStart(Plan p) {
		StringBuilder sb = new StringBuilder(200);
		sb.append("{\"id\":");
		SimJson.quote(p.id(), sb);
		sb.append(p.chat() ? ",\"object\":\"chat.completion.chunk\"" : ",\"object\":\"text_completion\"");
		sb.append(",\"created\":").append(p.created()).append(",\"model\":");
		SimJson.quote(p.model(), sb);
		return sb;
	}

	// ------------------------------------------------------------------------------------------ llama.cpp

	/** llama.cpp writes the choices first: {@code {"choices":[} . */
	private static StringBuilder llamaStart() {
		return new StringBuilder(256).append("{\"choices\":[");
	}

	/** What follows llama.cpp's choices: {@code ],"created":...,"object":...} (and, at the end, more). */
	private static StringBuilder llamaEnd(Plan p, StringBuilder sb) {
		sb.append("],\"created\":").append(p.created()).append(",\"id\":");
		SimJson.quote(p.id(), sb);
		sb.append(",\"model\":");
		SimJson.quote(p.model(), sb);
		sb.append(",\"system_fingerprint\":\"").append(LLAMACPP_FINGERPRINT).append('"');
		sb.append(p.chat() ? ",\"object\":\"chat.completion.chunk\"" : ",\"object\":\"text_completion\"");
		return sb;
	}

	/**
	 * llama.cpp's {@code timings}: prompt and predicted token counts, their milliseconds (here the simulator's
	 * TTFT and the inter-token gaps it planned), per token and per second.
	 */
	static String timings(Plan p) {
		int predicted = p.outputTokens() + p.reasoningTokens();
		double promptMs = p.ttftMs();
		double predictedMs = Math.max(0, predicted - 1) * p.itlMs();
		StringBuilder sb = new StringBuilder(256);
		sb.append("{\"cache_n\":0,\"prompt_n\":").append(p.promptTokens());
		sb.append(",\"prompt_ms\":").append(number(promptMs));
		sb.append(",\"prompt_per_token_ms\":").append(number(p.promptTokens() > 0 ? promptMs / p.promptTokens() : 0));
		sb.append(",\"prompt_per_second\":").append(number(promptMs > 0 ? p.promptTokens() * 1000.0 / promptMs : 0));
		sb.append(",\"predicted_n\":").append(predicted);
		sb.append(",\"predicted_ms\":").append(number(predictedMs));
		sb.append(",\"predicted_per_token_ms\":").append(number(predicted > 0 ? predictedMs / predicted : 0));
		sb.append(",\"predicted_per_second\":").append(number(predictedMs > 0 ? predicted * 1000.0 / predictedMs : 0));
		return sb.append('}').toString();
	}

	/** A JSON number with three decimals, as C++'s doubles are written (never {@code NaN}). */
	private static String number(double v) {
		return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "0.0";
	}

	// ------------------------------------------------------------------------------------------ the chunks

	static String role(Plan p) {
		return switch (p.format()) {
			case VLLM -> openAiStart(p).append(",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
					+ "\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}").toString();
			case SGLANG -> openAiStart(p).append(",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
					+ "\"content\":\"\",\"reasoning_content\":null,\"tool_calls\":null},\"logprobs\":null,"
					+ "\"finish_reason\":null,\"matched_stop\":null}],\"usage\":null}").toString();
			case LLAMACPP -> llamaEnd(p, llamaStart().append(
					"{\"finish_reason\":null,\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null}}"))
					.append('}').toString();
			case COMPACT -> p.roleChunk();
		};
	}

	static String head(Plan p, boolean reasoning) {
		return switch (p.format()) {
			case VLLM -> openAiStart(p).append(!p.chat() ? ",\"choices\":[{\"index\":0,\"text\":"
					: reasoning ? ",\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":"
							: ",\"choices\":[{\"index\":0,\"delta\":{\"content\":")
					.toString();
			case SGLANG -> openAiStart(p).append(!p.chat() ? ",\"choices\":[{\"index\":0,\"text\":"
					: reasoning ? ",\"choices\":[{\"index\":0,\"delta\":{\"role\":null,\"content\":null,\"reasoning_content\":"
							: ",\"choices\":[{\"index\":0,\"delta\":{\"role\":null,\"content\":")
					.toString();
			case LLAMACPP -> llamaStart().append(!p.chat() ? "{\"text\":"
					: reasoning ? "{\"finish_reason\":null,\"index\":0,\"delta\":{\"reasoning_content\":"
							: "{\"finish_reason\":null,\"index\":0,\"delta\":{\"content\":")
					.toString();
			case COMPACT -> p.textChunkHead(reasoning);
		};
	}

	static String tail(Plan p, boolean reasoning) {
		return switch (p.format()) {
			case VLLM -> p.chat() ? "},\"logprobs\":null,\"finish_reason\":null}]}"
					: ",\"logprobs\":null,\"finish_reason\":null,\"stop_reason\":null}]}";
			case SGLANG -> !p.chat() ? ",\"logprobs\":null,\"finish_reason\":null,\"matched_stop\":null}],\"usage\":null}"
					: (reasoning ? ",\"tool_calls\":null}" : ",\"reasoning_content\":null,\"tool_calls\":null}")
							+ ",\"logprobs\":null,\"finish_reason\":null,\"matched_stop\":null}],\"usage\":null}";
			case LLAMACPP -> llamaEnd(p, new StringBuilder(p.chat() ? "}}" : ",\"index\":0,\"logprobs\":null,"
					+ "\"finish_reason\":null}")).append('}').toString();
			case COMPACT -> p.textChunkTail(reasoning);
		};
	}

	/** The chunk with the finish reason (llama.cpp adds its timings here when no usage chunk follows). */
	static String finish(Plan p) {
		StringBuilder sb;
		switch (p.format()) {
			case VLLM -> {
				sb = openAiStart(p).append(p.chat()
						? ",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"logprobs\":null,\"finish_reason\":"
						: ",\"choices\":[{\"index\":0,\"text\":\"\",\"logprobs\":null,\"finish_reason\":");
				SimJson.quote(p.finishReason(), sb);
				return sb.append(",\"stop_reason\":null}]}").toString();
			}
			case SGLANG -> {
				sb = openAiStart(p).append(p.chat()
						? ",\"choices\":[{\"index\":0,\"delta\":{\"role\":null,\"content\":null,\"reasoning_content\":null,"
								+ "\"tool_calls\":null},\"logprobs\":null,\"finish_reason\":"
						: ",\"choices\":[{\"index\":0,\"text\":\"\",\"logprobs\":null,\"finish_reason\":");
				SimJson.quote(p.finishReason(), sb);
				return sb.append(",\"matched_stop\":null}],\"usage\":null}").toString();
			}
			case LLAMACPP -> {
				sb = llamaStart().append(p.chat() ? "{\"finish_reason\":" : "{\"text\":\"\",\"index\":0,\"logprobs\":null,\"finish_reason\":");
				SimJson.quote(p.finishReason(), sb);
				sb.append(p.chat() ? ",\"index\":0,\"delta\":{}}" : "}");
				llamaEnd(p, sb);
				if (!p.includeUsage()) {
					sb.append(",\"timings\":").append(timings(p));
				}
				return sb.append('}').toString();
			}
			default -> {
				return p.finishChunk();
			}
		}
	}

	/** The final chunk with no choices and the usage. */
	static String usage(Plan p) {
		int completion = p.outputTokens() + p.reasoningTokens();
		int total = p.promptTokens() + completion;
		return switch (p.format()) {
			case VLLM -> openAiStart(p).append(",\"choices\":[],\"usage\":{\"prompt_tokens\":").append(p.promptTokens())
					.append(",\"total_tokens\":").append(total).append(",\"completion_tokens\":").append(completion)
					.append("}}").toString();
			case SGLANG -> openAiStart(p).append(",\"choices\":[],\"usage\":{\"prompt_tokens\":").append(p.promptTokens())
					.append(",\"total_tokens\":").append(total).append(",\"completion_tokens\":").append(completion)
					.append(",\"prompt_tokens_details\":null,\"reasoning_tokens\":").append(p.reasoningTokens())
					.append("}}").toString();
			case LLAMACPP -> llamaEnd(p, llamaStart()).append(",\"usage\":{\"completion_tokens\":").append(completion)
					.append(",\"prompt_tokens\":").append(p.promptTokens()).append(",\"total_tokens\":").append(total)
					.append("},\"timings\":").append(timings(p)).append('}').toString();
			case COMPACT -> p.usageChunk();
		};
	}
}
