package io.deepstress.datasets.internal;

import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import io.deepstress.core.datasets.DatasetFormat;
import io.deepstress.core.model.Prompt;

/** Turns one parsed record of a JSON format into a prompt, or says what is wrong with it. */
final class Records {

	/** Longest prompt id kept from a record's {@code id}. */
	static final int MAX_ID = 120;

	private final DatasetFormat format;
	private final boolean multiTurn;
	private final Consumer<Prompt> sink;
	private final Problems problems;
	private long prompts;

	Records(DatasetFormat format, boolean multiTurn, Consumer<Prompt> sink, Problems problems) {
		this.format = format;
		this.multiTurn = multiTurn;
		this.sink = sink;
		this.problems = problems;
	}

	long prompts() {
		return prompts;
	}

	void problem(long line, String reason) {
		problems.add(line, reason);
	}

	/** A plain prompt (text formats). */
	void prompt(long line, String text) {
		prompts++;
		sink.accept(new Prompt(String.valueOf(line), text));
	}

	/** A ShareGPT or messages record that starts on {@code line}. */
	void record(long line, JsonNode record) {
		if (record == null || !record.isObject()) {
			problem(line, "not a JSON object");
			return;
		}
		List<String> users;
		try {
			users = format == DatasetFormat.SHAREGPT
					? Turns.users(conversations(record), "from", "value", "human", "user")
					: Turns.users(record.get("messages"), "role", "content", "user");
		} catch (IllegalArgumentException e) {
			problem(line, e.getMessage());
			return;
		}
		JsonNode id = record.get("id");
		String name = id != null && (id.isTextual() || id.isNumber()) && !id.asText().isBlank() ? id.asText().strip()
				: String.valueOf(line);
		if (name.length() > MAX_ID) {
			name = name.substring(0, MAX_ID); // the store keeps ids of up to 200 characters
		}
		prompts++;
		sink.accept(new Prompt(name, users.get(0), multiTurn ? users.subList(1, users.size()) : List.of(), -1, -1));
	}

	private static JsonNode conversations(JsonNode record) {
		JsonNode c = record.get("conversations");
		return c != null ? c : record.get("conversation");
	}
}
