package io.deepstress.ui.launch.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;

import io.deepstress.core.model.Datasets;
import io.deepstress.core.model.Endpoint;
import io.deepstress.core.model.TestConfiguration;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.trace.TraceReplay;
import io.deepstress.ui.parts.Background;
import io.deepstress.ui.parts.Forms;
import io.deepstress.ui.parts.WidgetIds;

/**
 * Creates or edits a saved test configuration: name, endpoint, datasets with weights (a table of the saved
 * datasets, {@link DatasetSharesTable}; a weight that is not a whole number of at least 1 is shown in the message
 * label and disables Save), closed loop (concurrency), open loop (rate, constant or Poisson, with a concurrency cap) or a
 * trace replay ({@link TraceFields}: the trace's arrivals and lengths instead of datasets, the concurrency as its cap),
 * optionally a sweep (concurrency levels or rates, the quick test's syntax: one run per level), when to stop,
 * warm-up, streaming, max tokens, temperature and retries (timeouts are the endpoint's). Save saves through
 * {@code saver} off the UI thread (Save disabled and "Saving..." in the message label meanwhile) and closes the
 * dialog when that succeeds; what the fields or the saver refuse is shown as an error in the message label, and
 * the dialog stays open. Widgets are tagged {@code config:*}, the shell {@code config-dialog}.
 */
final class ConfigurationDialog extends Dialog {

	/** The load choice that replays a trace. */
	private static final int TRACE = 3;

	/**
	 * Saves a configuration or throws an {@link IllegalArgumentException} or {@link IllegalStateException} with a
	 * message for the user. Called off the UI thread.
	 */
	interface Saver {
		void save(TestConfiguration configuration);
	}

	private final TestConfiguration initial;
	private final List<Endpoint> endpoints;
	private final Map<String, Integer> datasets;
	private final Saver saver;
	private final UISynchronize sync;
	private Background saving;
	private boolean busy;
	private TestConfiguration result;
	private Text name;
	private Combo endpoint;
	private DatasetSharesTable shares;
	private Combo load;
	private Spinner concurrency;
	private Text rate;
	private TraceFields trace;
	private Text sweep;
	private Spinner requests;
	private Spinner duration;
	private Spinner warmup;
	private Button stream;
	private Spinner maxTokens;
	private Text temperature;
	private Text slo;
	private Spinner retries;
	private Label error;

	/**
	 * @param datasets the datasets to offer, name to prompt count (read off the UI thread by the caller)
	 */
	ConfigurationDialog(Shell parent, UISynchronize sync, TestConfiguration initial, List<Endpoint> endpoints,
			Map<String, Integer> datasets, Saver saver) {
		super(parent);
		this.sync = sync;
		this.initial = initial;
		this.endpoints = endpoints;
		this.datasets = datasets;
		this.saver = saver;
	}

	@Override
	protected void configureShell(Shell shell) {
		super.configureShell(shell);
		shell.setText(initial == null ? "New test configuration" : "Edit " + initial.name());
		shell.setData(WidgetIds.KEY, "config-dialog");
		saving = new Background("deepstress-configuration-save", sync);
		// a save still running when the dialog goes (cancelled meanwhile) closes the worker when it ends
		shell.addDisposeListener(e -> {
			if (!busy) {
				saving.close();
			}
		});
	}

	@Override
	protected Control createDialogArea(Composite parent) {
		Composite area = (Composite) super.createDialogArea(parent);
		GridLayoutFactory.swtDefaults().numColumns(2).spacing(8, 6).applyTo(area);
		name = text(area, "Name", "config:name");
		new Label(area, SWT.NONE).setText("Endpoint");
		endpoint = WidgetIds.tag(new Combo(area, SWT.READ_ONLY), "config:endpoint");
		endpoint.setItems(endpoints.stream().map(Endpoint::name).toArray(String[]::new));
		Label datasetsLabel = new Label(area, SWT.NONE);
		datasetsLabel.setText("Datasets");
		GridDataFactory.swtDefaults().align(SWT.BEGINNING, SWT.BEGINNING).applyTo(datasetsLabel);
		shares = new DatasetSharesTable(area, datasets, initial == null ? null : initial.datasets(), Datasets.BUILTIN,
				this::validate);
		GridDataFactory.fillDefaults().grab(true, true).hint(360, 130).applyTo(shares.control());
		new Label(area, SWT.NONE).setText("Load");
		load = WidgetIds.tag(new Combo(area, SWT.READ_ONLY), "config:load");
		load.setItems("closed loop (concurrency)", "open loop, constant rate", "open loop, Poisson arrivals",
				"trace replay (recorded arrivals)");
		concurrency = spinner(area, "Concurrency (cap in open loop)", "config:concurrency", 1, 100_000);
		rate = text(area, "Rate (req/s, open loop)", "config:rate");
		trace = new TraceFields(area);
		sweep = text(area, "Sweep", "config:sweep");
		sweep.setMessage(io.deepstress.core.launch.SweepLevels.HINT);
		sweep.setToolTipText("Load levels, comma-separated: one run of this configuration per level, one after another,"
				+ " recorded as one batch; concurrency levels for a closed loop, rates (req/s) for an open loop."
				+ " Empty: one run at the load above.");
		sweep.addListener(SWT.Modify, e -> enableConcurrency());
		load.addListener(SWT.Selection, e -> {
			enableConcurrency();
			validate();
		});
		requests = spinner(area, "Stop after requests (0: no limit)", "config:requests", 0, 100_000_000);
		duration = spinner(area, "Stop after seconds (0: no limit)", "config:duration", 0, 86_400 * 7);
		warmup = spinner(area, "Warm-up requests", "config:warmup", 0, 100_000);
		new Label(area, SWT.NONE);
		stream = WidgetIds.tag(new Button(area, SWT.CHECK), "config:stream");
		stream.setText("Stream (server-sent events)");
		maxTokens = spinner(area, "Max tokens (0: server default)", "config:max-tokens", 0, 1_000_000);
		temperature = text(area, "Temperature (empty: default)", "config:temperature");
		retries = spinner(area, "Retries on 429/5xx/connect", "config:retries", 0, 20);
		slo = text(area, "SLO (empty: none)", "config:slo");
		slo.setMessage("ttft_p99<=500ms,e2e<=20s,attainment>=90%");
		slo.setToolTipText("The SLO its runs are judged by: per-request limits (ttft, tpot, e2e, itl) and run-level ones"
				+ " with _p50/_p90/_p95/_p99/_max; units us, ms, s; optional attainment>=N%.");
		error = WidgetIds.style(WidgetIds.tag(new Label(area, SWT.WRAP), "config:error"), "deepstress-error");
		GridDataFactory.fillDefaults().span(2, 1).hint(420, convertHeightInCharsToPixels(2)).applyTo(error);
		fill(initial);
		return area;
	}

	private static Text text(Composite parent, String label, String id) {
		Text t = Forms.text(parent, label, id, SWT.BORDER);
		GridDataFactory.fillDefaults().grab(true, false).hint(260, SWT.DEFAULT).applyTo(t);
		return t;
	}

	private static Spinner spinner(Composite parent, String label, String id, int min, int max) {
		return Forms.spinner(parent, label, id, min, max, min);
	}

	private void fill(TestConfiguration c) {
		name.setText(c == null ? "" : c.name());
		int e = c == null ? -1 : indexOf(c.endpointId());
		endpoint.select(e >= 0 ? e : Math.max(0, indexOf(Endpoint.builtinSimulator().id())));
		trace.fill(c == null ? null : c.trace());
		if (c != null && c.trace() != null) {
			load.select(TRACE);
			concurrency.setSelection(((Load.ClosedLoop) c.load()).concurrency());
			rate.setText("10");
		} else if (c != null && c.load() instanceof Load.OpenLoop open) {
			load.select(open.poisson() ? 2 : 1);
			concurrency.setSelection(open.maxConcurrency());
			rate.setText(trim(open.ratePerSecond()));
		} else {
			load.select(0);
			concurrency.setSelection(c == null ? 4 : ((Load.ClosedLoop) c.load()).concurrency());
			rate.setText("10");
		}
		Limits limits = c == null ? Limits.requests(100) : c.limits();
		requests.setSelection((int) Math.min(Integer.MAX_VALUE, limits.maxRequests()));
		duration.setSelection(limits.maxDuration() == null ? 0 : (int) limits.maxDuration().toSeconds());
		warmup.setSelection(limits.warmupRequests());
		RequestOptions r = c == null ? RequestOptions.defaults() : c.request();
		stream.setSelection(r.stream());
		maxTokens.setSelection(r.maxTokens() == null ? 0 : r.maxTokens());
		temperature.setText(r.temperature() == null ? "" : trim(r.temperature()));
		retries.setSelection(c == null ? 0 : c.retry().maxRetries());
		sweep.setText(c == null ? "" : c.sweepText());
		slo.setText(c == null || c.slo() == null ? "" : c.slo());
		enableConcurrency();
	}

	/**
	 * A closed loop's concurrency is unused when a sweep gives the levels (an open loop's cap is not); a trace replay
	 * takes the arrivals and prompts from its file: no rate, sweep or datasets then, the concurrency is its cap.
	 */
	private void enableConcurrency() {
		boolean replay = load.getSelectionIndex() == TRACE;
		concurrency.setEnabled(load.getSelectionIndex() != 0 || sweep.getText().isBlank());
		rate.setEnabled(!replay);
		sweep.setEnabled(!replay);
		shares.control().setEnabled(!replay);
		trace.setEnabled(replay);
	}

	private int indexOf(String endpointId) {
		for (int i = 0; i < endpoints.size(); i++) {
			if (endpoints.get(i).id().equals(endpointId)) {
				return i;
			}
		}
		return -1;
	}

	private static String trim(double d) {
		return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
	}

	/** The configuration the fields describe; throws IllegalArgumentException with a message for the user. */
	TestConfiguration read() {
		if (endpoint.getSelectionIndex() < 0) {
			throw new IllegalArgumentException("Choose an endpoint");
		}
		boolean replay = load.getSelectionIndex() == TRACE;
		List<TestConfiguration.Share> list = replay ? List.of() : shares.shares();
		Load l;
		if (load.getSelectionIndex() == 0 || replay) {
			l = new Load.ClosedLoop(concurrency.getSelection());
		} else {
			double r;
			try {
				r = Double.parseDouble(rate.getText().strip().replace(',', '.'));
			} catch (NumberFormatException e) {
				throw new IllegalArgumentException("The rate must be a number of requests per second");
			}
			l = new Load.OpenLoop(r, load.getSelectionIndex() == 2, concurrency.getSelection());
		}
		long n = requests.getSelection();
		Duration d = duration.getSelection() == 0 ? null : Duration.ofSeconds(duration.getSelection());
		Limits limits = new Limits(n, d, n == 0 && d == null, warmup.getSelection());
		Double t = null;
		if (!temperature.getText().isBlank()) {
			try {
				t = Double.parseDouble(temperature.getText().strip().replace(',', '.'));
			} catch (NumberFormatException e) {
				throw new IllegalArgumentException("The temperature must be a number");
			}
		}
		RequestOptions request = new RequestOptions(stream.getSelection(),
				maxTokens.getSelection() == 0 ? null : maxTokens.getSelection(), t, null, stream.getSelection());
		List<Double> levels = replay ? List.of() : io.deepstress.core.launch.SweepLevels.parse(sweep.getText(), l);
		TraceReplay replayed = replay ? trace.read(initial == null || initial.trace() == null ? 1 : initial.trace().seed())
				: null;
		return new TestConfiguration(initial != null ? initial.id() : UUID.randomUUID().toString(), name.getText(),
				endpoints.get(endpoint.getSelectionIndex()).id(), list, l, limits, request,
				initial == null ? null : initial.timeouts(), RetryPolicy.retries(retries.getSelection()), levels,
				slo.getText(), replayed);
	}

	/** Save: the fields are read here, the configuration saved off the UI thread; the dialog closes once it is. */
	@Override
	protected void okPressed() {
		if (busy) {
			return;
		}
		TestConfiguration c;
		try {
			c = read();
		} catch (IllegalArgumentException | IllegalStateException refused) {
			refuse(refused);
			return;
		}
		busy = true;
		WidgetIds.message(error, "Saving...", false);
		validate();
		Saver s = saver;
		// a refusal (a duplicate name, a missing dataset, the database read-only) is the answer, shown in the dialog
		saving.latest(() -> {
			try {
				s.save(c);
				return null;
			} catch (IllegalArgumentException | IllegalStateException refused) {
				return refused;
			}
		}, (refused, failure) -> {
			busy = false;
			if (getShell() == null || getShell().isDisposed()) {
				saving.close();
				return;
			}
			if (refused == null && failure == null) {
				result = c;
				super.okPressed();
				return;
			}
			validate();
			if (refused != null) {
				refuse(refused);
			} else {
				WidgetIds.message(error, "Cannot save: " + message(failure), true);
			}
		});
	}

	private void refuse(RuntimeException refused) {
		WidgetIds.message(error, message(refused), true);
	}

	private static String message(Throwable t) {
		return t.getMessage() == null ? t.toString() : t.getMessage();
	}

	@Override
	protected void createButtonsForButtonBar(Composite parent) {
		createButton(parent, IDialogConstants.OK_ID, "Save", true);
		createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CANCEL_LABEL, false);
		validate();
	}

	/**
	 * After a change of the datasets: what keeps them from being saved in the message label, Save disabled. While
	 * a save runs, Save stays disabled and the label keeps saying so.
	 */
	private void validate() {
		String problem = load != null && load.getSelectionIndex() == TRACE ? null : shares.problem();
		if (!busy) {
			WidgetIds.message(error, problem == null ? "" : problem, true);
		}
		Button save = getButton(IDialogConstants.OK_ID);
		if (save != null) {
			save.setEnabled(problem == null && !busy);
		}
	}

	/** The saved configuration, or null when cancelled. */
	TestConfiguration result() {
		return result;
	}
}
