package io.deepstress.ui.records.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

import io.deepstress.core.report.ReportService;
import io.deepstress.core.run.RunRecord;
import io.deepstress.ui.parts.Selections;
import io.deepstress.ui.records.internal.RunsList.Outcome;
import jakarta.inject.Named;

/**
 * File &gt; Export Report... (command {@value #COMMAND}): the self-contained HTML report ({@link ReportService}) of
 * the run selected in the Runs list, or of their batch when several runs of one batch are selected, written off the
 * UI thread. Tests choose the file without the native dialog through a {@code Function<String, String>} under
 * {@value #REPORT_FILE} in the e4 context (suggested name in, path or null out).
 */
public final class ExportReportHandler {

	static final String COMMAND = "io.deepstress.ui.records.command.report";
	/** Context variable: a {@code Function<String, String>} that replaces the report's file dialog (tests). */
	static final String REPORT_FILE = "io.deepstress.ui.records.reportFile";

	@CanExecute
	boolean canExecute(@Optional @Named(Selections.RECORD_RUNS) List<String> runIds, @Optional RunsList list) {
		return list != null && runIds != null && !runIds.isEmpty() && target(list.rows(runIds)) != null;
	}

	/** The run id (one run) or "batch:ID" (runs of one batch), or null when the selection is neither. */
	static String target(List<RunRecord> rows) {
		if (rows.size() == 1) {
			return rows.get(0).summary().runId();
		}
		String batch = rows.isEmpty() ? null : rows.get(0).origin().batchId();
		return batch != null && rows.stream().allMatch(r -> batch.equals(r.origin().batchId())) ? "batch:" + batch : null;
	}

	@Execute
	void execute(@Optional @Named(Selections.RECORD_RUNS) List<String> runIds, @Optional RunsList list,
			@Optional @Service ReportService reports, @Optional @Named(REPORT_FILE) Function<String, String> chooser) {
		if (!canExecute(runIds, list)) {
			return;
		}
		if (reports == null) {
			list.say("The report service is not installed.", true);
			return;
		}
		List<RunRecord> rows = list.rows(runIds);
		String target = target(rows);
		String name = target.startsWith("batch:") ? "batch-" + target.substring(6) : rows.get(0).summary().name();
		String suggested = name.replaceAll("[^A-Za-z0-9._-]+", "_") + ".html";
		String chosen = chooser != null ? chooser.apply(suggested) : chooseFile(list.shell(), suggested);
		if (chosen == null) {
			return;
		}
		Path file = Path.of(chosen);
		list.run("Writing the report of '" + name + "'…", () -> write(reports, target, file), "Report failed: ");
	}

	private static String chooseFile(Shell shell, String suggested) {
		FileDialog files = new FileDialog(shell, SWT.SAVE);
		files.setText("Export report");
		files.setFilterExtensions(new String[] { "*.html" });
		files.setFilterNames(new String[] { "Self-contained HTML report (*.html)" });
		files.setFileName(suggested);
		files.setOverwrite(true);
		String chosen = files.open();
		if (chosen != null && !Path.of(chosen).getFileName().toString().contains(".")) {
			chosen += ".html";
		}
		return chosen;
	}

	static Outcome write(ReportService reports, String target, Path file) {
		String html = target.startsWith("batch:") ? reports.batchReport(target.substring(6)) : reports.runReport(target);
		try {
			Files.writeString(file, html, StandardCharsets.UTF_8);
		} catch (IOException e) {
			return new Outcome("Cannot write " + file + ": " + e.getMessage() + ".", true);
		}
		return new Outcome(String.format(Locale.ROOT, "Wrote the report to %s (%,d bytes).", file,
				html.getBytes(StandardCharsets.UTF_8).length), false);
	}
}
