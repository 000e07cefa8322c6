package io.deepstress.datasets.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON readers: a top-level array read with Jackson's streaming parser one element at a time, and JSON
 * Lines read line by line ({@link Lines}), so that neither holds more than one record.
 */
final class JsonFormats {

	private static final ObjectMapper MAPPER = JsonMapper.builder()
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

	/** For the array: its elements are read one after another from one parser. */
	private static final ObjectMapper STREAM = JsonMapper.builder().build();

	private JsonFormats() {
	}

	/** A JSON array of records; a syntax error ends the reading (what came before is kept). */
	static long array(InputStream in, Records records, LongConsumer progress) throws IOException {
		try (JsonParser p = STREAM.createParser(in)) {
			long lastLine = 1;
			try {
				if (p.nextToken() != JsonToken.START_ARRAY) {
					records.problem(1, "a ShareGPT JSON file is an array of conversations (starts with '[')");
					return 1;
				}
				long nextProgress = 1 << 20;
				JsonToken t;
				while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
					long line = p.currentTokenLocation().getLineNr();
					lastLine = line;
					if (t == JsonToken.START_OBJECT) {
						JsonNode record = p.readValueAsTree();
						records.record(line, record);
					} else {
						p.skipChildren();
						records.problem(line, "not a JSON object");
					}
					long offset = p.currentLocation().getByteOffset();
					if (progress != null && offset >= nextProgress) {
						progress.accept(offset);
						nextProgress = offset + (1 << 20);
					}
				}
				if (t == null) {
					records.problem(lastLine, "the JSON array is not closed (the file is cut short)");
				}
				return p.currentLocation().getLineNr();
			} catch (JsonProcessingException e) {
				long line = e.getLocation() != null ? e.getLocation().getLineNr() : lastLine;
				records.problem(line, brokenJson(e) + "; the rest of the file is left out");
				return line;
			}
		}
	}

	/** JSON Lines: one record a line; blank lines are skipped. */
	static long lines(InputStream in, Records records, LongConsumer progress) throws IOException {
		Lines lines = new Lines(in);
		long nextProgress = 1 << 20;
		Lines.Line line;
		long last = 0;
		while ((line = lines.next()) != null) {
			last = line.number();
			if (line.text() == null) {
				records.problem(line.number(), line.problem());
			} else if (!line.text().isBlank()) {
				JsonNode record;
				try {
					record = MAPPER.readTree(line.text());
				} catch (JsonProcessingException e) {
					records.problem(line.number(), brokenJson(e));
					continue;
				}
				records.record(line.number(), record);
			}
			if (progress != null && lines.bytes() >= nextProgress) {
				progress.accept(lines.bytes());
				nextProgress = lines.bytes() + (1 << 20);
			}
		}
		return last;
	}

	/** Parses one line of JSON, or null when it is not JSON. */
	static JsonNode parseOrNull(String text) {
		try {
			return MAPPER.readTree(text);
		} catch (JsonProcessingException e) {
			return null;
		}
	}

	static String brokenJson(JsonProcessingException e) {
		String msg = e.getOriginalMessage();
		if (msg != null) {
			int cut = msg.indexOf('\n');
			msg = cut > 0 ? msg.substring(0, cut) : msg;
			if (msg.length() > 160) {
				msg = msg.substring(0, 157) + "...";
			}
		}
		if (msg != null && msg.contains("UTF-8")) {
			return "not UTF-8 text (" + msg + "); convert the file, e.g. with iconv -t UTF-8";
		}
		return "broken JSON (" + msg + ")";
	}
}
