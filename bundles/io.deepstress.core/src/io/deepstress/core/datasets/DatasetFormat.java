package io.deepstress.core.datasets;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of prompt file a dataset can be imported from. */
public enum DatasetFormat {
	/** UTF-8 text, one prompt per line, or JSON Lines with {@code prompt}, {@code text} or {@code content}. */
	TEXT("text"),
	/** ShareGPT: a JSON array of {@code {"conversations": [{"from": "human", "value": ...}, ...]}}, or one per line. */
	SHAREGPT("sharegpt"),
	/** OpenAI chat JSON Lines: one {@code {"messages": [{"role": "user", "content": ...}, ...]}} per line. */
	MESSAGES("messages"),
	/** CSV with a header row; the prompt is one chosen column. */
	CSV("csv");

	private final String id;

	DatasetFormat(String id) {
		this.id = id;
	}

	/** The name used on the command line and in messages. */
	public String id() {
		return id;
	}

	/** The format of this name ({@code jsonl} is {@link #TEXT}), ignoring case. */
	public static DatasetFormat of(String name) {
		String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
		if (n.equals("jsonl") || n.equals("txt")) {
			return TEXT;
		}
		for (DatasetFormat f : values()) {
			if (f.id.equals(n)) {
				return f;
			}
		}
		throw new IllegalArgumentException("unknown dataset format '" + name + "': use one of "
				+ Arrays.stream(values()).map(DatasetFormat::id).collect(Collectors.joining(", ")) + " (or jsonl)");
	}
}
