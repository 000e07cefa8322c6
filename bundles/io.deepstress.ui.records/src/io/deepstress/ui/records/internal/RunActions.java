package io.deepstress.ui.records.internal;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.eclipse.core.commands.ParameterizedCommand;
import org.eclipse.e4.core.commands.ECommandService;
import org.eclipse.e4.core.commands.EHandlerService;
import org.eclipse.e4.core.contexts.EclipseContextFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;

import io.deepstress.core.run.RunRecord;
import io.deepstress.core.run.RunStatus;
import io.deepstress.ui.parts.Background;
import io.deepstress.ui.parts.Forms;
import io.deepstress.ui.parts.WidgetIds;

/**
 * The Runs list's action bar: Delete... ({@code records:delete}) and Export... ({@code records:export}), which
 * run their commands through {@link EHandlerService} and are enabled as the handlers say, and the message line
 * ({@code records:message}) where the handlers and the running-run note speak. It is the {@link RunsList} the
 * part puts into its context for the handlers; their work runs on its own thread, one action at a time.
 */
final class RunActions implements RunsList {

	private final ECommandService commands;
	private final EHandlerService handlers;
	private final Function<List<String>, List<RunRecord>> rows;
	private final Background worker;
	private final Button delete;
	private final Button export;
	private final Label message;
	/** What the buttons hand their handlers besides the workbench's context: this bar, whichever part is active. */
	private final IEclipseContext local = EclipseContextFactory.create("io.deepstress.ui.records.actions");
	/** Whether {@link #message} says why the selection cannot be deleted (and goes with that selection). */
	private boolean runningNote;
	/** Whether an action started through {@link #run} has not ended. */
	private boolean acting;
	private Runnable changed = () -> {
	};

	/**
	 * The bar in {@code parent}: the two buttons, then what {@code more} adds (the part's own buttons), then the
	 * message line. {@code rows} gives the list's rows of some run ids.
	 */
	RunActions(Composite parent, ECommandService commands, EHandlerService handlers, UISynchronize sync,
			Function<List<String>, List<RunRecord>> rows, Consumer<Composite> more) {
		this.commands = commands;
		this.handlers = handlers;
		this.rows = rows;
		this.worker = new Background("deepstress-records-action", sync);
		local.set(RunsList.class, this);
		Composite bar = new Composite(parent, SWT.NONE);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(bar);
		GridLayoutFactory.fillDefaults().numColumns(4).applyTo(bar);
		delete = Forms.button(bar, "Delete…", "records:delete");
		delete.addListener(SWT.Selection, e -> execute(DeleteRunsHandler.COMMAND));
		export = Forms.button(bar, "Export…", "records:export");
		export.addListener(SWT.Selection, e -> execute(ExportRunHandler.COMMAND));
		more.accept(bar);
		message = Forms.note(bar, "records:message");
		GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).applyTo(message);
	}

	/** What to run when an action has ended (the part updates its own buttons). */
	void onChanged(Runnable action) {
		this.changed = action;
	}

	/**
	 * Enables the buttons for the selected rows, as the handlers say. A running run cannot be deleted: its
	 * recorder writes its row again with the next results (a deleted run would come back, without its earlier
	 * samples); the message line says so while such a run is selected.
	 */
	void update(List<RunRecord> selected) {
		delete.setEnabled(canExecute(DeleteRunsHandler.COMMAND));
		export.setEnabled(canExecute(ExportRunHandler.COMMAND));
		List<String> running = selected.stream().filter(r -> r.summary().status() == RunStatus.RUNNING)
				.map(r -> r.summary().name()).toList();
		if (!running.isEmpty()) {
			WidgetIds.message(message, running.size() == 1
					? "'" + running.get(0) + "' is still running: it can be deleted once it has ended (its recorder would write it again)."
					: running.size() + " of the selected runs are still running: they can be deleted once they have ended"
							+ " (their recorders would write them again).",
					false);
			runningNote = true;
		} else if (runningNote) {
			WidgetIds.message(message, "", false);
			runningNote = false;
		}
	}

	private boolean canExecute(String commandId) {
		ParameterizedCommand command = commands.createCommand(commandId, null);
		return command != null && handlers.canExecute(command, local);
	}

	/** Runs a command of the list through its handler, as the context menu does. */
	private void execute(String commandId) {
		ParameterizedCommand command = commands.createCommand(commandId, null);
		if (command != null && handlers.canExecute(command, local)) {
			handlers.executeHandler(command, local);
		}
	}

	@Override
	public List<RunRecord> rows(List<String> runIds) {
		return rows.apply(runIds);
	}

	@Override
	public Shell shell() {
		return message.getShell();
	}

	@Override
	public void say(String text, boolean error) {
		if (!message.isDisposed()) {
			WidgetIds.message(message, text, error);
			runningNote = false;
		}
	}

	@Override
	public boolean busy() {
		return acting;
	}

	@Override
	public void run(String progress, Supplier<Outcome> work, String failedPrefix) {
		acting = true;
		say(progress, false);
		changed.run();
		worker.latest(work, (result, failure) -> {
			acting = false;
			if (!message.isDisposed()) {
				say(failure != null ? failedPrefix + failure.getMessage() : result.text(), failure != null || result.failed());
				changed.run();
			}
		});
	}

	/** Work under way finishes; nothing new starts. */
	void close() {
		worker.close();
		local.dispose();
	}
}
