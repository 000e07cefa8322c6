package io.deepstress.simulator.tests;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * JSON answers of the simulator read with Jackson as plain maps and lists (integers as {@code Long}), and
 * null-safe steps into them, so that a test states the path it expects in one line.
 */
final class Tree {

	private static final ObjectMapper MAPPER = JsonMapper.builder()
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).enable(DeserializationFeature.USE_LONG_FOR_INTS)
			.build();

	private Tree() {
	}

	static Object parse(String json) {
		try {
			return MAPPER.readValue(json, Object.class);
		} catch (JsonProcessingException e) {
			throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage() + ": " + json, e);
		}
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> parseObject(String json) {
		if (parse(json) instanceof Map<?, ?> map) {
			return (Map<String, Object>) map;
		}
		throw new IllegalArgumentException("not a JSON object: " + json);
	}

	/** A string as a JSON string literal. */
	static String write(String s) {
		try {
			return MAPPER.writeValueAsString(s);
		} catch (JsonProcessingException e) {
			throw new IllegalStateException(e);
		}
	}

	/** {@code map.get(key)} when {@code value} is a map, else null. */
	static Object get(Object value, String key) {
		return value instanceof Map<?, ?> map ? map.get(key) : null;
	}

	/** Element {@code index} when {@code value} is a list long enough, else null. */
	static Object at(Object value, int index) {
		return value instanceof List<?> list && index >= 0 && index < list.size() ? list.get(index) : null;
	}

	/** The value when it is a string, else null. */
	static String string(Object value) {
		return value instanceof String s ? s : null;
	}

	/** The value when it is an integral number, else -1. */
	static long integer(Object value) {
		return value instanceof Long l ? l : value instanceof Integer i ? i : -1;
	}
}
