package io.deepstress.ui.launch.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;

import io.deepstress.core.events.ConfigTopics;
import io.deepstress.core.events.LaunchTopics;
import io.deepstress.core.events.ModelTopics;
import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuMonitor;
import io.deepstress.core.launch.LaunchHandle;
import io.deepstress.core.launch.LaunchListener;
import io.deepstress.core.launch.LaunchRequest;
import io.deepstress.core.launch.LaunchResult;
import io.deepstress.core.launch.LaunchService;
import io.deepstress.core.launch.LaunchStep;
import io.deepstress.core.launch.RunPlan;
import io.deepstress.core.launch.SweepLevels;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Datasets;
import io.deepstress.core.model.Endpoint;
import io.deepstress.core.model.TestConfiguration;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.ConfigurationStore;
import io.deepstress.core.services.EndpointRegistry;
import io.deepstress.ui.parts.Background;
import io.deepstress.ui.parts.Columns;
import io.deepstress.ui.parts.Forms;
import io.deepstress.ui.parts.WidgetIds;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * Launches tests: the saved configurations (several selected run one after another as one batch; one with a
 * sweep runs once per level, like the quick test's sweep) or a
 * quick test of an endpoint with the built-in prompts (with a sweep: one run per concurrency level, one after
 * another, one batch), and stops them (the rest of a batch or sweep too). Progress is watched in the Live Run
 * view through the run events, which run of a batch or sweep it is through the context variable
 * {@value #CURRENT_STEP}; the final figures go to the Statistics view through the context variable
 * {@value #LAST_SUMMARIES}. Widgets are tagged {@code launch:*}.
 */
public final class LaunchPart {

	/** Context variable: the summaries ({@code List<RunSummary>}) of the last launch from the workbench. */
	public static final String LAST_SUMMARIES = "io.deepstress.launch.summaries";

	/**
	 * Context variable: the run the workbench's launch is at ({@link io.deepstress.core.launch.LaunchStep}: which run of a batch, which
	 * level of a sweep), for the Live Run view.
	 */
	public static final String CURRENT_STEP = "io.deepstress.launch.step";

	@Inject
	@Service
	@Optional
	private LaunchService launches;

	@Inject
	@Service
	@Optional
	private ConfigurationStore configurations;

	@Inject
	@Service
	@Optional
	private EndpointRegistry endpoints;

	@Inject
	@Service
	@Optional
	private GpuMonitor gpu;

	@Inject
	private UISynchronize sync;

	private volatile LaunchHandle following;
	private Background background;
	private Background imports;
	private Background dialogData;
	private Background deletes;
	private Background preparing;
	private TableViewer saved;
	private Combo endpoint;
	private List<Endpoint> endpointList = List.of();
	private Spinner concurrency;
	private Spinner requests;
	private Spinner maxTokens;
	private Text sweep;
	private Button start;
	private Button runSelected;
	private Button stop;
	private Label status;
	private Label datasetList;
	private Text promptFile;
	private Text datasetName;

	@PostConstruct
	void create(Composite parent) {
		background = new Background("deepstress-launch-lists", sync);
		imports = new Background("deepstress-import-prompts", sync);
		dialogData = new Background("deepstress-configuration-datasets", sync);
		deletes = new Background("deepstress-configuration-delete", sync);
		preparing = new Background("deepstress-launch-prepare", sync);
		GridLayoutFactory.fillDefaults().margins(6, 6).spacing(6, 8).applyTo(parent);

		Group quick = new Group(parent, SWT.NONE);
		quick.setText("Quick test (built-in prompts)");
		GridDataFactory.fillDefaults().grab(true, false).applyTo(quick);
		GridLayoutFactory.swtDefaults().numColumns(2).applyTo(quick);
		new Label(quick, SWT.NONE).setText("Endpoint");
		endpoint = WidgetIds.tag(new Combo(quick, SWT.READ_ONLY), "launch:endpoint");
		GridDataFactory.fillDefaults().grab(true, false).applyTo(endpoint);
		concurrency = Forms.spinner(quick, "Concurrency", "launch:concurrency", 1, 4096, 4);
		requests = Forms.spinner(quick, "Requests", "launch:requests", 1, 1_000_000, 50);
		maxTokens = Forms.spinner(quick, "Max tokens", "launch:max-tokens", 1, 32_768, 128);
		sweep = Forms.text(quick, "Sweep", "launch:sweep", SWT.BORDER);
		sweep.setMessage(SweepLevels.HINT);
		sweep.setToolTipText("Concurrency levels, comma-separated: one run of the requests above per level, one after"
				+ " another, recorded as one batch. Empty: one run at the concurrency above.");
		sweep.addListener(SWT.Modify, e -> concurrency.setEnabled(sweep.getText().isBlank()));
		start = WidgetIds.tag(new Button(quick, SWT.PUSH), "launch:start");
		start.setText("Start");
		GridDataFactory.swtDefaults().span(2, 1).align(SWT.END, SWT.CENTER).applyTo(start);
		start.addListener(SWT.Selection, e -> startQuick());

		Group configs = new Group(parent, SWT.NONE);
		configs.setText("Saved test configurations");
		GridDataFactory.fillDefaults().grab(true, true).applyTo(configs);
		GridLayoutFactory.swtDefaults().applyTo(configs);
		saved = Columns.table(configs, "launch:configurations", SWT.BORDER | SWT.FULL_SELECTION | SWT.MULTI | SWT.V_SCROLL);
		GridDataFactory.fillDefaults().grab(true, true).hint(SWT.DEFAULT, 120).applyTo(saved.getTable().getParent());
		Columns.text(saved, "Name", 40, 100, TestConfiguration.class, TestConfiguration::name);
		Columns.text(saved, "Endpoint", 30, 80, TestConfiguration.class, this::endpointName);
		Columns.text(saved, "Load", 30, 80, TestConfiguration.class, LaunchPart::load);
		Composite actions = new Composite(configs, SWT.NONE);
		GridDataFactory.fillDefaults().align(SWT.END, SWT.CENTER).applyTo(actions);
		GridLayoutFactory.fillDefaults().numColumns(4).applyTo(actions);
		Forms.button(actions, "New…", "launch:new").addListener(SWT.Selection, e -> edit(null));
		Forms.button(actions, "Edit…", "launch:edit").addListener(SWT.Selection,
				e -> edit((TestConfiguration) saved.getStructuredSelection().getFirstElement()));
		Forms.button(actions, "Delete", "launch:delete").addListener(SWT.Selection, e -> deleteSelected());
		runSelected = Forms.button(actions, "Run selected", "launch:run-selected");
		runSelected.addListener(SWT.Selection, e -> startSelected());
		saved.addDoubleClickListener(e -> edit((TestConfiguration) saved.getStructuredSelection().getFirstElement()));

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
			org.eclipse.swt.widgets.FileDialog files = new org.eclipse.swt.widgets.FileDialog(data.getShell(), SWT.OPEN);
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

		stop = WidgetIds.tag(new Button(parent, SWT.PUSH), "launch:stop");
		stop.setText("Stop");
		stop.setEnabled(false);
		stop.addListener(SWT.Selection, e -> {
			LaunchHandle l = following;
			if (l != null) {
				l.cancel();
			}
		});
		status = Forms.note(parent, "launch:status");
		GridDataFactory.fillDefaults().grab(true, false).applyTo(status);
		status.setText(launches == null ? "The load engine is not installed." : "Ready.");
		refresh();
		if (launches != null && !launches.active().isEmpty()) { // a launch started before this view was opened
			follow(launches.active().get(launches.active().size() - 1));
		}
	}

	/**
	 * Opens the configuration dialog, a new configuration or {@code c} to edit, once the endpoints, the saved
	 * datasets and their prompt counts are read off the UI thread. The dialog saves off the UI thread too.
	 */
	private void edit(TestConfiguration c) {
		if (configurations == null) {
			setStatus("Saved configurations need the records store.");
			return;
		}
		ConfigurationStore store = configurations;
		EndpointRegistry registry = endpoints;
		dialogData.latest(() -> {
			Map<String, Integer> sizes = new LinkedHashMap<>(store.datasetSizes());
			if (sizes.keySet().stream().noneMatch(Datasets.BUILTIN::equalsIgnoreCase)) {
				sizes.put(Datasets.BUILTIN, Datasets.builtin().prompts().size());
			}
			return new DialogData(endpointList(registry), sizes);
		}, (data, failure) -> {
			if (saved.getControl().isDisposed()) {
				return;
			}
			if (failure != null) {
				setStatus("Saved datasets cannot be read: " + failure.getMessage());
				return;
			}
			ConfigurationDialog dialog = new ConfigurationDialog(saved.getControl().getShell(), sync, c, data.endpoints(),
					data.datasets(), configuration -> saveConfiguration(store, configuration));
			if (dialog.open() == org.eclipse.jface.window.Window.OK && dialog.result() != null) {
				setStatus("Saved configuration " + dialog.result().name() + ".");
				refresh();
			}
		});
	}

	private record DialogData(List<Endpoint> endpoints, Map<String, Integer> datasets) {
	}

	/**
	 * Saves a configuration, storing the built-in prompts first when it uses them. Runs on the dialog's worker
	 * thread, never on the UI thread.
	 */
	private static void saveConfiguration(ConfigurationStore store, TestConfiguration c) {
		if (c.datasets().stream().anyMatch(s -> s.dataset().equalsIgnoreCase(Datasets.BUILTIN))
				&& store.dataset(Datasets.BUILTIN).isEmpty()) {
			store.saveDataset(Datasets.builtin());
		}
		store.saveConfiguration(c);
	}

	/** The endpoints to offer: the registry's, or the built-in simulator alone without one. Off the UI thread. */
	private static List<Endpoint> endpointList(EndpointRegistry registry) {
		return registry == null ? List.of(Endpoint.builtinSimulator()) : registry.list();
	}

	/** Reads the prompt file off the UI thread and saves it as a dataset. */
	private void importPrompts() {
		if (configurations == null) {
			setStatus("Datasets need the records store.");
			return;
		}
		String file = promptFile.getText().strip();
		String name = datasetName.getText().strip();
		if (file.isEmpty()) {
			setStatus("Choose a prompt file.");
			return;
		}
		ConfigurationStore store = configurations;
		imports.latest(() -> {
			Dataset read = Datasets.read(java.nio.file.Path.of(file));
			Dataset d = new Dataset(name.isEmpty() ? read.name() : name, read.prompts());
			store.saveDataset(d);
			return d;
		}, (d, failure) -> {
			setStatus(failure != null ? "Cannot import: " + failure.getMessage()
					: "Imported " + d.prompts().size() + " prompts as dataset " + d.name() + ".");
			refresh();
		});
	}

	/** Removes the selected configurations off the UI thread. */
	private void deleteSelected() {
		List<?> chosen = saved.getStructuredSelection().toList();
		if (chosen.isEmpty() || configurations == null) {
			setStatus("Select the configurations to delete.");
			return;
		}
		ConfigurationStore store = configurations;
		List<String> ids = chosen.stream().map(o -> ((TestConfiguration) o).id()).toList();
		deletes.latest(() -> {
			for (String id : ids) {
				store.removeConfiguration(id);
			}
			return ids.size();
		}, (count, failure) -> {
			setStatus(failure != null ? "Cannot delete: " + failure.getMessage() : "Deleted " + count + " configuration(s).");
			refresh();
		});
	}

	private String endpointName(TestConfiguration c) {
		return endpointList.stream().filter(e -> e.id().equals(c.endpointId())).map(Endpoint::name).findFirst()
				.orElse("(missing endpoint)");
	}

	/** "concurrency 4", "20.0 req/s Poisson"; a sweep: "sweep concurrency 1,8,32", "sweep 5,20 req/s". */
	private static String load(TestConfiguration c) {
		if (c.load() instanceof Load.OpenLoop open) {
			String rate = c.isSweep() ? "sweep " + c.sweepText() : String.format(Locale.ROOT, "%.1f", open.ratePerSecond());
			return rate + " req/s" + (open.poisson() ? " Poisson" : "");
		}
		return c.isSweep() ? "sweep concurrency " + c.sweepText()
				: "concurrency " + ((Load.ClosedLoop) c.load()).concurrency();
	}

	@Inject
	@Optional
	void onEndpointChanged(@UIEventTopic(ModelTopics.CHANGED) Object changed) {
		refresh();
	}

	@Inject
	@Optional
	void onConfigurationChanged(@UIEventTopic(ConfigTopics.CHANGED) Object changed) {
		refresh();
	}

	/**
	 * Reads the endpoints, the saved configurations and the dataset sizes off the UI thread and shows the latest
	 * answer. The endpoint chosen in the combo stays chosen (by id) while it exists; otherwise the built-in
	 * simulator is (first start, or the chosen endpoint removed).
	 */
	private void refresh() {
		if (endpoint == null || endpoint.isDisposed()) {
			return;
		}
		EndpointRegistry registry = endpoints;
		ConfigurationStore store = configurations;
		background.latest(() -> {
			List<Endpoint> found = endpointList(registry);
			if (store == null) {
				return new Lists(found, null, null);
			}
			try {
				return new Lists(found, new Saved(store.configurations(), store.datasetSizes()), null);
			} catch (RuntimeException e) {
				return new Lists(found, null, e);
			}
		}, (lists, failure) -> {
			if (endpoint.isDisposed() || saved.getControl().isDisposed()) {
				return;
			}
			if (failure != null) {
				setStatus("Endpoints cannot be read: " + failure.getMessage());
				return;
			}
			showEndpoints(lists.endpoints());
			if (lists.problem() != null) {
				setStatus("Saved configurations cannot be read: " + lists.problem().getMessage());
			} else if (lists.saved() != null) {
				showSaved(lists.saved());
			}
		});
	}

	/** Fills the endpoint combo, keeping the chosen endpoint (by id) or else choosing the built-in simulator. */
	private void showEndpoints(List<Endpoint> list) {
		int current = endpoint.getSelectionIndex();
		String chosen = current >= 0 && current < endpointList.size() ? endpointList.get(current).id() : null;
		endpointList = List.copyOf(list);
		endpoint.setItems(endpointList.stream().map(Endpoint::name).toArray(String[]::new));
		int index = -1;
		for (int i = 0; i < endpointList.size() && chosen != null; i++) {
			if (endpointList.get(i).id().equals(chosen)) {
				index = i;
			}
		}
		for (int i = 0; i < endpointList.size() && index < 0; i++) {
			if (endpointList.get(i).isBuiltin()) {
				index = i;
			}
		}
		if (index < 0 && !endpointList.isEmpty()) {
			index = 0;
		}
		if (index >= 0) {
			endpoint.select(index);
		}
	}

	private void showSaved(Saved found) {
		saved.setInput(found.configurations());
		datasetList.setText(found.datasets().isEmpty() ? "Saved: none yet (a quick test uses the built-in prompts)."
				: "Saved: " + String.join(", ", found.datasets().entrySet().stream()
						.map(d -> d.getKey() + " (" + d.getValue() + ")").toList()));
	}

	private record Saved(List<TestConfiguration> configurations, Map<String, Integer> datasets) {
	}

	/** An answer of {@link #refresh()}; {@code saved} is null without a store or when reading it failed. */
	private record Lists(List<Endpoint> endpoints, Saved saved, RuntimeException problem) {
	}

	private void startQuick() {
		if (endpointList.isEmpty() || endpoint.getSelectionIndex() < 0) {
			setStatus("Choose an endpoint.");
			return;
		}
		List<Double> levels;
		try {
			levels = SweepLevels.parse(sweep.getText(), true);
		} catch (IllegalArgumentException refused) {
			WidgetIds.message(status, "Cannot start: " + refused.getMessage(), true);
			return;
		}
		Endpoint e = endpointList.get(endpoint.getSelectionIndex());
		Launcher.Quick quick = new Launcher.Quick(e, concurrency.getSelection(), requests.getSelection(),
				maxTokens.getSelection());
		launch(hosts -> List.of(Launcher.quick(quick, levels, hosts)));
	}

	private void startSelected() {
		List<TestConfiguration> chosen = new ArrayList<>();
		for (Object o : saved.getStructuredSelection().toList()) {
			chosen.add((TestConfiguration) o);
		}
		if (chosen.isEmpty()) {
			setStatus("Select one or more saved configurations.");
			return;
		}
		launch(hosts -> Launcher.saved(chosen, hosts));
	}

	/**
	 * Asks the launch service for these plans (recording the GPU hosts watched now) off the UI thread, where it
	 * resolves them (datasets from the store, API keys from secure storage), and follows the launch. Start and Run
	 * selected stay disabled meanwhile.
	 */
	private void launch(java.util.function.Function<List<GpuHost>, List<RunPlan>> plans) {
		if (launches == null) {
			setStatus("The load engine is not installed.");
			return;
		}
		start.setEnabled(false);
		runSelected.setEnabled(false);
		LaunchService service = launches;
		GpuMonitor monitor = gpu;
		preparing.latest(() -> service.launch(
				new LaunchRequest(plans.apply(monitor == null ? List.of() : monitor.watched()), LaunchListener.NONE)),
				(launched, failure) -> {
					if (start.isDisposed()) {
						if (launched != null) {
							follow(launched);
						}
						return;
					}
					if (failure != null) {
						setStatus("Cannot start: " + failure.getMessage());
						running(following != null);
						return;
					}
					follow(launched);
				});
	}

	/** Shows this launch's steps and end here, and lets Stop stop it. */
	private void follow(LaunchHandle launch) {
		following = launch;
		running(true);
		showStep(launch, launch.step());
		launch.completion().thenAccept(result -> sync.asyncExec(() -> finished(launch, result)));
	}

	@Inject
	@Optional
	void onStep(@UIEventTopic(LaunchTopics.STEP) LaunchStep step) {
		LaunchHandle l = following;
		if (l != null && l.launchId().equals(step.launchId())) {
			showStep(l, step);
		}
	}

	private void showStep(LaunchHandle launch, LaunchStep step) {
		String problems = launch.problems().isEmpty() ? "" : " — " + String.join(" ", launch.problems());
		setStatus("Running " + step.runName() + (step.text().isEmpty() ? "" : " (" + step.text() + ")") + problems);
	}

	private void finished(LaunchHandle launch, LaunchResult result) {
		if (following != launch) {
			return;
		}
		following = null;
		running(false);
		List<RunSummary> summaries = result.summaries();
		if (result.failure() != null) {
			setStatus("Stopped: " + result.failure());
		} else if (!summaries.isEmpty()) {
			RunSummary last = summaries.get(summaries.size() - 1);
			setStatus(String.format(Locale.ROOT, "%s %s: %d requests, %d failed, %.1f req/s%s", last.name(),
					last.status().name().toLowerCase(Locale.ROOT), last.total(), last.failed(), last.requestsPerSecond(),
					summaries.size() > 1 ? " (" + summaries.size() + " runs)" : ""));
		} else {
			setStatus("Stopped before the first run.");
		}
	}

	private void setStatus(String text) {
		if (!status.isDisposed()) {
			WidgetIds.message(status, text, false);
		}
	}

	private void running(boolean on) {
		if (start.isDisposed()) {
			return;
		}
		start.setEnabled(!on);
		runSelected.setEnabled(!on);
		stop.setEnabled(on);
	}

	@Focus
	void focus() {
		endpoint.setFocus();
	}

	@PreDestroy
	void dispose() {
		background.close();
		imports.close();
		dialogData.close();
		deletes.close();
		preparing.close();
	}
}
