package io.deepstress.datasets.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.deepstress.core.datasets.DatasetFormat;
import io.deepstress.core.datasets.DatasetImporter;
import io.deepstress.core.datasets.ImportReport;
import io.deepstress.core.datasets.ImportRequest;
import io.deepstress.core.model.Prompt;

/** The importer as DS registers it, and small files to feed it. */
final class Importing {

	private Importing() {
	}

	static DatasetImporter importer() throws InterruptedException {
		ServiceTracker<DatasetImporter, DatasetImporter> tracker = new ServiceTracker<>(
				FrameworkUtil.getBundle(Importing.class).getBundleContext(), DatasetImporter.class, null);
		tracker.open();
		DatasetImporter importer = tracker.waitForService(10_000);
		assertNotNull(importer, "DatasetImporter registered by DS");
		return importer;
	}

	static Path write(Path dir, String name, String text) throws IOException {
		return Files.write(dir.resolve(name), text.getBytes(StandardCharsets.UTF_8));
	}

	/** What one import gave. */
	record Result(List<Prompt> prompts, ImportReport report) {
	}

	static Result read(Path file, DatasetFormat format, String column, boolean multiTurn) throws InterruptedException {
		List<Prompt> prompts = new ArrayList<>();
		ImportReport report = importer().read(new ImportRequest(file, format, column, multiTurn), prompts::add, null);
		return new Result(prompts, report);
	}
}
