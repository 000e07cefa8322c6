package io.deepstress.cli.internal;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/**
 * The command line's JSON ({@code --out}, {@code --samples}) through Jackson, written exactly as DeepStress 0.1
 * wrote it: compact; a double with an integral value below 1e15 as an integer ({@code 2}, not
 * {@code 2.0}), NaN and infinities as {@code null}, any other double as {@link Double#toString}; control
 * characters without a short escape, U+2028 and U+2029 as u-escapes with lower-case hex digits.
 */
final class CliJson {

	private static final ObjectMapper MAPPER = JsonMapper
			.builder(new JsonFactoryBuilder().disable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
					.characterEscapes(new Escapes()).build())
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).enable(DeserializationFeature.USE_LONG_FOR_INTS)
			.addModule(new SimpleModule("deepstress-numbers").addSerializer(Double.class, new Decimal<>(Double.class))
					.addSerializer(Float.class, new Decimal<>(Float.class)))
			.build();

	private CliJson() {
	}

	/** The value (maps, lists, strings, numbers, booleans, null) as compact JSON. */
	static String write(Object value) {
		try {
			return MAPPER.writeValueAsString(value);
		} catch (JsonProcessingException e) {
			throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
		}
	}

	/** One JSON value; malformed text or text after the value is an {@link IllegalArgumentException}. */
	static JsonNode read(String text) {
		try {
			return MAPPER.readTree(text);
		} catch (JsonProcessingException e) {
			long offset = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
			throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage() + " at offset " + offset, e);
		}
	}

	private static final class Decimal<T extends Number> extends StdSerializer<T> {

		private static final long serialVersionUID = 1L;

		Decimal(Class<T> type) {
			super(type);
		}

		@Override
		public void serialize(T value, JsonGenerator out, SerializerProvider provider) throws IOException {
			double d = value.doubleValue();
			if (Double.isNaN(d) || Double.isInfinite(d)) {
				out.writeNull();
			} else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
				out.writeNumber((long) d);
			} else {
				out.writeNumber(d);
			}
		}
	}

	private static final class Escapes extends CharacterEscapes {

		private static final long serialVersionUID = 1L;

		private final int[] ascii = CharacterEscapes.standardAsciiEscapesForJSON();

		Escapes() {
			for (int c = 0; c < 0x20; c++) {
				if (ascii[c] == ESCAPE_STANDARD) {
					ascii[c] = ESCAPE_CUSTOM;
				}
			}
		}

		@Override
		public int[] getEscapeCodesForAscii() {
			return ascii;
		}

		@Override
		public SerializableString getEscapeSequence(int c) {
			return c < 0x20 || c == 0x2028 || c == 0x2029 ? new SerializedString(String.format("\\u%04x", c)) : null;
		}
	}
}
