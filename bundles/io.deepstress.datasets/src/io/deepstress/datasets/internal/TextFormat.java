package io.deepstress.datasets.internal;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Plain prompt files: one prompt per line, or JSON Lines with the prompt in {@code prompt}, {@code text} or
 * {@code content} (as core's {@code Datasets.read}, streamed); blank lines are skipped.
 */
final class TextFormat {

	private TextFormat() {
	}

	static long read(InputStream in, Records records) throws IOException {
		Lines lines = new Lines(in);
		Lines.Line line;
		long last = 0;
		while ((line = lines.next()) != null) {
			last = line.number();
			if (line.text() == null) {
				records.problem(line.number(), line.problem());
				continue;
			}
			String text = line.text().strip();
			if (text.isEmpty()) {
				continue;
			}
			if (text.startsWith("{")) {
				JsonNode json = JsonFormats.parseOrNull(text);
				if (json != null && json.isObject()) {
					String prompt = firstString(json, "prompt", "text", "content");
					if (prompt == null || prompt.isBlank()) {
						records.problem(line.number(), "no \"prompt\", \"text\" or \"content\" field");
					} else {
						records.prompt(line.number(), prompt);
					}
					continue;
				}
			}
			records.prompt(line.number(), text);
		}
		return last;
	}

	private static String firstString(JsonNode json, String... keys) {
		for (String k : keys) {
			JsonNode value = json.get(k);
			if (value != null && value.isTextual()) {
				return value.textValue();
			}
		}
		return null;
	}
}
