package io.deepstress.datasets.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** CSV with a header row (commons-csv, streamed record by record); the prompt is one chosen column. */
final class CsvFormat {

	private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
			.setIgnoreEmptyLines(true).setAllowMissingColumnNames(true).setTrim(false).get();

	private CsvFormat() {
	}

	static long read(Path file, InputStream in, String column, Records records) throws IOException {
		Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
		CSVParser parser;
		try {
			parser = FORMAT.parse(reader);
		} catch (CharacterCodingException e) {
			throw new IllegalArgumentException(file + " line 1: not UTF-8 text; convert it, e.g. with iconv -t UTF-8");
		} catch (IOException | UncheckedIOException | IllegalArgumentException e) {
			throw new IllegalArgumentException(file + " line 1: not a CSV header row (" + e.getMessage() + ")");
		}
		try (parser) {
			int index = columnIndex(file, parser.getHeaderNames(), column);
			Iterator<CSVRecord> it = parser.iterator();
			while (true) {
				long line = parser.getCurrentLineNumber() + 1;
				CSVRecord record;
				try {
					if (!it.hasNext()) {
						return parser.getCurrentLineNumber();
					}
					record = it.next();
				} catch (UncheckedIOException e) {
					String reason = e.getCause() instanceof CharacterCodingException
							? "not UTF-8 text (convert the file, e.g. with iconv -t UTF-8)"
							: "broken CSV (" + e.getCause().getMessage() + ")";
					records.problem(line, reason + "; the rest of the file is left out");
					return line;
				}
				if (index >= record.size()) {
					records.problem(line, "no value in column '" + column + "' (the record has " + record.size()
							+ " fields)");
				} else if (record.get(index).isBlank()) {
					records.problem(line, "empty value in column '" + column + "'");
				} else {
					records.prompt(line, record.get(index));
				}
			}
		}
	}

	/** The column by header name (exact, else ignoring case) or by 1-based number. */
	private static int columnIndex(Path file, List<String> header, String column) {
		if (header.isEmpty()) {
			throw new IllegalArgumentException("CSV file " + file + " is empty (no header row)");
		}
		String c = column.strip();
		for (int i = 0; i < header.size(); i++) {
			if (c.equals(header.get(i))) {
				return i;
			}
		}
		for (int i = 0; i < header.size(); i++) {
			if (c.equalsIgnoreCase(header.get(i) == null ? "" : header.get(i).strip())) {
				return i;
			}
		}
		if (c.matches("[0-9]{1,4}")) {
			int n = Integer.parseInt(c);
			if (n >= 1 && n <= header.size()) {
				return n - 1;
			}
		}
		throw new IllegalArgumentException("CSV file " + file + " has no column '" + column + "'; its columns: "
				+ String.join(", ", header.stream().map(h -> "'" + h + "'").toList()));
	}

}
