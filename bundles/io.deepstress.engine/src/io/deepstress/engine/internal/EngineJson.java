package io.deepstress.engine.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The engine's JSON through Jackson, off the hot path: request bodies, the extra body, complete responses,
 * error bodies, and the stream chunks the {@link ChunkScanner} leaves to the full parser.
 */
final class EngineJson {

	private static final ObjectMapper MAPPER = JsonMapper.builder()
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

	static {
		// Jackson loads its reading and writing classes on first use (about a second on a busy machine):
		// here, when a run is created, rather than while its first requests are sent
		write(parse("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"\u00e9\"}],\"max_tokens\":1,"
				+ "\"temperature\":0.5,\"stream\":true,\"stream_options\":{\"include_usage\":null}}"));
	}

	private EngineJson() {
	}

	/** One JSON value; malformed text (or text after the value) is an {@link IllegalArgumentException}. */
	static JsonNode parse(String text) {
		try {
			return MAPPER.readTree(text);
		} catch (JsonProcessingException e) {
			long offset = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
			throw new IllegalArgumentException(e.getOriginalMessage() + " at offset " + offset, e);
		}
	}

	/** An empty object to build a request body in. */
	static ObjectNode object() {
		return MAPPER.createObjectNode();
	}

	static String write(JsonNode node) {
		try {
			return MAPPER.writeValueAsString(node);
		} catch (JsonProcessingException e) {
			throw new IllegalStateException(e);
		}
	}

	/** The node as a long when it is an integral number (also 12.0), else -1. */
	static long integer(JsonNode node) {
		if (node == null || !node.isNumber()) {
			return -1;
		}
		if (node.isIntegralNumber()) {
			return node.canConvertToLong() ? node.longValue() : -1;
		}
		double d = node.doubleValue();
		return d == Math.rint(d) ? (long) d : -1;
	}

	/** Unicode code points of a text node; 0 for anything else. */
	static long codePoints(JsonNode node) {
		if (node == null || !node.isTextual()) {
			return 0;
		}
		String s = node.textValue();
		return s.codePointCount(0, s.length());
	}

	/** The text of a text node, else null. */
	static String text(JsonNode node) {
		return node != null && node.isTextual() ? node.textValue() : null;
	}
}
