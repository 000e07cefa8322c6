package io.deepstress.datasets.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import org.osgi.service.component.annotations.Component;

import io.deepstress.core.datasets.DatasetImporter;
import io.deepstress.core.datasets.ImportReport;
import io.deepstress.core.datasets.ImportRequest;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Prompt;

/** The {@link DatasetImporter}: every format streamed from the file. */
@Component(service = DatasetImporter.class)
public final class StreamingImporter implements DatasetImporter {

	@Override
	public ImportReport read(ImportRequest request, Consumer<Prompt> sink, LongConsumer progress) {
		Path file = request.file();
		long size;
		try {
			size = Files.size(file);
			if (Files.isDirectory(file)) {
				throw new IllegalArgumentException(file + " is a folder, not a dataset file");
			}
		} catch (NoSuchFileException e) {
			throw new IllegalArgumentException("dataset file not found: " + file);
		} catch (IOException e) {
			throw new IllegalArgumentException("cannot read dataset file " + file + ": " + e.getMessage());
		}
		if (size == 0) {
			throw new IllegalArgumentException("dataset file " + file + " is empty");
		}
		Problems problems = new Problems();
		Records records = new Records(request.format(), request.multiTurn(), sink, problems);
		long lines;
		try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
			lines = switch (request.format()) {
			case TEXT -> TextFormat.read(in, records);
			case MESSAGES -> JsonFormats.lines(in, records, progress);
			case CSV -> CsvFormat.read(file, in, request.column(), records);
			case SHAREGPT -> startsWithBracket(in) ? JsonFormats.array(in, records, progress)
					: JsonFormats.lines(in, records, progress);
			};
		} catch (IOException e) {
			throw new IllegalArgumentException("cannot read dataset file " + file + ": " + e.getMessage());
		}
		if (progress != null) {
			progress.accept(size);
		}
		if (records.prompts() == 0) {
			if (problems.count() == 0) {
				throw new IllegalArgumentException("dataset file " + file + " has no prompts (only blank lines)");
			}
			throw new IllegalArgumentException("dataset file " + file + " has no usable " + request.format().id()
					+ " records: " + problems.count() + " left out, the first at " + problems.kept().get(0));
		}
		return new ImportReport(records.prompts(), problems.count(), problems.kept(), lines);
	}

	@Override
	public Imported readDataset(ImportRequest request, String name) {
		List<Prompt> prompts = new ArrayList<>();
		ImportReport report = read(request, prompts::add, null);
		String n = name != null && !name.isBlank() ? name
				: request.file().getFileName().toString().replaceFirst("\\.[^.]+$", "");
		return new Imported(new Dataset(n, prompts), report);
	}

	/** Whether the first byte that is not white space (after a byte-order mark) is '['; the stream is reset. */
	private static boolean startsWithBracket(InputStream in) throws IOException {
		in.mark(64 * 1024);
		try {
			int b;
			int read = 0;
			while ((b = in.read()) != -1 && read++ < 64 * 1024 - 1) {
				if (b == 0xef || b == 0xbb || b == 0xbf || Character.isWhitespace(b)) {
					continue;
				}
				return b == '[';
			}
			return false;
		} finally {
			in.reset();
		}
	}

}
