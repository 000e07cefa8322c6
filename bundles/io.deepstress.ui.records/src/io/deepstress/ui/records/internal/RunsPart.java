package io.deepstress.ui.records.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.eclipse.e4.core.commands.ECommandService;
import org.eclipse.e4.core.commands.EHandlerService;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.services.EMenuService;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import io.deepstress.core.events.RecordTopics;
import io.deepstress.core.run.RunRecord;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.RunQuery;
import io.deepstress.core.services.RunStore;
import io.deepstress.core.slo.SloResult;
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
 * rest of the workbench works. Widgets are tagged {@code records:*}.
 * <p>
 * The selection is shared as {@link Selections#RECORD_RUNS}. Delete... and Export... are commands of the
 * bundle's model fragment ({@link DeleteRunsHandler}, {@link ExportRunHandler}), run by the buttons of
 * {@link RunActions} and the list's context menu; the part puts that bar into its context as the
 * {@link RunsList} the handlers act through.
 */
public final class RunsPart {

	static final int PAGE = 500;
	static final int FOLLOW_MILLIS = 500;
	/** The list's context menu (Delete..., Export...) in the model fragment. */
	static final String POPUP = "io.deepstress.ui.records.popup.runs";
	static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
			.withZone(ZoneId.systemDefault());

	@Inject
	@Service
	@Optional
	private RunStore store;

	@Inject
	@Service
	@Optional
	private io.deepstress.core.capacity.CapacityStore searches;

	@Inject
	private UISynchronize sync;

	@Inject
	private IEventBroker broker;

	@Inject
	private MApplication application;

	@Inject
	private IEclipseContext context;

	@Inject
	private ECommandService commands;

	@Inject
	private EHandlerService handlers;

	@Inject
	@Optional
	private EMenuService menus;

	private Background background;
	private TableViewer viewer;
	private Combo status;
	private ClientHealthNote clientHealth;
	private Text endpoint;
	private Text configuration;
	private Label summary;
	/** The batch the list is narrowed to, or null. */
	private String batch;
	private Composite batchBar;
	private Label batchLabel;
	private Label batchMerged;
	private Button showBatch;
	private BatchCapacity batchCapacity;
	private RunActions actions;
	private boolean refreshPending;
	private boolean replacingRows;
	private List<String> selectedIds = List.of();

	@PostConstruct
	void create(Composite parent) {
		background = new Background("deepstress-records-query", sync);
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
		batchCapacity = new BatchCapacity(batchBar, 2, searches, sync);
		batchMerged = WidgetIds.tag(new Label(batchBar, SWT.WRAP), "records:batch-merged"); // BatchFigures
		GridDataFactory.fillDefaults().grab(true, false).span(2, 1).applyTo(batchMerged);
		showBatchFilter();

		viewer = Columns.table(parent, "records:runs", SWT.BORDER | SWT.FULL_SELECTION | SWT.MULTI | SWT.V_SCROLL | SWT.H_SCROLL | SWT.VIRTUAL);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(viewer.getTable().getParent());
		viewer.setUseHashlookup(true);
		viewer.addSelectionChangedListener(e -> {
			selected(e.getStructuredSelection().toList());
			updateActions();
		});
		column("Started", 14, 135, r -> TIME.format(Instant.ofEpochMilli(r.summary().startEpochMillis())));
		column("Name", 14, 110, r -> r.summary().name() == null ? "–" : r.summary().name());
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
		column("SLO", 8, 80, r -> sloText(slos.get(r.summary().runId())));
		column("Client", 7, 70, ClientHealthNote::column);

		actions = new RunActions(parent, commands, handlers, sync, this::rows, bar -> {
			showBatch = Forms.button(bar, "Show its batch", "records:batch");
			showBatch.addListener(SWT.Selection, e -> showBatch(batchOf(selectedRows())));
		});
		actions.onChanged(this::updateActions);
		context.set(RunsList.class, actions);
		if (menus != null) {
			menus.registerContextMenu(viewer.getControl(), POPUP);
		}

		clientHealth = new ClientHealthNote(parent);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(clientHealth.label());
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

	/** Enables the buttons for the selection. */
	private void updateActions() {
		List<RunRecord> rows = selectedRows();
		actions.update(rows);
		if (clientHealth != null) {
			clientHealth.show(rows);
		}
		String rowsBatch = batchOf(rows);
		showBatch.setEnabled(rowsBatch != null && !rowsBatch.equals(batch));
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
		batchCapacity.show(batch);
		batchBar.setVisible(on);
		((org.eclipse.swt.layout.GridData) batchBar.getLayoutData()).exclude = !on;
		batchBar.getParent().layout(true, true);
	}

	/** The shown rows of these runs, in the list's order. */
	private List<RunRecord> rows(List<String> runIds) {
		Object input = viewer.getInput();
		if (!(input instanceof List<?> shown)) {
			return List.of();
		}
		return shown.stream().map(RunRecord.class::cast).filter(r -> runIds.contains(r.summary().runId())).toList();
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
		return Double.isNaN(d) || Double.isInfinite(d) ? "–" : String.format(Locale.ROOT, "%.2f", d);
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

	private record Page(List<RunRecord> runs, long matching, long all, String problem, String location,
			java.util.Map<String, SloResult> slo, String merged) {

		Page(List<RunRecord> runs, long matching, long all, String problem, String location) {
			this(runs, matching, all, problem, location, java.util.Map.of(), "");
		}
	}

	/** The SLO results of the shown runs, by run id. */
	private java.util.Map<String, SloResult> slos = java.util.Map.of();

	/** "passed, 97 %", "FAILED, 40 %", or empty for a run judged by no SLO. */
	static String sloText(SloResult r) {
		return r == null ? "" : (r.passed() ? "passed, " : "FAILED, ")
				+ io.deepstress.core.slo.SloFormat.percent(Math.floor(r.attainment() * 100) / 100);
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
			slos = page.slo();
			setRows(page.runs());
			batchMerged.setText(batch == null ? "" : page.merged());
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
			List<RunRecord> runs = store.list(query);
			return new Page(runs, store.count(query), store.count(), null, store.location(),
					store.slo(runs.stream().map(r -> r.summary().runId()).toList()),
					query.batchId() == null ? "" : BatchFigures.read(store, query.batchId()));
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
		batchCapacity.close();
		actions.close();
	}

	/** For tests: the capacity answer shown under the batch filter. */
	String batchCapacity() {
		return batchCapacity.shown();
	}

	/** For tests: the rows shown. */
	List<RunSummary> shown() {
		Object input = viewer.getInput();
		return input instanceof List<?> l ? l.stream().map(o -> ((RunRecord) o).summary()).toList() : List.of();
	}
}
