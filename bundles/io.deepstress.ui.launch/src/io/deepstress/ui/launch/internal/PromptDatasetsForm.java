package io.deepstress.ui.launch.internal;

import java.util.Map;

import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Datasets;
import io.deepstress.core.services.ConfigurationStore;
import io.deepstress.ui.parts.Background;
import io.deepstress.ui.parts.Forms;
import io.deepstress.ui.parts.WidgetIds;

/**
 * The saved prompt datasets and the import of a prompt file (text, one per line, or JSON Lines) as a dataset,
 * read and saved off the UI thread. Widgets {@code launch:datasets}, {@code launch:prompt-file}, {@code launch:import}.
 */
final class PromptDatasetsForm {

	private final Label datasetList;
	private final Text promptFile;
	private final Text datasetName;
	private final StatusLine status;
	private final ConfigurationStore store;
	private final Runnable refresh;
	private final Background imports;

	/** @param store the configuration store, or null when it is not installed */
	PromptDatasetsForm(Composite parent, StatusLine status, UISynchronize sync, ConfigurationStore store, Runnable refresh) {
		this.status = status;
		this.store = store;
		this.refresh = refresh;
		imports = new Background("deepstress-import-prompts", sync);
		Group data = new Group(parent, SWT.NONE);
		data.setText("Prompt datasets");
		GridDataFactory.fillDefaults().grab(true, false).applyTo(data);
		GridLayoutFactory.swtDefaults().numColumns(3).applyTo(data);
		datasetList = Forms.note(data, "launch:datasets");
		GridDataFactory.fillDefaults().span(3, 1).grab(true, false).hint(200, SWT.DEFAULT).applyTo(datasetList);
		promptFile = WidgetIds.tag(new Text(data, SWT.BORDER), "launch:prompt-file");
		promptFile.setMessage("prompt file (text, one per line, or JSON Lines)");
		GridDataFactory.fillDefaults().grab(true, false).applyTo(promptFile);
		Forms.button(data, "Browse…", "launch:browse").addListener(SWT.Selection, e -> {
			FileDialog files = new FileDialog(data.getShell(), SWT.OPEN);
			files.setFilterExtensions(new String[] { "*.txt;*.jsonl;*.json", "*" });
			String chosen = files.open();
			if (chosen != null) {
				promptFile.setText(chosen);
			}
		});
		Forms.button(data, "Import", "launch:import").addListener(SWT.Selection, e -> importPrompts());
		datasetName = WidgetIds.tag(new Text(data, SWT.BORDER), "launch:dataset-name");
		datasetName.setMessage("dataset name (default: the file name)");
		GridDataFactory.fillDefaults().span(3, 1).grab(true, false).applyTo(datasetName);
	}

	/** Shows the saved datasets with their prompt counts. */
	void show(Map<String, Integer> datasets) {
		if (datasetList.isDisposed()) {
			return;
		}
		datasetList.setText(datasets.isEmpty() ? "Saved: none yet (a quick test uses the built-in prompts)."
				: "Saved: " + String.join(", ", datasets.entrySet().stream()
						.map(d -> d.getKey() + " (" + d.getValue() + ")").toList()));
	}

	/** Reads the prompt file off the UI thread and saves it as a dataset. */
	private void importPrompts() {
		if (store == null) {
			status.say("Datasets need the records store.");
			return;
		}
		String file = promptFile.getText().strip();
		String name = datasetName.getText().strip();
		if (file.isEmpty()) {
			status.say("Choose a prompt file.");
			return;
		}
		imports.latest(() -> {
			Dataset read = Datasets.read(java.nio.file.Path.of(file));
			Dataset d = new Dataset(name.isEmpty() ? read.name() : name, read.prompts());
			store.saveDataset(d);
			return d;
		}, (d, failure) -> {
			status.say(failure != null ? "Cannot import: " + failure.getMessage()
					: "Imported " + d.prompts().size() + " prompts as dataset " + d.name() + ".");
			refresh.run();
		});
	}

	void dispose() {
		imports.close();
	}
}
