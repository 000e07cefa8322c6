package io.deepstress.ui.records.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;

import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.RunStore;
import io.deepstress.ui.parts.Selections;
import io.deepstress.ui.records.internal.RunsList.Outcome;
import jakarta.inject.Named;

/**
 * Export... of the Records list (command {@value #COMMAND}): the one selected run to a JSON file (the whole run,
 * as {@link RunStore#exportJson}) or a CSV file (one line per request, {@link RunStore#exportCsv}), the format
 * from the file's extension, written off the UI thread.
 * <p>
 * Tests choose the file without the native dialog: a {@code Function<String, String>} in the e4 context under
 * {@value #EXPORT_FILE} (e.g. set in the application context) is asked instead of the {@link FileDialog}; it
 * gets the suggested file name and returns the path to write, or null to cancel.
 */
public final class ExportRunHandler {

	static final String COMMAND = "io.deepstress.ui.records.command.export";
	/** Context variable: a {@code Function<String, String>} that replaces the export's file dialog (tests). */
	static final String EXPORT_FILE = "io.deepstress.ui.records.exportFile";

	@CanExecute
	boolean canExecute(@Optional @Named(Selections.RECORD_RUNS) List<String> runIds, @Optional RunsList list) {
		return list != null && runIds != null && runIds.size() == 1 && list.rows(runIds).size() == 1;
	}

	@Execute
	void execute(@Optional @Named(Selections.RECORD_RUNS) List<String> runIds, @Optional RunsList list,
			@Optional @Service RunStore store, @Optional @Named(EXPORT_FILE) Function<String, String> chooser) {
		if (!canExecute(runIds, list)) {
			return;
		}
		if (store == null) {
			list.say("The records store is not installed.", true);
			return;
		}
		RunSummary run = list.rows(runIds).get(0).summary();
		String suggested = run.name().replaceAll("[^A-Za-z0-9._-]+", "_") + ".json";
		String chosen = chooser != null ? chooser.apply(suggested) : chooseFile(list.shell(), suggested);
		if (chosen == null) {
			return;
		}
		Boolean csv = chosen.toLowerCase(Locale.ROOT).endsWith(".csv") ? Boolean.TRUE
				: chosen.toLowerCase(Locale.ROOT).endsWith(".json") ? Boolean.FALSE : null;
		if (csv == null) {
			list.say("Export to a .json file (the whole run) or a .csv file (one line per request), not "
					+ Path.of(chosen).getFileName() + ".", true);
			return;
		}
		Path file = Path.of(chosen);
		list.run("Exporting '" + run.name() + "'…", () -> export(store, run, file, csv), "Export failed: ");
	}

	/** The file to export to from a save dialog (a name without an extension gets the one of the chosen filter). */
	private static String chooseFile(Shell shell, String suggested) {
		FileDialog files = new FileDialog(shell, SWT.SAVE);
		files.setText("Export run");
		files.setFilterExtensions(new String[] { "*.json", "*.csv" });
		files.setFilterNames(new String[] { "JSON, the whole run (*.json)", "CSV, one line per request (*.csv)" });
		files.setFileName(suggested);
		files.setOverwrite(true);
		String chosen = files.open();
		if (chosen != null && !Path.of(chosen).getFileName().toString().contains(".")) {
			chosen += files.getFilterIndex() == 1 ? ".csv" : ".json";
		}
		return chosen;
	}

	static Outcome export(RunStore store, RunSummary run, Path file, boolean csv) {
		String text = csv ? store.exportCsv(run.runId()) : store.exportJson(run.runId()) + "\n";
		try {
			Files.writeString(file, text);
		} catch (IOException e) {
			String why = e instanceof NoSuchFileException ? "no such directory" : e instanceof AccessDeniedException
					? "permission denied" : e.getMessage();
			return new Outcome("Cannot write " + file + ": " + why + ".", true);
		}
		return new Outcome(String.format(Locale.ROOT, "Exported '%s' as %s to %s (%,d bytes).", run.name(),
				csv ? "CSV" : "JSON", file, text.getBytes(StandardCharsets.UTF_8).length), false);
	}
}
