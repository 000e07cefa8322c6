package io.deepstress.ui.datasets.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Text;

import io.deepstress.core.datasets.DatasetFormat;
import io.deepstress.core.datasets.DatasetImporter;
import io.deepstress.core.datasets.ImportProblem;
import io.deepstress.core.datasets.ImportReport;
import io.deepstress.core.datasets.ImportRequest;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.services.ConfigurationStore;
import io.deepstress.ui.parts.Background;
import io.deepstress.ui.parts.Forms;
import io.deepstress.ui.parts.WidgetIds;

/**
 * Imports a file as a saved dataset: the file, its format (and CSV column), the name, whether conversations
 * keep their later turns; the reading runs on a worker with a progress bar (bytes read), then the records left
 * out are listed with their lines. Import is disabled while one runs.
 */
final class ImportForm implements AutoCloseable {

	private final UISynchronize sync;
	private final Supplier<DatasetImporter> importer;
	private final Supplier<ConfigurationStore> store;
	private final Consumer<String> imported;
	private final Background worker;
	private final Text file;
	private final Combo format;
	private final Text column;
	private final Text name;
	private final Button multiTurn;
	private final Button start;
	private final ProgressBar progress;
	private final Label status;
	private final org.eclipse.swt.widgets.List problems;

	private record Done(String name, int prompts, ImportReport report) {
	}

	ImportForm(Composite parent, UISynchronize sync, Supplier<DatasetImporter> importer,
			Supplier<ConfigurationStore> store, Consumer<String> imported) {
		this.sync = sync;
		this.importer = importer;
		this.store = store;
		this.imported = imported;
		this.worker = new Background("deepstress-datasets-import", sync);
		Group group = new Group(parent, SWT.NONE);
		group.setText("Import a file");
		GridDataFactory.fillDefaults().grab(true, false).span(2, 1).applyTo(group);
		GridLayoutFactory.swtDefaults().numColumns(3).applyTo(group);
		file = text(group, "File:", "datasets:file");
		Button browse = Forms.button(group, "Browse...", "datasets:browse");
		browse.addListener(SWT.Selection, e -> browse());
		new Label(group, SWT.NONE).setText("Format:");
		format = WidgetIds.tag(new Combo(group, SWT.READ_ONLY), "datasets:format");
		for (DatasetFormat f : DatasetFormat.values()) {
			format.add(f.id());
		}
		format.select(0);
		GridDataFactory.fillDefaults().span(2, 1).applyTo(format);
		column = text(group, "CSV column:", "datasets:column");
		new Label(group, SWT.NONE);
		name = text(group, "Name:", "datasets:name");
		new Label(group, SWT.NONE);
		multiTurn = WidgetIds.tag(new Button(group, SWT.CHECK), "datasets:multiturn");
		multiTurn.setText("Keep whole conversations (ShareGPT, messages)");
		GridDataFactory.fillDefaults().span(3, 1).applyTo(multiTurn);
		start = Forms.button(group, "Import", "datasets:import");
		start.addListener(SWT.Selection, e -> start());
		progress = WidgetIds.tag(new ProgressBar(group, SWT.HORIZONTAL), "datasets:progress");
		progress.setMaximum(1000);
		GridDataFactory.fillDefaults().grab(true, false).span(2, 1).applyTo(progress);
		status = Forms.note(group, "datasets:status");
		GridDataFactory.fillDefaults().grab(true, false).span(3, 1).applyTo(status);
		problems = WidgetIds.tag(new org.eclipse.swt.widgets.List(group, SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL),
				"datasets:problems");
		GridDataFactory.fillDefaults().grab(true, false).span(3, 1).hint(SWT.DEFAULT, 80).applyTo(problems);
	}

	private static Text text(Composite parent, String label, String id) {
		new Label(parent, SWT.NONE).setText(label);
		Text t = WidgetIds.tag(new Text(parent, SWT.BORDER), id);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(t);
		return t;
	}

	private void browse() {
		FileDialog dialog = new FileDialog(file.getShell(), SWT.OPEN);
		dialog.setFilterExtensions(new String[] { "*.json;*.jsonl;*.csv;*.txt", "*" });
		String chosen = dialog.open();
		if (chosen != null) {
			file.setText(chosen);
		}
	}

	private void start() {
		String path = file.getText().strip();
		if (path.isEmpty()) {
			WidgetIds.message(status, "Choose the file to import", true);
			return;
		}
		DatasetFormat kind = DatasetFormat.of(format.getText());
		Path chosen = Path.of(path);
		String datasetName = name.getText().isBlank() ? chosen.getFileName().toString().replaceFirst("\\.[^.]+$", "")
				: name.getText().strip();
		ImportRequest request;
		try {
			request = new ImportRequest(chosen, kind, kind == DatasetFormat.CSV ? column.getText().strip() : null,
					multiTurn.getSelection());
		} catch (IllegalArgumentException e) {
			WidgetIds.message(status, e.getMessage(), true);
			return;
		}
		start.setEnabled(false);
		problems.removeAll();
		progress.setSelection(0);
		WidgetIds.message(status, "Importing " + chosen.getFileName() + "...", false);
		worker.latest(() -> read(request, datasetName), (done, failure) -> {
			if (status.isDisposed()) {
				return;
			}
			start.setEnabled(true);
			if (failure != null) {
				WidgetIds.message(status, failure.getMessage(), true);
				return;
			}
			progress.setSelection(progress.getMaximum());
			long left = done.report().problemCount();
			WidgetIds.message(status, "Saved dataset " + done.name() + " (" + done.prompts() + (done.prompts() == 1 ? " prompt)" : " prompts)")
					+ (left > 0 ? "; " + left + (left == 1 ? " record" : " records") + " left out:" : ""), false);
			for (ImportProblem p : done.report().problems()) {
				problems.add(p.toString());
			}
			if (left > done.report().problems().size()) {
				problems.add("... and " + (left - done.report().problems().size()) + " more");
			}
			imported.accept(done.name());
		});
	}

	/** On the worker: reads the file with progress, then saves the dataset. */
	private Done read(ImportRequest request, String datasetName) {
		DatasetImporter service = importer.get();
		ConfigurationStore configurations = store.get();
		if (service == null || configurations == null) {
			throw new IllegalStateException("The dataset importer or the records store is not available");
		}
		long size;
		try {
			size = Math.max(1, Files.size(request.file()));
		} catch (java.io.IOException e) {
			size = 1;
		}
		long total = size;
		List<Prompt> prompts = new ArrayList<>();
		ImportReport report = service.read(request, prompts::add, bytes -> sync.asyncExec(() -> {
			if (!progress.isDisposed()) {
				progress.setSelection((int) Math.min(1000, bytes * 1000 / total));
			}
		}));
		configurations.saveDataset(new Dataset(datasetName, prompts));
		return new Done(datasetName, prompts.size(), report);
	}

	@Override
	public void close() {
		worker.close();
	}
}
