package io.deepstress.ui.records.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Shell;

import io.deepstress.core.run.RunRecord;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.services.RunStore;
import io.deepstress.ui.parts.Selections;
import io.deepstress.ui.parts.WidgetIds;
import io.deepstress.ui.records.internal.RunsList.Outcome;
import jakarta.inject.Named;

/**
 * Delete... of the Records list (command {@value #COMMAND}): the selected runs, after a confirmation (a dialog
 * tagged {@code records:confirm-delete}), off the UI thread; never while one of them is running (its recorder
 * would write its row again with the next results: a deleted run would come back without its earlier
 * samples). The store posts record/changed for each deleted run, so the list follows.
 */
public final class DeleteRunsHandler {

	static final String COMMAND = "io.deepstress.ui.records.command.delete";

	@CanExecute
	boolean canExecute(@Optional @Named(Selections.RECORD_RUNS) List<String> runIds, @Optional RunsList list) {
		if (list == null || runIds == null || runIds.isEmpty() || list.busy()) {
			return false;
		}
		List<RunRecord> rows = list.rows(runIds);
		return !rows.isEmpty() && rows.stream().noneMatch(r -> r.summary().status() == RunStatus.RUNNING);
	}

	@Execute
	void execute(@Optional @Named(Selections.RECORD_RUNS) List<String> runIds, @Optional RunsList list,
			@Optional @Service RunStore store) {
		if (!canExecute(runIds, list)) {
			return;
		}
		if (store == null) {
			list.say("The records store is not installed.", true);
			return;
		}
		List<RunRecord> rows = list.rows(runIds);
		if (!confirmed(list.shell(), rows)) {
			return;
		}
		List<String> ids = rows.stream().map(r -> r.summary().runId()).toList();
		list.run("Deleting " + (ids.size() == 1 ? "the run" : ids.size() + " runs") + "…", () -> deleteAll(store, ids),
				"Deleting failed: ");
	}

	private static boolean confirmed(Shell shell, List<RunRecord> rows) {
		String what = rows.size() == 1 ? "the run '" + rows.get(0).summary().name() + "' (started "
				+ RunsPart.TIME.format(Instant.ofEpochMilli(rows.get(0).summary().startEpochMillis())) + ")"
				: "these " + rows.size() + " runs";
		MessageDialog confirm = new MessageDialog(shell, "Delete runs", null,
				"Delete " + what + " with " + (rows.size() == 1 ? "its" : "their")
						+ " request and GPU samples? This cannot be undone.",
				MessageDialog.QUESTION, 1, "Delete", "Cancel") {
			@Override
			protected void configureShell(Shell dialog) {
				super.configureShell(dialog);
				WidgetIds.tag(dialog, "records:confirm-delete");
			}
		};
		return confirm.open() == 0;
	}

	static Outcome deleteAll(RunStore store, List<String> ids) {
		int deleted = 0;
		List<String> problems = new ArrayList<>();
		for (String id : ids) {
			try {
				if (store.delete(id)) {
					deleted++;
				} else {
					problems.add("run " + id + " no longer exists");
				}
			} catch (RuntimeException e) {
				problems.add("run " + id + ": " + e.getMessage());
			}
		}
		if (problems.isEmpty()) {
			return new Outcome(deleted == 1 ? "Deleted the run." : "Deleted " + deleted + " runs.", false);
		}
		return new Outcome("Deleted " + deleted + " of " + ids.size() + " runs: " + String.join("; ", problems) + ".", true);
	}
}
