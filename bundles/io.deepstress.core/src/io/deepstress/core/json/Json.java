package io.deepstress.core.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON reader and writer (RFC 8259). Objects become {@code LinkedHashMap<String, Object>},
 * arrays {@code ArrayList<Object>}, numbers {@code Long} when integral and in range, else {@code Double}
 * (or {@code BigDecimal} beyond double range), plus {@code String}, {@code Boolean} and {@code null}.
 * Writing accepts the same types plus any {@link Number}, {@link Iterable}, arrays of objects and records
 * are not supported (convert them to maps first).
 */
public final class Json {

	private final String text;
	private int pos;

	private Json(String text) {
		this.text = text;
	}

	/** Parses one JSON value; trailing non-whitespace is an error. */
	public static Object parse(String text) {
		Json p = new Json(text);
		p.skipWhitespace();
		Object value = p.value(0);
		p.skipWhitespace();
		if (p.pos != text.length()) {
			throw p.error("unexpected text after the JSON value");
		}
		return value;
	}

	/** Parses a JSON object. */
	@SuppressWarnings("unchecked")
	public static Map<String, Object> parseObject(String text) {
		Object value = parse(text);
		if (value instanceof Map<?, ?> map) {
			return (Map<String, Object>) map;
		}
		throw new JsonException("expected a JSON object, got " + typeName(value), 0);
	}

	private static final int MAX_DEPTH = 256;

	private Object value(int depth) {
		if (depth > MAX_DEPTH) {
			throw error("nested too deeply");
		}
		if (pos >= text.length()) {
			throw error("unexpected end of input");
		}
		char c = text.charAt(pos);
		switch (c) {
			case '{':
				return object(depth);
			case '[':
				return array(depth);
			case '"':
				return string();
			case 't':
				literal("true");
				return Boolean.TRUE;
			case 'f':
				literal("false");
				return Boolean.FALSE;
			case 'n':
				literal("null");
				return null;
			default:
				if (c == '-' || (c >= '0' && c <= '9')) {
					return number();
				}
				throw error("unexpected character '" + c + "'");
		}
	}

	private Map<String, Object> object(int depth) {
		pos++; // {
		Map<String, Object> map = new LinkedHashMap<>();
		skipWhitespace();
		if (peek() == '}') {
			pos++;
			return map;
		}
		while (true) {
			skipWhitespace();
			if (peek() != '"') {
				throw error("expected a string key");
			}
			String key = string();
			skipWhitespace();
			expect(':');
			skipWhitespace();
			map.put(key, value(depth + 1));
			skipWhitespace();
			char c = next();
			if (c == '}') {
				return map;
			}
			if (c != ',') {
				throw error("expected ',' or '}'");
			}
		}
	}

	private List<Object> array(int depth) {
		pos++; // [
		List<Object> list = new ArrayList<>();
		skipWhitespace();
		if (peek() == ']') {
			pos++;
			return list;
		}
		while (true) {
			skipWhitespace();
			list.add(value(depth + 1));
			skipWhitespace();
			char c = next();
			if (c == ']') {
				return list;
			}
			if (c != ',') {
				throw error("expected ',' or ']'");
			}
		}
	}

	private String string() {
		pos++; // opening quote
		int start = pos;
		// fast path: no escapes
		while (pos < text.length()) {
			char c = text.charAt(pos);
			if (c == '"') {
				String s = text.substring(start, pos);
				pos++;
				return s;
			}
			if (c == '\\') {
				break;
			}
			if (c < 0x20) {
				throw error("control character in string");
			}
			pos++;
		}
		StringBuilder sb = new StringBuilder(text.length() - start < 64 ? 16 : 64);
		sb.append(text, start, pos);
		while (true) {
			if (pos >= text.length()) {
				throw error("unterminated string");
			}
			char c = text.charAt(pos++);
			if (c == '"') {
				return sb.toString();
			}
			if (c < 0x20) {
				throw error("control character in string");
			}
			if (c != '\\') {
				sb.append(c);
				continue;
			}
			if (pos >= text.length()) {
				throw error("unterminated escape");
			}
			char e = text.charAt(pos++);
			switch (e) {
				case '"', '\\', '/' -> sb.append(e);
				case 'b' -> sb.append('\b');
				case 'f' -> sb.append('\f');
				case 'n' -> sb.append('\n');
				case 'r' -> sb.append('\r');
				case 't' -> sb.append('\t');
				case 'u' -> {
					if (pos + 4 > text.length()) {
						throw error("short \\u escape");
					}
					int cp = 0;
					for (int i = 0; i < 4; i++) {
						int d = Character.digit(text.charAt(pos++), 16);
						if (d < 0) {
							throw error("bad \\u escape");
						}
						cp = cp * 16 + d;
					}
					sb.append((char) cp);
				}
				default -> throw error("bad escape '\\" + e + "'");
			}
		}
	}

	private Object number() {
		int start = pos;
		if (peek() == '-') {
			pos++;
		}
		if (pos >= text.length() || !Character.isDigit(text.charAt(pos))) {
			throw error("bad number");
		}
		boolean integral = true;
		if (text.charAt(pos) == '0') {
			pos++;
		} else {
			digits();
		}
		if (pos < text.length() && text.charAt(pos) == '.') {
			integral = false;
			pos++;
			if (pos >= text.length() || !Character.isDigit(text.charAt(pos))) {
				throw error("bad fraction");
			}
			digits();
		}
		if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
			integral = false;
			pos++;
			if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
				pos++;
			}
			if (pos >= text.length() || !Character.isDigit(text.charAt(pos))) {
				throw error("bad exponent");
			}
			digits();
		}
		String s = text.substring(start, pos);
		if (integral && s.length() < 19) {
			return Long.parseLong(s);
		}
		double d = Double.parseDouble(s);
		if (Double.isInfinite(d)) {
			try {
				return new BigDecimal(s);
			} catch (NumberFormatException e) { // an exponent beyond what BigDecimal holds
				throw error("number out of range");
			}
		}
		if (integral) {
			try {
				return Long.parseLong(s);
			} catch (NumberFormatException e) {
				return new BigDecimal(s);
			}
		}
		return d;
	}

	private void digits() {
		while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
			pos++;
		}
	}

	private void literal(String word) {
		if (!text.startsWith(word, pos)) {
			throw error("unexpected token");
		}
		pos += word.length();
	}

	private void skipWhitespace() {
		while (pos < text.length()) {
			char c = text.charAt(pos);
			if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
				pos++;
			} else {
				return;
			}
		}
	}

	private char peek() {
		return pos < text.length() ? text.charAt(pos) : '\0';
	}

	private char next() {
		if (pos >= text.length()) {
			throw error("unexpected end of input");
		}
		return text.charAt(pos++);
	}

	private void expect(char c) {
		if (next() != c) {
			pos--;
			throw error("expected '" + c + "'");
		}
	}

	private JsonException error(String message) {
		return new JsonException(message, pos);
	}

	private static String typeName(Object value) {
		return value == null ? "null" : value instanceof List ? "an array" : value.getClass().getSimpleName();
	}

	// ------------------------------------------------------------------------------------------ writing

	/** Writes a value as compact JSON. */
	public static String write(Object value) {
		StringBuilder sb = new StringBuilder(64);
		write(value, sb);
		return sb.toString();
	}

	/** Appends a value as compact JSON. */
	public static void write(Object value, StringBuilder out) {
		if (value == null) {
			out.append("null");
		} else if (value instanceof String s) {
			quote(s, out);
		} else if (value instanceof Boolean b) {
			out.append(b.booleanValue());
		} else if (value instanceof Double d) {
			number(d, out);
		} else if (value instanceof Float f) {
			number(f.doubleValue(), out);
		} else if (value instanceof Number n) {
			out.append(n.toString());
		} else if (value instanceof Map<?, ?> map) {
			out.append('{');
			Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
			while (it.hasNext()) {
				Map.Entry<?, ?> e = it.next();
				quote(String.valueOf(e.getKey()), out);
				out.append(':');
				write(e.getValue(), out);
				if (it.hasNext()) {
					out.append(',');
				}
			}
			out.append('}');
		} else if (value instanceof Iterable<?> list) {
			out.append('[');
			Iterator<?> it = list.iterator();
			while (it.hasNext()) {
				write(it.next(), out);
				if (it.hasNext()) {
					out.append(',');
				}
			}
			out.append(']');
		} else if (value instanceof Enum<?> e) {
			quote(e.name(), out);
		} else {
			throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
		}
	}

	private static void number(double d, StringBuilder out) {
		if (Double.isNaN(d) || Double.isInfinite(d)) {
			out.append("null");
		} else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
			out.append((long) d);
		} else {
			out.append(d);
		}
	}

	/** Appends a JSON string literal. */
	public static void quote(String s, StringBuilder out) {
		out.append('"');
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				default -> {
					if (c < 0x20 || c == '\u2028' || c == '\u2029') {
						out.append(String.format("\\u%04x", (int) c));
					} else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

	// ------------------------------------------------------------------------------------------ access

	/** {@code map.get(key)} when {@code value} is a map, else null. */
	public static Object get(Object value, String key) {
		return value instanceof Map<?, ?> map ? map.get(key) : null;
	}

	/** Element {@code index} when {@code value} is a list long enough, else null. */
	public static Object at(Object value, int index) {
		return value instanceof List<?> list && index >= 0 && index < list.size() ? list.get(index) : null;
	}

	/** The value as a string when it is one, else null. */
	public static String string(Object value) {
		return value instanceof String s ? s : null;
	}

	/** The value as a long when it is an integral number, else -1. */
	public static long integer(Object value) {
		if (value instanceof Long l) {
			return l;
		}
		if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
			return n.longValue();
		}
		return -1;
	}
}
