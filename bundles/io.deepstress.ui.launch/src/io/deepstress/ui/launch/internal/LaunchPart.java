package io.deepstress.ui.launch.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;

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
import io.deepstress.core.model.Endpoint;
import io.deepstress.core.model.TestConfiguration;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.ConfigurationStore;
import io.deepstress.core.services.EndpointRegistry;
import io.deepstress.ui.parts.Background;
import io.deepstress.ui.parts.Forms;
import io.deepstress.ui.parts.WidgetIds;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The Test Configurations view: the quick test ({@link QuickTestForm}), the saved configurations
 * ({@link SavedConfigurationsForm}) and the prompt datasets ({@link PromptDatasetsForm}), one form each, and the
 * launch they start, which runs in the {@link LaunchService} (the view only asks for it, follows it, and stops it
 * with Stop; a launch started before the view was opened is followed too). Which run of a batch or level of a sweep
 * it is goes to the Live Run view through the context variable {@value #CURRENT_STEP}, the final figures to the
 * Statistics view through {@value #LAST_SUMMARIES} (both kept by {@link LaunchAddon}). Widgets are tagged
 * {@code launch:*}.
 */
public final class LaunchPart {

	/** Context variable: the summaries ({@code List<RunSummary>}) of the last launch. */
	public static final String LAST_SUMMARIES = "io.deepstress.launch.summaries";

	/**
	 * Context variable: the run a launch is at ({@link LaunchStep}: which run of a batch, which level of a sweep),
	 * for the Live Run view.
	 */
	public static final String CURRENT_STEP = "io.deepstress.launch.step";

	/** The plans of a launch, given the GPU hosts watched when it starts (their samples are kept with its runs). */
	interface Plans {
		List<RunPlan> with(List<GpuHost> watched);
	}

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
	@Service
	@Optional
	private io.deepstress.core.tokens.PromptSynthesizer synthesizer;

	@Inject
	@Service
	@Optional
	private io.deepstress.core.tokens.TokenizerService tokenizers;

	@Inject
	private UISynchronize sync;

	@Inject
	private MApplication application;

	private volatile LaunchHandle following;
	private Background lists;
	private Background preparing;
	private QuickTestForm quick;
	private SavedConfigurationsForm saved;
	private PromptDatasetsForm datasets;
	private SyntheticDatasetForm synthetic;
	private Button stop;
	private StatusLine status;

	@PostConstruct
	void create(Composite parent) {
		lists = new Background("deepstress-launch-lists", sync);
		preparing = new Background("deepstress-launch-prepare", sync);
		GridLayoutFactory.fillDefaults().margins(6, 6).spacing(6, 8).applyTo(parent);
		Composite forms = new Composite(parent, SWT.NONE);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(forms);
		GridLayoutFactory.fillDefaults().spacing(6, 8).applyTo(forms);
		stop = WidgetIds.tag(new Button(parent, SWT.PUSH), "launch:stop");
		stop.setText("Stop");
		stop.setEnabled(false);
		stop.addListener(SWT.Selection, e -> {
			LaunchHandle l = following;
			if (l != null) {
				l.cancel();
			}
		});
		org.eclipse.swt.widgets.Label line = Forms.note(parent, "launch:status");
		GridDataFactory.fillDefaults().grab(true, false).applyTo(line);
		status = new StatusLine(line);
		quick = new QuickTestForm(forms, status, this::launch);
		saved = new SavedConfigurationsForm(forms, status, sync, configurations, endpoints, this::refresh, this::launch);
		datasets = new PromptDatasetsForm(forms, status, sync, configurations, this::refresh);
		synthetic = new SyntheticDatasetForm(forms, status, sync, configurations, synthesizer, tokenizers, this::refresh);
		status.say(launches == null ? "The load engine is not installed." : "Ready.");
		refresh();
		if (launches != null && !launches.active().isEmpty()) { // a launch started before this view was opened
			follow(launches.active().get(launches.active().size() - 1));
		}
	}

	/** The endpoints to offer: the registry's, or the built-in simulator alone without one. Off the UI thread. */
	static List<Endpoint> endpointList(EndpointRegistry registry) {
		return registry == null ? List.of(Endpoint.builtinSimulator()) : registry.list();
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
	 * answer in the forms.
	 */
	private void refresh() {
		if (quick == null || quick.isDisposed()) {
			return;
		}
		EndpointRegistry registry = endpoints;
		ConfigurationStore store = configurations;
		lists.latest(() -> {
			List<Endpoint> found = endpointList(registry);
			if (store == null) {
				return new Lists(found, null, null);
			}
			try {
				return new Lists(found, new Saved(store.configurations(), store.datasetSizes()), null);
			} catch (RuntimeException e) {
				return new Lists(found, null, e);
			}
		}, (read, failure) -> {
			if (quick.isDisposed()) {
				return;
			}
			if (failure != null) {
				status.say("Endpoints cannot be read: " + failure.getMessage());
				return;
			}
			quick.showEndpoints(read.endpoints());
			if (read.problem() != null) {
				status.say("Saved configurations cannot be read: " + read.problem().getMessage());
			} else if (read.saved() != null) {
				saved.show(read.saved().configurations(), read.endpoints());
				datasets.show(read.saved().datasets());
			}
		});
	}

	private record Saved(List<TestConfiguration> configurations, Map<String, Integer> datasets) {
	}

	/** An answer of {@link #refresh()}; {@code saved} is null without a store or when reading it failed. */
	private record Lists(List<Endpoint> endpoints, Saved saved, RuntimeException problem) {
	}

	/**
	 * Asks the launch service for these plans (recording the GPU hosts watched now) off the UI thread, where it
	 * resolves them (datasets from the store, API keys from secure storage), and follows the launch. Start and Run
	 * selected stay disabled meanwhile.
	 */
	private void launch(Plans plans) {
		if (launches == null) {
			status.say("The load engine is not installed.");
			return;
		}
		running(true);
		stop.setEnabled(false);
		LaunchService service = launches;
		GpuMonitor monitor = gpu;
		preparing.latest(() -> service.launch(
				new LaunchRequest(plans.with(monitor == null ? List.of() : monitor.watched()), LaunchListener.NONE)),
				(launched, failure) -> {
					if (failure != null) {
						status.say("Cannot start: " + failure.getMessage());
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
		if (l != null && l.launchId().equals(step.launchId()) && status != null) {
			showStep(l, step);
		}
	}

	private void showStep(LaunchHandle launch, LaunchStep step) {
		String problems = launch.problems().isEmpty() ? "" : " — " + String.join(" ", launch.problems());
		status.say("Running " + step.runName() + (step.text().isEmpty() ? "" : " (" + step.text() + ")") + problems);
	}

	private void finished(LaunchHandle launch, LaunchResult result) {
		if (following != launch) {
			return;
		}
		following = null;
		// before the status says it ended, so that the Statistics view has it by then (the addon's copy of the
		// bus event may come later)
		application.getContext().set(LAST_SUMMARIES, result.summaries());
		running(false);
		List<RunSummary> summaries = result.summaries();
		if (result.failure() != null) {
			status.say("Stopped: " + result.failure());
		} else if (!summaries.isEmpty()) {
			RunSummary last = summaries.get(summaries.size() - 1);
			status.say(String.format(Locale.ROOT, "%s %s: %d requests, %d failed, %.1f req/s%s", last.name(),
					last.status().name().toLowerCase(Locale.ROOT), last.total(), last.failed(), last.requestsPerSecond(),
					summaries.size() > 1 ? " (" + summaries.size() + " runs)" : ""));
		} else {
			status.say("Stopped before the first run.");
		}
	}

	private void running(boolean on) {
		if (stop.isDisposed()) {
			return;
		}
		quick.running(on);
		saved.running(on);
		stop.setEnabled(on);
	}

	@Focus
	void focus() {
		quick.setFocus();
	}

	@PreDestroy
	void dispose() {
		lists.close();
		preparing.close();
		saved.dispose();
		datasets.dispose();
		synthetic.dispose();
	}
}
