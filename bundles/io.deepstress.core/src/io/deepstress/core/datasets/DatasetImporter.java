package io.deepstress.core.datasets;

import java.util.function.Consumer;
import java.util.function.LongConsumer;

import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Prompt;

/**
 * Reads prompt files of every {@link DatasetFormat}, as an OSGi service. Files are streamed: a record is handed
 * on as soon as it is read, so a large file needs no more memory than its largest record. A broken record is
 * left out and reported with its line while the good ones are kept.
 */
public interface DatasetImporter {

	/**
	 * Reads the file, handing each prompt to {@code sink} in file order.
	 *
	 * @param progress told the bytes read so far, now and then (may be null)
	 * @throws IllegalArgumentException with a message for the user when the file as a whole cannot be used:
	 *                                  missing, unreadable, empty, a CSV without the column, no good record
	 */
	ImportReport read(ImportRequest request, Consumer<Prompt> sink, LongConsumer progress);

	/**
	 * Reads the whole file into a dataset named {@code name} (for files that fit in memory: a run's datasets
	 * are held whole anyway).
	 */
	Imported readDataset(ImportRequest request, String name);

	/** A dataset read from a file, with what was left out. */
	record Imported(Dataset dataset, ImportReport report) {
	}
}
