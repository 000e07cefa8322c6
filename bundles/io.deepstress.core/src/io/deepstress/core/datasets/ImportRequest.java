package io.deepstress.core.datasets;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What to import.
 *
 * @param file      the file
 * @param format    its format
 * @param column    the CSV column that holds the prompt (a header name, or a 1-based number); null for other
 *                  formats
 * @param multiTurn keep a conversation's later user turns as the prompt's follow-ups (ShareGPT, messages);
 *                  otherwise only its first user turn is kept
 */
public record ImportRequest(Path file, DatasetFormat format, String column, boolean multiTurn) {
	public ImportRequest {
		Objects.requireNonNull(file, "file");
		Objects.requireNonNull(format, "format");
		if (format == DatasetFormat.CSV && (column == null || column.isBlank())) {
			throw new IllegalArgumentException("a CSV import needs the column that holds the prompts");
		}
	}

	/** A single-turn import of a non-CSV format. */
	public ImportRequest(Path file, DatasetFormat format) {
		this(file, format, null, false);
	}
}
