package io.deepstress.ui.launch.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;

import io.deepstress.core.model.Datasets;
import io.deepstress.core.model.Endpoint;
import io.deepstress.core.model.TestConfiguration;
import io.deepstress.core.run.Load;
import io.deepstress.core.services.ConfigurationStore;
import io.deepstress.core.services.EndpointRegistry;
import io.deepstress.ui.parts.Background;
import io.deepstress.ui.parts.Columns;
import io.deepstress.ui.parts.Forms;

/**
 * The saved test configurations: a table (several may be selected), New/Edit in {@link ConfigurationDialog},
 * Delete, and Run selected, which hands the selected configurations' plans to the view (one batch; a sweep once
 * per level). Store calls run off the UI thread. Widgets {@code launch:configurations}, {@code launch:new}, ...
 */
final class SavedConfigurationsForm {

	private final TableViewer saved;
	private final Button runSelected;
	private final StatusLine status;
	private final UISynchronize sync;
	private final ConfigurationStore store;
	private final EndpointRegistry registry;
	private final Runnable refresh;
	private final Background dialogData;
	private final Background deletes;
	private List<Endpoint> endpoints = List.of();

	/**
	 * @param store    the configuration store, or null when it is not installed
	 * @param registry the endpoint registry, or null
	 * @param refresh  reads the lists again after a change
	 * @param launch   takes the plan-maker of the selected configurations
	 */
	SavedConfigurationsForm(Composite parent, StatusLine status, UISynchronize sync, ConfigurationStore store,
			EndpointRegistry registry, Runnable refresh, Consumer<LaunchPart.Plans> launch) {
		this.status = status;
		this.sync = sync;
		this.store = store;
		this.registry = registry;
		this.refresh = refresh;
		dialogData = new Background("deepstress-configuration-datasets", sync);
		deletes = new Background("deepstress-configuration-delete", sync);
		Group configs = new Group(parent, SWT.NONE);
		configs.setText("Saved test configurations");
		GridDataFactory.fillDefaults().grab(true, true).applyTo(configs);
		GridLayoutFactory.swtDefaults().applyTo(configs);
		saved = Columns.table(configs, "launch:configurations", SWT.BORDER | SWT.FULL_SELECTION | SWT.MULTI | SWT.V_SCROLL);
		GridDataFactory.fillDefaults().grab(true, true).hint(SWT.DEFAULT, 120).applyTo(saved.getTable().getParent());
		Columns.text(saved, "Name", 40, 100, TestConfiguration.class, TestConfiguration::name);
		Columns.text(saved, "Endpoint", 30, 80, TestConfiguration.class, this::endpointName);
		Columns.text(saved, "Load", 30, 80, TestConfiguration.class, SavedConfigurationsForm::load);
		Composite actions = new Composite(configs, SWT.NONE);
		GridDataFactory.fillDefaults().align(SWT.END, SWT.CENTER).applyTo(actions);
		GridLayoutFactory.fillDefaults().numColumns(4).applyTo(actions);
		Forms.button(actions, "New…", "launch:new").addListener(SWT.Selection, e -> edit(null));
		Forms.button(actions, "Edit…", "launch:edit").addListener(SWT.Selection, e -> edit(selected()));
		Forms.button(actions, "Delete", "launch:delete").addListener(SWT.Selection, e -> deleteSelected());
		runSelected = Forms.button(actions, "Run selected", "launch:run-selected");
		runSelected.addListener(SWT.Selection, e -> {
			List<TestConfiguration> chosen = new ArrayList<>();
			for (Object o : saved.getStructuredSelection().toList()) {
				chosen.add((TestConfiguration) o);
			}
			if (chosen.isEmpty()) {
				status.say("Select one or more saved configurations.");
				return;
			}
			launch.accept(hosts -> Launcher.saved(chosen, hosts));
		});
		saved.addDoubleClickListener(e -> edit(selected()));
	}

	private TestConfiguration selected() {
		return (TestConfiguration) saved.getStructuredSelection().getFirstElement();
	}

	/** Shows these configurations, their endpoints named from {@code list}. */
	void show(List<TestConfiguration> configurations, List<Endpoint> list) {
		if (saved.getControl().isDisposed()) {
			return;
		}
		endpoints = List.copyOf(list);
		saved.setInput(configurations);
	}

	/** Run selected is off while a launch runs. */
	void running(boolean on) {
		if (!runSelected.isDisposed()) {
			runSelected.setEnabled(!on);
		}
	}

	/**
	 * Opens the configuration dialog, a new configuration or {@code c} to edit, once the endpoints, the saved
	 * datasets and their prompt counts are read off the UI thread. The dialog saves off the UI thread too.
	 */
	private void edit(TestConfiguration c) {
		if (store == null) {
			status.say("Saved configurations need the records store.");
			return;
		}
		dialogData.latest(() -> {
			Map<String, Integer> sizes = new LinkedHashMap<>(store.datasetSizes());
			if (sizes.keySet().stream().noneMatch(Datasets.BUILTIN::equalsIgnoreCase)) {
				sizes.put(Datasets.BUILTIN, Datasets.builtin().prompts().size());
			}
			return new DialogData(LaunchPart.endpointList(registry), sizes);
		}, (data, failure) -> {
			if (saved.getControl().isDisposed()) {
				return;
			}
			if (failure != null) {
				status.say("Saved datasets cannot be read: " + failure.getMessage());
				return;
			}
			ConfigurationDialog dialog = new ConfigurationDialog(saved.getControl().getShell(), sync, c, data.endpoints(),
					data.datasets(), configuration -> saveConfiguration(store, configuration));
			if (dialog.open() == org.eclipse.jface.window.Window.OK && dialog.result() != null) {
				status.say("Saved configuration " + dialog.result().name() + ".");
				refresh.run();
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

	/** Removes the selected configurations off the UI thread. */
	private void deleteSelected() {
		List<?> chosen = saved.getStructuredSelection().toList();
		if (chosen.isEmpty() || store == null) {
			status.say("Select the configurations to delete.");
			return;
		}
		List<String> ids = chosen.stream().map(o -> ((TestConfiguration) o).id()).toList();
		deletes.latest(() -> {
			for (String id : ids) {
				store.removeConfiguration(id);
			}
			return ids.size();
		}, (count, failure) -> {
			status.say(failure != null ? "Cannot delete: " + failure.getMessage() : "Deleted " + count + " configuration(s).");
			refresh.run();
		});
	}

	private String endpointName(TestConfiguration c) {
		return endpoints.stream().filter(e -> e.id().equals(c.endpointId())).map(Endpoint::name).findFirst()
				.orElse("(missing endpoint)");
	}

	/** "concurrency 4", "20.0 req/s Poisson"; a sweep: "sweep concurrency 1,8,32", "sweep 5,20 req/s". */
	private static String load(TestConfiguration c) {
		if (c.trace() != null) {
			double x = c.trace().speed();
			String speed = x == 1 ? "" : " x" + (x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x));
			return "trace " + java.nio.file.Path.of(c.trace().file()).getFileName() + speed + ", cap "
					+ ((Load.ClosedLoop) c.load()).concurrency();
		}
		if (c.load() instanceof Load.OpenLoop open) {
			String rate = c.isSweep() ? "sweep " + c.sweepText() : String.format(Locale.ROOT, "%.1f", open.ratePerSecond());
			return rate + " req/s" + (open.poisson() ? " Poisson" : "");
		}
		return c.isSweep() ? "sweep concurrency " + c.sweepText()
				: "concurrency " + ((Load.ClosedLoop) c.load()).concurrency();
	}

	void dispose() {
		dialogData.close();
		deletes.close();
	}
}
