package io.deepstress.simulator.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import io.deepstress.simulator.ChunkFormat;

/**
 * Everything decided about one answer before it is sent: API, lengths, finish reason and fault. Also builds
 * the JSON of the chunks and bodies.
 */
record Plan(boolean chat, boolean stream, boolean includeUsage, String id, long created, String model,
		int promptTokens, int outputTokens, int reasoningTokens, String finishReason, Fault fault,
		ChunkFormat format, double ttftMs, double itlMs) {

	/** Sent instead of one content chunk by the "malformed" fault: JSON cut short. */
	static final String BROKEN_CHAT_CHUNK = "{\"choices\":[{\"delta\":{\"content\":\"x\"";
	static final String BROKEN_TEXT_CHUNK = "{\"choices\":[{\"text\":\"x\"";

	String brokenChunk() {
		return chat ? BROKEN_CHAT_CHUNK : BROKEN_TEXT_CHUNK;
	}

	private StringBuilder chunkStart() {
		StringBuilder sb = new StringBuilder(160);
		sb.append("{\"id\":");
		SimJson.quote(id, sb);
		sb.append(chat ? ",\"object\":\"chat.completion.chunk\",\"created\":" : ",\"object\":\"text_completion\",\"created\":");
		sb.append(created).append(",\"model\":");
		SimJson.quote(model, sb);
		return sb;
	}

	/** The first chat chunk: the assistant role and empty content. */
	String roleChunk() {
		if (format != ChunkFormat.COMPACT) {
			return ServerChunks.role(this);
		}
		return chunkStart()
				.append(",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}")
				.toString();
	}

	/** A chunk of content (or, for chat, of reasoning): {@link #textChunkHead}, the quoted text, {@link #textChunkTail}. */
	String textChunk(String text, boolean reasoning) {
		StringBuilder sb = new StringBuilder(textChunkHead(reasoning));
		SimJson.quote(text, sb);
		return sb.append(textChunkTail(reasoning)).toString();
	}

	/** What comes before the quoted text in a chunk of content (or, for chat, of reasoning). */
	String textChunkHead(boolean reasoning) {
		if (format != ChunkFormat.COMPACT) {
			return ServerChunks.head(this, reasoning);
		}
		StringBuilder sb = chunkStart();
		if (chat) {
			sb.append(reasoning ? ",\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":"
					: ",\"choices\":[{\"index\":0,\"delta\":{\"content\":");
		} else {
			sb.append(",\"choices\":[{\"index\":0,\"text\":");
		}
		return sb.toString();
	}

	/** What follows the quoted text in a chunk of content (or, for chat, of reasoning). */
	String textChunkTail(boolean reasoning) {
		if (format != ChunkFormat.COMPACT) {
			return ServerChunks.tail(this, reasoning);
		}
		return chat ? "},\"finish_reason\":null}]}" : ",\"finish_reason\":null}]}";
	}

	/** The chunk with the finish reason and no content. */
	String finishChunk() {
		if (format != ChunkFormat.COMPACT) {
			return ServerChunks.finish(this);
		}
		StringBuilder sb = chunkStart();
		sb.append(chat ? ",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":"
				: ",\"choices\":[{\"index\":0,\"text\":\"\",\"finish_reason\":");
		SimJson.quote(finishReason, sb);
		return sb.append("}]}").toString();
	}

	/** The chunk with no choices and the usage, sent when the request asked for it. */
	String usageChunk() {
		if (format != ChunkFormat.COMPACT) {
			return ServerChunks.usage(this);
		}
		StringBuilder sb = chunkStart();
		sb.append(",\"choices\":[],\"usage\":");
		sb.append(SimJson.write(usage()));
		return sb.append('}').toString();
	}

	Map<String, Object> usage() {
		Map<String, Object> usage = new LinkedHashMap<>();
		usage.put("prompt_tokens", promptTokens);
		usage.put("completion_tokens", outputTokens + reasoningTokens);
		usage.put("total_tokens", promptTokens + outputTokens + reasoningTokens);
		if (reasoningTokens > 0) {
			usage.put("completion_tokens_details", Map.of("reasoning_tokens", reasoningTokens));
		}
		return usage;
	}

	/** The body of a non-streamed answer. */
	String body() {
		Map<String, Object> choice = new LinkedHashMap<>();
		choice.put("index", 0);
		if (chat) {
			Map<String, Object> message = new LinkedHashMap<>();
			message.put("role", "assistant");
			message.put("content", Tokens.tokens(reasoningTokens, reasoningTokens + outputTokens));
			if (reasoningTokens > 0) {
				message.put("reasoning_content", Tokens.tokens(0, reasoningTokens));
			}
			choice.put("message", message);
		} else {
			choice.put("text", Tokens.tokens(0, outputTokens));
		}
		choice.put("finish_reason", finishReason);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", id);
		body.put("object", chat ? "chat.completion" : "text_completion");
		body.put("created", created);
		body.put("model", model);
		body.put("choices", java.util.List.of(choice));
		body.put("usage", usage());
		return SimJson.write(body);
	}
}
