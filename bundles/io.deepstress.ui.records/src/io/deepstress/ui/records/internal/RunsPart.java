package io.deepstress.ui.records.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

import io.deepstress.core.events.RecordTopics;
import io.deepstress.core.run.RunRecord;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.RunQuery;
import io.deepstress.core.services.RunStore;
import io.deepstress.ui.parts.Background;
import io.deepstress.ui.parts.Columns;
import io.deepstress.ui.parts.Forms;
import io.deepstress.ui.parts.Selections;
import io.deepstress.ui.parts.WidgetIds;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * Every stored run, newest first, filtered by status, endpoint and configuration, from the {@link RunStore}
 * service. The runs of a batch (the levels of a sweep, saved configurations run in one go) share a batch id,
 * shown short in the Batch column: "Show its batch" ({@code records:batch}) narrows the list to the batch of
 * the selected runs, in the order they ran (oldest first), together with the other filters, until it is
 * cleared ({@code records:batch-clear}). Queries run off the UI thread; the list follows {@link RecordTopics#CHANGED}. When the records
 * database cannot be opened (in use by another DeepStress, broken) the part says so and stays empty: the
 * rest of the workbench works. The selected runs can be deleted (after a confirmation, tagged
 * {@code records:confirm-delete}; not while one is running), off the UI thread; the list then follows the
 * store's change events. The selected run can be exported to a JSON file (the whole run, as
 * {@link RunStore#exportJson}) or a CSV file (one line per request, {@link RunStore#exportCsv}), the format
 * from the file's extension, written off the UI thread. Widgets are tagged {@code records:*}.
 * <p>
 * Tests choose the export file without the native dialog: a {@code Function<String, String>} in the e4
 * context under {@value #EXPORT_FILE} (e.g. set in the application context) is asked instead of the
 * {@link FileDialog}; it gets the suggested file name and returns the path to write, or null to cancel.
 */
public final class RunsPart {

	static final int PAGE = 500;
	static final int FOLLOW_MILLIS = 500;
	/** Context variable: a {@code Function<String, String>} that replaces the export's file dialog (tests). */
	static final String EXPORT_FILE = "io.deepstress.ui.records.exportFile";
	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
			.withZone(ZoneId.systemDefault());

	@Inject
	@Service
	@Optional
	private RunStore store;

	@Inject
	private UISynchronize sync;

	@Inject
	private IEventBroker broker;

	@Inject
	private MApplication application;

	@Inject
	private IEclipseContext context;

	private Background background;
	private TableViewer viewer;
	private Combo status;
	private Text endpoint;
	private Text configuration;
	private Label summary;
	/** The batch the list is narrowed to, or null. */
	private String batch;
	private Composite batchBar;
	private Label batchLabel;
	private Button showBatch;
	private Button delete;
	private Button export;
	private Label message;
	/** Whether {@link #message} says why the selection cannot be deleted (and goes with that selection). */
	private boolean runningNote;
	private Background actions;
	private boolean refreshPending;
	private boolean replacingRows;
	private List<String> selectedIds = List.of();

	@PostConstruct
	void create(Composite parent) {
		background = new Background("deepstress-records-query", sync);
		actions = new Background("deepstress-records-action", sync);
		GridLayoutFactory.fillDefaults().margins(6, 6).spacing(6, 6).applyTo(parent);
		Composite filters = new Composite(parent, SWT.NONE);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(filters);
		GridLayoutFactory.fillDefaults().numColumns(7).applyTo(filters);
		new Label(filters, SWT.NONE).setText("Status");
		status = WidgetIds.tag(new Combo(filters, SWT.READ_ONLY), "records:status");
		status.add("all");
		for (RunStatus s : RunStatus.values()) {
			status.add(s.name().toLowerCase(Locale.ROOT));
		}
		status.select(0);
		status.addListener(SWT.Selection, e -> refresh());
		new Label(filters, SWT.NONE).setText("Endpoint");
		endpoint = WidgetIds.tag(new Text(filters, SWT.BORDER | SWT.SEARCH), "records:endpoint");
		endpoint.setMessage("any");
		GridDataFactory.fillDefaults().grab(true, false).hint(110, SWT.DEFAULT).applyTo(endpoint);
		new Label(filters, SWT.NONE).setText("Configuration");
		configuration = WidgetIds.tag(new Text(filters, SWT.BORDER | SWT.SEARCH), "records:configuration");
		configuration.setMessage("any");
		GridDataFactory.fillDefaults().grab(true, false).hint(110, SWT.DEFAULT).applyTo(configuration);
		endpoint.addListener(SWT.DefaultSelection, e -> refresh());
		configuration.addListener(SWT.DefaultSelection, e -> refresh());
		Button apply = WidgetIds.tag(new Button(filters, SWT.PUSH), "records:refresh");
		apply.setText("Refresh");
		apply.addListener(SWT.Selection, e -> refresh());

		batchBar = new Composite(parent, SWT.NONE);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(batchBar);
		GridLayoutFactory.fillDefaults().numColumns(2).applyTo(batchBar);
		batchLabel = WidgetIds.tag(new Label(batchBar, SWT.NONE), "records:batch-filter");
		GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).applyTo(batchLabel);
		Forms.button(batchBar, "Show all runs", "records:batch-clear").addListener(SWT.Selection, e -> showBatch(null));
		showBatchFilter();

		viewer = Columns.table(parent, "records:runs", SWT.BORDER | SWT.FULL_SELECTION | SWT.MULTI | SWT.V_SCROLL | SWT.H_SCROLL | SWT.VIRTUAL);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(viewer.getTable().getParent());
		viewer.setUseHashlookup(true);
		viewer.addSelectionChangedListener(e -> {
			selected(e.getStructuredSelection().toList());
			updateActions();
		});
		column("Started", 14, 135, r -> TIME.format(Instant.ofEpochMilli(r.summary().startEpochMillis())));
		column("Name", 14, 110, r -> r.summary().name());
		column("Status", 9, 85, r -> r.summary().status().name().toLowerCase(Locale.ROOT));
		column("Endpoint", 13, 110, r -> r.origin().endpointName() != null ? r.origin().endpointName()
				: r.endpointUrl() == null ? "" : r.endpointUrl());
		column("Configuration", 11, 100, r -> r.origin().configurationName() == null ? ""
				: r.origin().configurationName());
		column("Requests", 7, 70, r -> Long.toString(r.summary().total()));
		column("Failed", 6, 55, r -> Long.toString(r.summary().failed()));
		column("req/s", 7, 65, r -> number(r.summary().requestsPerSecond()));
		column("TTFT p50 ms", 8, 90, r -> number(r.summary().ttft().p50()));
		column("Load", 14, 150, r -> r.summary().loadDescription() == null ? "" : r.summary().loadDescription());
		column("Batch", 7, 70, r -> shortBatch(r.origin().batchId()));

		Composite buttons = new Composite(parent, SWT.NONE);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(buttons);
		GridLayoutFactory.fillDefaults().numColumns(4).applyTo(buttons);
		delete = Forms.button(buttons, "Delete…", "records:delete");
		delete.addListener(SWT.Selection, e -> deleteSelected());
		export = Forms.button(buttons, "Export…", "records:export");
		export.addListener(SWT.Selection, e -> exportSelected());
		showBatch = Forms.button(buttons, "Show its batch", "records:batch");
		showBatch.addListener(SWT.Selection, e -> showBatch(batchOf(selectedRows())));
		message = Forms.note(buttons, "records:message");
		GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).applyTo(message);

		summary = Forms.note(parent, "records:summary");
		GridDataFactory.fillDefaults().grab(true, false).applyTo(summary);
		updateActions();
		refresh();
	}

	/**
	 * Shares the selected runs, when they changed: a context variable for views created later, and an
	 * event. Ignored while a refresh replaces the rows (it restores the selection by run id afterwards).
	 */
	private void selected(List<?> rows) {
		if (replacingRows) {
			return;
		}
		List<String> ids = rows.stream().map(r -> ((RunRecord) r).summary().runId()).toList();
		if (ids.equals(selectedIds)) {
			return;
		}
		selectedIds = ids;
		application.getContext().set(Selections.RECORD_RUNS, ids);
		broker.post(RecordTopics.SELECTED, ids);
	}

	private List<RunRecord> selectedRows() {
		return viewer.getStructuredSelection().toList().stream().map(RunRecord.class::cast).toList();
	}

	/**
	 * Enables the buttons for the selection. A running run cannot be deleted: its recorder writes its row
	 * again with the next results (a deleted run would come back, without its earlier samples); the message
	 * label says so while such a run is selected.
	 */
	private void updateActions() {
		List<RunRecord> rows = selectedRows();
		List<String> running = rows.stream().filter(r -> r.summary().status() == RunStatus.RUNNING)
				.map(r -> r.summary().name()).toList();
		delete.setEnabled(!rows.isEmpty() && running.isEmpty());
		export.setEnabled(rows.size() == 1);
		String rowsBatch = batchOf(rows);
		showBatch.setEnabled(rowsBatch != null && !rowsBatch.equals(batch));
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

	/** The batch all these runs belong to, or null when there is none (no runs, a run alone, several batches). */
	static String batchOf(List<RunRecord> rows) {
		List<String> batches = rows.stream().map(r -> r.origin().batchId()).distinct().toList();
		return batches.size() == 1 ? batches.get(0) : null;
	}

	/** A batch id as the list shows it: its first eight characters, or a dash for a run that ran alone. */
	static String shortBatch(String id) {
		return id == null ? "—" : id.length() > 8 ? id.substring(0, 8) : id;
	}

	/** Narrows the list to this batch, oldest run first, or shows every run again (null). */
	private void showBatch(String id) {
		batch = id;
		showBatchFilter();
		updateActions();
		refresh();
	}

	/** Shows the batch filter's bar while the list is narrowed to a batch. */
	private void showBatchFilter() {
		boolean on = batch != null;
		batchLabel.setText(on ? "Batch " + shortBatch(batch) + ": its runs in the order they ran, oldest first" : "");
		batchLabel.setToolTipText(on ? "batch " + batch : null);
		batchBar.setVisible(on);
		((org.eclipse.swt.layout.GridData) batchBar.getLayoutData()).exclude = !on;
		batchBar.getParent().layout(true, true);
	}

	/** Asks for a confirmation, then deletes the selected runs off the UI thread. */
	private void deleteSelected() {
		List<RunRecord> rows = selectedRows();
		if (rows.isEmpty() || rows.stream().anyMatch(r -> r.summary().status() == RunStatus.RUNNING)) {
			return;
		}
		if (store == null) {
			WidgetIds.message(message, "The records store is not installed.", true);
			return;
		}
		String what = rows.size() == 1 ? "the run '" + rows.get(0).summary().name() + "' (started "
				+ TIME.format(Instant.ofEpochMilli(rows.get(0).summary().startEpochMillis())) + ")"
				: "these " + rows.size() + " runs";
		MessageDialog confirm = new MessageDialog(viewer.getControl().getShell(), "Delete runs", null,
				"Delete " + what + " with " + (rows.size() == 1 ? "its" : "their")
						+ " request and GPU samples? This cannot be undone.",
				MessageDialog.QUESTION, 1, "Delete", "Cancel") {
			@Override
			protected void configureShell(Shell shell) {
				super.configureShell(shell);
				WidgetIds.tag(shell, "records:confirm-delete");
			}
		};
		if (confirm.open() != 0) {
			return;
		}
		RunStore current = store;
		List<String> ids = rows.stream().map(r -> r.summary().runId()).toList();
		delete.setEnabled(false);
		WidgetIds.message(message, "Deleting " + (ids.size() == 1 ? "the run" : ids.size() + " runs") + "…", false);
		runningNote = false;
		// the store posts record/changed for each deleted run: the list follows (onRecordChanged)
		actions.latest(() -> deleteAll(current, ids), (result, failure) -> {
			if (!message.isDisposed()) {
				WidgetIds.message(message, failure != null ? "Deleting failed: " + failure.getMessage() : result.text(),
						failure != null || result.failed());
				updateActions();
			}
		});
	}

	private record Outcome(String text, boolean failed) {
	}

	/** Asks where to export the selected run, then writes the file off the UI thread. */
	private void exportSelected() {
		List<RunRecord> rows = selectedRows();
		if (rows.size() != 1) {
			return;
		}
		if (store == null) {
			WidgetIds.message(message, "The records store is not installed.", true);
			return;
		}
		RunSummary run = rows.get(0).summary();
		runningNote = false;
		String chosen = chooseFile(run.name().replaceAll("[^A-Za-z0-9._-]+", "_") + ".json");
		if (chosen == null) {
			return;
		}
		Boolean csv = chosen.toLowerCase(Locale.ROOT).endsWith(".csv") ? Boolean.TRUE
				: chosen.toLowerCase(Locale.ROOT).endsWith(".json") ? Boolean.FALSE : null;
		if (csv == null) {
			WidgetIds.message(message, "Export to a .json file (the whole run) or a .csv file (one line per request), not "
					+ Path.of(chosen).getFileName() + ".", true);
			return;
		}
		RunStore current = store;
		Path file = Path.of(chosen);
		WidgetIds.message(message, "Exporting '" + run.name() + "'…", false);
		actions.latest(() -> export(current, run, file, csv), (result, failure) -> {
			if (!message.isDisposed()) {
				WidgetIds.message(message, failure != null ? "Export failed: " + failure.getMessage() : result.text(),
						failure != null || result.failed());
			}
		});
	}

	/**
	 * The file to export to: from the function under {@link #EXPORT_FILE} when there is one, else from a save
	 * dialog (a name without an extension gets the one of the chosen filter).
	 */
	@SuppressWarnings("unchecked")
	private String chooseFile(String suggested) {
		if (context.get(EXPORT_FILE) instanceof java.util.function.Function<?, ?> chooser) {
			return ((java.util.function.Function<String, String>) chooser).apply(suggested);
		}
		FileDialog files = new FileDialog(viewer.getControl().getShell(), SWT.SAVE);
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

	private static Outcome export(RunStore store, RunSummary run, Path file, boolean csv) {
		String text = csv ? store.exportCsv(run.runId()) : store.exportJson(run.runId()) + "\n";
		try {
			Files.writeString(file, text);
		} catch (IOException e) {
			String why = e instanceof NoSuchFileException ? "no such directory" : e instanceof AccessDeniedException
					? "permission denied" : e.getMessage();
			return new Outcome("Cannot write " + file + ": " + why + ".", true);
		}
		return new Outcome(String.format(Locale.ROOT, "Exported '%s' as %s to %s (%,d bytes).", run.name(),
				csv ? "CSV" : "JSON", file, text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length), false);
	}

	private static Outcome deleteAll(RunStore store, List<String> ids) {
		int deleted = 0;
		List<String> problems = new java.util.ArrayList<>();
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

	/** New rows for the table, keeping the selected runs that are still listed selected. */
	private void setRows(List<RunRecord> rows) {
		replacingRows = true;
		try {
			viewer.setInput(rows);
			viewer.setSelection(new org.eclipse.jface.viewers.StructuredSelection(
					rows.stream().filter(r -> selectedIds.contains(r.summary().runId())).toList()));
		} finally {
			replacingRows = false;
		}
		selected(viewer.getStructuredSelection().toList());
		updateActions();
	}

	private static String number(double d) {
		return Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.2f", d);
	}

	private void column(String title, int weight, int minimumWidth,
			Function<RunRecord, String> text) {
		Columns.text(viewer, title, weight, minimumWidth, RunRecord.class, text);
	}

	/**
	 * The query the filters describe: newest first, the first {@value #PAGE} runs; a batch's runs oldest first
	 * (the order they ran: a sweep from its lowest level).
	 */
	RunQuery query() {
		RunStatus s = status.getSelectionIndex() <= 0 ? null : RunStatus.values()[status.getSelectionIndex() - 1];
		RunQuery query = RunQuery.all(PAGE).withStatus(s).withEndpoint(endpoint.getText())
				.withConfiguration(configuration.getText());
		return batch == null ? query : query.withBatch(batch).sortedBy(RunQuery.Sort.START, false);
	}

	private record Page(List<RunRecord> runs, long matching, long all, String problem, String location) {
	}

	/** Queries the store off the UI thread and shows the answer, unless a newer query was started. */
	void refresh() {
		if (viewer == null || viewer.getControl().isDisposed()) {
			return;
		}
		RunStore current = store;
		RunQuery query = query();
		background.latest(() -> load(current, query), (page, failure) -> {
			if (viewer.getControl().isDisposed()) {
				return;
			}
			if (failure != null) {
				page = new Page(List.of(), 0, 0, "Reading the records failed: " + failure.getMessage(), "");
			}
			setRows(page.runs());
			if (page.problem() != null) {
				summary.setText(page.problem());
				WidgetIds.style(summary, "deepstress-error");
			} else {
				summary.setText(page.runs().size() + " shown, " + page.matching() + " matching, " + page.all()
						+ " runs in " + page.location());
				WidgetIds.style(summary, "deepstress-muted");
			}
			summary.getParent().layout(true, true);
		});
	}

	private static Page load(RunStore store, RunQuery query) {
		if (store == null) {
			return new Page(List.of(), 0, 0, "The records store is not installed.", "");
		}
		if (store.problem().isPresent()) {
			return new Page(List.of(), 0, 0, store.problem().get(), store.location());
		}
		try {
			return new Page(store.list(query), store.count(query), store.count(), null, store.location());
		} catch (RuntimeException e) {
			return new Page(List.of(), 0, 0, "Reading the records failed: " + e.getMessage(), store.location());
		}
	}

	/**
	 * A live run changes its record every second or every ten results (dozens of times a second under load):
	 * the list follows at most twice a second.
	 */
	@Inject
	@Optional
	void onRecordChanged(@UIEventTopic(RecordTopics.CHANGED) Object changed) {
		if (viewer == null || viewer.getControl().isDisposed() || refreshPending) {
			return;
		}
		refreshPending = true;
		viewer.getControl().getDisplay().timerExec(FOLLOW_MILLIS, () -> {
			refreshPending = false;
			refresh();
		});
	}

	@Focus
	void focus() {
		viewer.getControl().setFocus();
	}

	@PreDestroy
	void dispose() {
		background.close();
		actions.close();
	}

	/** For tests: the rows shown. */
	List<RunSummary> shown() {
		Object input = viewer.getInput();
		return input instanceof List<?> l ? l.stream().map(o -> ((RunRecord) o).summary()).toList() : List.of();
	}
}
