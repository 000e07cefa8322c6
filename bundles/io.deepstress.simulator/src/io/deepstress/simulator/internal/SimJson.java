package io.deepstress.simulator.internal;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The simulator's JSON through Jackson: request bodies read as maps and lists (integers as {@code Long}),
 * answers written from maps, and the quoting of text in the hand-built stream chunks.
 */
final class SimJson {

	private static final ObjectMapper MAPPER = JsonMapper.builder()
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).enable(DeserializationFeature.USE_LONG_FOR_INTS)
			.build();

	private SimJson() {
	}

	/** A JSON object as a map; anything else is an {@link IllegalArgumentException} saying what is wrong. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> parseObject(String text) {
		Object value;
		try {
			value = MAPPER.readValue(text, Object.class);
		} catch (JsonProcessingException e) {
			long offset = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
			throw new IllegalArgumentException(e.getOriginalMessage() + " at offset " + offset, e);
		}
		if (value instanceof Map<?, ?> map) {
			return (Map<String, Object>) map;
		}
		throw new IllegalArgumentException("expected a JSON object, got " + (value == null ? "null"
				: value instanceof List ? "an array" : value.getClass().getSimpleName()));
	}

	static String write(Object value) {
		try {
			return MAPPER.writeValueAsString(value);
		} catch (JsonProcessingException e) {
			throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
		}
	}

	/** Appends {@code s} as a JSON string literal, quotes included. */
	static void quote(String s, StringBuilder out) {
		out.append('"');
		JsonStringEncoder.getInstance().quoteAsString(s, out);
		out.append('"');
	}

	/** The value as a long when it is an integral number (also 12.0), else -1. */
	static long integer(Object value) {
		if (value instanceof Long l) {
			return l;
		}
		if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
			return n.longValue();
		}
		return -1;
	}

	/** {@code map.get(key)} when {@code value} is a map, else null. */
	static Object get(Object value, String key) {
		return value instanceof Map<?, ?> map ? map.get(key) : null;
	}
}
