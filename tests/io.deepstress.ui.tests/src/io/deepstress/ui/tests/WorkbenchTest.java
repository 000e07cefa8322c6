package io.deepstress.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.core.commands.ParameterizedCommand;
import org.eclipse.e4.core.commands.ECommandService;
import org.eclipse.e4.core.commands.EHandlerService;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.advanced.MPerspective;
import org.eclipse.e4.ui.model.application.ui.advanced.MPerspectiveStack;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.basic.MPartStack;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.model.application.ui.menu.MMenu;
import org.eclipse.e4.ui.model.application.ui.menu.MMenuElement;
import org.eclipse.e4.ui.workbench.IWorkbench;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.ToolItem;
import org.eclipse.swtchart.Chart;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuHostRegistry;
import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.gpu.GpuSampleSink;
import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Endpoint;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.model.TestConfiguration;
import io.deepstress.core.run.RunOrigin;
import io.deepstress.core.services.ConfigurationStore;
import io.deepstress.core.services.EndpointRegistry;
import io.deepstress.core.services.RunQuery;
import io.deepstress.core.services.RunStore;
import io.deepstress.core.services.SecretStore;
import io.deepstress.ui.testkit.UiDriver;

/** The real DeepStress workbench, started by Tycho's UI harness, driven through its widgets. */
class WorkbenchTest {

	private static final String STACK = "io.deepstress.ui.perspectivestack";
	private static final List<String> PERSPECTIVES = List.of("io.deepstress.ui.models.perspective",
			"io.deepstress.ui.launch.perspective", "io.deepstress.ui.gpu.perspective",
			"io.deepstress.ui.records.perspective");

	private final UiDriver ui = UiDriver.onCurrentThread();
	private MApplication application;
	private EModelService modelService;
	private MWindow window;

	@BeforeEach
	void findWorkbench() {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		ServiceReference<IWorkbench> reference = ui.waitFor("the e4 workbench service",
				() -> Optional.ofNullable(context.getServiceReference(IWorkbench.class)));
		application = context.getService(reference).getApplication();
		modelService = application.getContext().get(EModelService.class);
		window = application.getChildren().get(0);
		ui.waitUntil("main window visible", () -> window.getWidget() instanceof Shell s && s.isVisible());
		logBefore = workbenchLogSize();
	}

	/**
	 * The last launch was a sweep of two levels (concurrency 1 and 2) named "{@code name} c1", "c2": both
	 * summaries there, both runs recorded as completed with {@code requests} requests at their level, from
	 * the built-in simulator (and {@code configuration}, if not null), in one batch of exactly those two.
	 */
	private List<io.deepstress.core.run.RunSummary> twoLevelsRecordedInOneBatch(RunStore store, String name, int requests,
			String configuration) {
		@SuppressWarnings("unchecked")
		List<io.deepstress.core.run.RunSummary> summaries = (List<io.deepstress.core.run.RunSummary>) application
				.getContext().get("io.deepstress.launch.summaries");
		assertEquals(2, summaries.size(), "one summary per level");
		String batch = null;
		for (int i = 0; i < 2; i++) {
			io.deepstress.core.run.RunSummary s = summaries.get(i);
			assertEquals(name + " c" + (i + 1), s.name(), "the level in the name");
			String id = s.runId();
			ui.waitUntil("level " + (i + 1) + " recorded as completed", () -> store.record(id)
					.map(r -> r.summary().status() == io.deepstress.core.run.RunStatus.COMPLETED).orElse(false));
			io.deepstress.core.run.RunRecord r = store.record(id).orElseThrow();
			assertEquals(requests, r.summary().total());
			assertEquals(i + 1, r.summary().concurrency());
			if (configuration != null) {
				assertEquals(configuration, r.origin().configurationName());
			}
			assertEquals(Endpoint.BUILTIN_SIMULATOR_NAME, r.origin().endpointName());
			assertNotNull(r.origin().batchId(), "a sweep is a batch");
			if (batch != null) {
				assertEquals(batch, r.origin().batchId(), "both levels in one batch");
			}
			batch = r.origin().batchId();
		}
		assertEquals(2, store.count(RunQuery.all(10).withBatch(batch)), "the batch is the two levels");
		return summaries;
	}

	/** A DeepStress service of the running workbench, waited for. */
	private <T> T service(Class<T> type) {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		return context.getService(ui.waitFor("the " + type.getSimpleName() + " service",
				() -> Optional.ofNullable(context.getServiceReference(type))));
	}

	/** Where the workbench logs: {@code .metadata/.log} of the instance area (the harness' -data). */
	private static java.nio.file.Path workbenchLog() {
		String area = System.getProperty("osgi.instance.area");
		assertNotNull(area, "osgi.instance.area");
		return java.nio.file.Path.of(java.net.URI.create(area.replace(" ", "%20"))).resolve(".metadata/.log");
	}

	private static long workbenchLogSize() {
		try {
			java.nio.file.Path log = workbenchLog();
			return java.nio.file.Files.exists(log) ? java.nio.file.Files.size(log) : 0;
		} catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	private long logBefore;

	/**
	 * An exception in a part (an injection, a renderer, an event handler) only shows an error dialog and a
	 * log entry: a test fails on the errors its own steps logged, instead of a later test timing out.
	 */
	@org.junit.jupiter.api.AfterEach
	void noErrorsLogged() throws java.io.IOException {
		ui.pump(0);
		java.nio.file.Path log = workbenchLog();
		if (!java.nio.file.Files.exists(log) || java.nio.file.Files.size(log) <= logBefore) {
			return;
		}
		byte[] all = java.nio.file.Files.readAllBytes(log);
		String added = new String(all, (int) Math.min(logBefore, all.length), (int) (all.length - Math.min(logBefore, all.length)),
				java.nio.charset.StandardCharsets.UTF_8);
		List<String> errors = added.lines().filter(l -> l.matches("^!ENTRY \\S+ 4 .*")).toList();
		assertTrue(errors.isEmpty(), "the workbench logged errors during this test:\n" + added);
	}

	private MPerspectiveStack stack() {
		return (MPerspectiveStack) modelService.find(STACK, application);
	}

	private void switchTo(String perspectiveId) {
		ToolItem item = ui.byId("perspective:" + perspectiveId, ToolItem.class);
		ui.click(item);
		ui.waitUntil("perspective " + perspectiveId + " selected",
				() -> stack().getSelectedElement() != null
						&& perspectiveId.equals(stack().getSelectedElement().getElementId()));
		assertTrue(item.getSelection(), "the switcher shows the selected perspective");
		assertNotNull(item.getImage(), "the perspective icon from its bundle");
	}

	private Control showing(String widgetId) {
		Control control = ui.byId(widgetId, Control.class);
		ui.waitUntil(widgetId + " showing", () -> UiDriver.isShowing(control));
		return control;
	}

	@Test
	void fourPerspectivesFromTheirBundlesInOrder() {
		List<MPerspective> perspectives = stack().getChildren();
		assertEquals(PERSPECTIVES, perspectives.stream().map(MPerspective::getElementId).toList());
		assertEquals(List.of("Models", "Test", "GPU", "Records"),
				perspectives.stream().map(MPerspective::getLabel).toList());
		for (MPerspective perspective : perspectives) {
			String bundle = perspective.getElementId().replace(".perspective", "");
			assertEquals("platform:/plugin/" + bundle, perspective.getContributorURI(),
					"each perspective comes from its own bundle's model fragment");
		}
	}

	@Test
	void switcherShowsEachPerspectiveAndItsParts() {
		for (String id : List.of(PERSPECTIVES.get(1), PERSPECTIVES.get(2), PERSPECTIVES.get(3), PERSPECTIVES.get(0))) {
			switchTo(id);
			MPerspective perspective = stack().getSelectedElement();
			List<MPart> parts = modelService.findElements(perspective, null, MPart.class);
			assertTrue(parts.size() >= 2, "several parts in " + id);
			MPart first = parts.get(0);
			String widgetId = switch (first.getElementId()) {
				case "io.deepstress.ui.models.part.endpoints" -> "models:endpoints";
				case "io.deepstress.ui.records.part.runs" -> "records:runs";
				case "io.deepstress.ui.launch.part.configurations" -> "launch:configurations";
				case "io.deepstress.ui.gpu.part.monitor" -> "gpu:monitor";
				default -> "placeholder:" + first.getElementId();
			};
			Control control = showing(widgetId);
			assertSame(((Shell) window.getWidget()), control.getShell());
		}
	}

	@Test
	void modelsPerspectiveListsTheBuiltinSimulatorFromTheCoreService() {
		switchTo(PERSPECTIVES.get(0));
		Table table = (Table) showing("models:endpoints");
		ui.waitUntil("a row for the built-in simulator", () -> table.getItemCount() > 0);
		assertEquals(Endpoint.BUILTIN_SIMULATOR_NAME, table.getItem(0).getText(0));
	}

	@Test
	void recordsPerspectiveListsStoredRunsAndFiltersThem() throws Exception {
		RunStore store = service(RunStore.class);
		assertTrue(store.problem().isEmpty(), store.problem().orElse(""));
		String unique = UUID.randomUUID().toString().substring(0, 8);
		StoredRuns.record(store, "ui-a-" + unique, new RunOrigin("UI lab", "ui-cfg-" + unique, null), 12);
		StoredRuns.record(store, "ui-b-" + unique, new RunOrigin("UI lab", "other-" + unique, null), 7);

		switchTo(PERSPECTIVES.get(3));
		Table table = (Table) showing("records:runs");
		// the other records tests leave their configuration filter behind
		ui.replaceText(ui.byId("records:configuration", Text.class), "");
		ui.click(ui.byId("records:refresh", Button.class));
		ui.waitUntil("both runs listed", () -> names(table).containsAll(List.of("ui-a-" + unique, "ui-b-" + unique)));
		ui.replaceText(ui.byId("records:configuration", Text.class), "UI-CFG-" + unique);
		ui.click(ui.byId("records:refresh", Button.class));
		ui.waitUntil("filtered to one run", () -> names(table).equals(List.of("ui-a-" + unique)));
		assertEquals("12", table.getItem(0).getText(5), "requests column");
		assertEquals("UI lab", table.getItem(0).getText(3), "endpoint column");
		Label summary = ui.byId("records:summary", Label.class);
		ui.waitUntil("summary counts", () -> summary.getText().contains("1 matching"));
		assertTrue(summary.getText().contains(store.location()), summary.getText());

		// a run finishing elsewhere appears without a click (record/changed on the bus)
		StoredRuns.record(store, "ui-c-" + unique, new RunOrigin("UI lab", "ui-cfg-" + unique, null), 3);
		ui.waitUntil("the new run listed", () -> names(table).contains("ui-c-" + unique));
	}

	@Test
	void aQuickTestOnTheBuiltinSimulatorRunsIsWatchedAndRecorded() throws Exception {
		RunStore store = service(RunStore.class);
		long before = store.count(RunQuery.all(1).withEndpoint(Endpoint.BUILTIN_SIMULATOR_NAME));
		switchTo(PERSPECTIVES.get(1));
		Combo endpoint = (Combo) showing("launch:endpoint");
		// the endpoints are read off the UI thread
		ui.waitUntil("the built-in simulator is chosen first", () -> Endpoint.BUILTIN_SIMULATOR_NAME.equals(endpoint.getText()));
		ui.byId("launch:requests", Spinner.class).setSelection(20);
		ui.byId("launch:concurrency", Spinner.class).setSelection(4);
		ui.byId("launch:max-tokens", Spinner.class).setSelection(16);
		ui.click(ui.byId("launch:start", Button.class));
		Label status = ui.byId("launch:status", Label.class);
		ui.waitUntil("the quick test completed", () -> status.getText().contains("completed: 20 requests, 0 failed"),
				java.time.Duration.ofSeconds(60));
		ui.waitUntil("the live view saw it end", () -> "20".equals(ui.byId("live:completed", Label.class).getText()));
		assertTrue(ui.byId("live:status", Label.class).getText().startsWith("completed"));
		assertTrue(ui.byId("launch:start", Button.class).isEnabled(), "Start is enabled again");

		ui.click(ui.find(org.eclipse.swt.custom.CTabItem.class, t -> "Statistics".equals(t.getText()))
				.orElseThrow(() -> new AssertionError("no Statistics tab\n" + ui.dump())));
		Table overall = (Table) showing("statistics:overall");
		ui.waitUntil("the final figures", () -> overall.getItemCount() > 0);
		assertEquals("requests", overall.getItem(0).getText(0));
		assertEquals("20 (20 ok, 0 failed, 20 attempts)", overall.getItem(0).getText(1));
		ui.waitUntil("the run recorded", () -> store.count(RunQuery.all(1).withEndpoint(Endpoint.BUILTIN_SIMULATOR_NAME))
				== before + 1);
	}

	@Test
	void aConfigurationIsCreatedInTheDialogAndRunFromTheList() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		ConfigurationStore configs = context.getService(ui.waitFor("the configuration store",
				() -> Optional.ofNullable(context.getServiceReference(ConfigurationStore.class))));
		String unique = UUID.randomUUID().toString().substring(0, 8);
		String name = "ui-cfg-" + unique;
		String dataset = "ui-cfg-ds-" + unique;
		configs.saveDataset(new Dataset(dataset, List.of(new Prompt("a", "Say hi."), new Prompt("b", "Count to three."))));
		switchTo(PERSPECTIVES.get(1));
		Table list = (Table) showing("launch:configurations");

		inConfigurationDialog(() -> ui.click(ui.byId("launch:new", Button.class)), d -> {
			Table datasets = (Table) control(d, "config:datasets");
			assertTrue(names(datasets, 0).containsAll(List.of("builtin", dataset)), names(datasets, 0).toString());
			assertEquals("2", item(datasets, dataset).getText(1), "the prompt count");
			assertTrue(item(datasets, "builtin").getChecked(), "a new configuration uses the built-in prompts");
			assertEquals(List.of("builtin"), checked(datasets));
			Button save = button(d, "Save");
			// no name: refused by the model, the dialog stays
			((Spinner) control(d, "config:concurrency")).setSelection(2);
			((Spinner) control(d, "config:requests")).setSelection(6);
			((Spinner) control(d, "config:max-tokens")).setSelection(8);
			ui.click(save);
			Label message = (Label) control(d, "config:error");
			assertTrue(message.getText().contains("needs a name"), message.getText());
			ui.replaceText(field(d, "config:name"), name);

			check(datasets, item(datasets, dataset));
			assertEquals("1", item(datasets, dataset).getText(2), "weight 1 by default");
			editWeight(datasets, item(datasets, dataset), "0");
			assertTrue(message.getText().contains("'" + dataset + "' must be a whole number of at least 1"), message.getText());
			assertFalse(save.isEnabled(), "Save is disabled while a weight is bad");
			editWeight(datasets, item(datasets, dataset), "2.5");
			assertFalse(save.isEnabled(), "not a whole number");
			editWeight(datasets, item(datasets, dataset), "2");
			assertEquals("", message.getText());
			assertTrue(save.isEnabled());
			editWeight(datasets, item(datasets, "builtin"), "3");
			assertEquals(List.of("builtin", dataset), checked(datasets));
		}, d -> ui.click(button(d, "Save"))); // closes the dialog once saved off the UI thread

		var saved = configs.configuration(name).orElseThrow(() -> new AssertionError("not saved"));
		assertEquals(new io.deepstress.core.run.Load.ClosedLoop(2), saved.load());
		assertEquals(6, saved.limits().maxRequests());
		assertEquals(Integer.valueOf(8), saved.request().maxTokens());
		assertEquals(Endpoint.builtinSimulator().id(), saved.endpointId(), "the built-in simulator by default");
		assertEquals(List.of(new TestConfiguration.Share("builtin", 3), new TestConfiguration.Share(dataset, 2)),
				saved.datasets(), "the weights chosen");

		// the store refuses a second configuration of that name (ignoring case): the dialog stays open and says why
		inConfigurationDialog(() -> ui.click(ui.byId("launch:new", Button.class)), d -> {
			ui.replaceText(field(d, "config:name"), name.toUpperCase(Locale.ROOT));
			((Spinner) control(d, "config:requests")).setSelection(9);
			Button save = button(d, "Save");
			Label message = (Label) control(d, "config:error");
			save.notifyListeners(SWT.Selection, new Event()); // no event dispatched yet, so the answer cannot be back
			assertEquals("Saving...", message.getText());
			assertFalse(save.isEnabled(), "Save is disabled while saving");
			ui.waitUntil("the refusal", () -> message.getText().contains("already exists"));
			assertEquals("A test configuration named '" + name.toUpperCase(Locale.ROOT) + "' already exists",
					message.getText());
			assertEquals("deepstress-error", message.getData("org.eclipse.e4.ui.css.CssClassName"), "shown as an error");
			assertTrue(d.isVisible(), "the dialog stays open");
			assertTrue(save.isEnabled(), "Save is enabled again");
		}, d -> ui.click(button(d, "Cancel")));
		assertEquals(List.of(saved), configs.configurations().stream().filter(c -> c.name().equalsIgnoreCase(name)).toList(),
				"the saved configuration is unchanged");

		// editing shows the datasets checked with their weights
		ui.waitUntil("listed", () -> names(list, 0).contains(name));
		ui.click(list.getItem(names(list, 0).indexOf(name)));
		inConfigurationDialog(() -> ui.click(ui.byId("launch:edit", Button.class)), d -> {
			Table datasets = (Table) control(d, "config:datasets");
			assertEquals(List.of("builtin", dataset), checked(datasets));
			assertEquals("3", item(datasets, "builtin").getText(2));
			assertEquals("2", item(datasets, dataset).getText(2));
			assertEquals(name, field(d, "config:name").getText());
			ui.click(button(d, "Cancel"));
		});

		ui.click(list.getItem(names(list, 0).indexOf(name)));
		ui.click(ui.byId("launch:run-selected", Button.class));
		Label status = ui.byId("launch:status", Label.class);
		ui.waitUntil("the configuration ran", () -> status.getText().contains(name + " completed: 6 requests, 0 failed"),
				java.time.Duration.ofSeconds(60));

		// deleted from the list (off the UI thread)
		ui.click(list.getItem(names(list, 0).indexOf(name)));
		ui.click(ui.byId("launch:delete", Button.class));
		ui.waitUntil("deleted", () -> status.getText().equals("Deleted 1 configuration(s).")
				&& !names(list, 0).contains(name));
		assertTrue(configs.configuration(saved.id()).isEmpty(), "removed from the store");
		assertTrue(configs.removeDataset(dataset));
	}

	@Test
	void theEndpointChosenForAQuickTestStaysChosenWhileTheEndpointsChange() {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		EndpointRegistry registry = context.getService(ui.waitFor("the endpoint registry",
				() -> Optional.ofNullable(context.getServiceReference(EndpointRegistry.class))));
		String unique = UUID.randomUUID().toString().substring(0, 8);
		Endpoint chosen = registry.save(Endpoint.create("ui-quick-b-" + unique, "http://127.0.0.1:9/v1", ApiKind.CHAT, "m"));
		switchTo(PERSPECTIVES.get(1));
		Combo endpoint = (Combo) showing("launch:endpoint");
		ui.waitUntil("the new endpoint offered", () -> List.of(endpoint.getItems()).contains(chosen.name()));
		assertEquals(Endpoint.BUILTIN_SIMULATOR_NAME, endpoint.getText(), "the built-in simulator stays chosen");

		endpoint.select(endpoint.indexOf(chosen.name()));
		endpoint.notifyListeners(SWT.Selection, new Event());
		// one sorted before it: its position changes, the choice does not
		Endpoint other = registry.save(Endpoint.create("ui-quick-a-" + unique, "http://127.0.0.1:9/v1", ApiKind.CHAT, "m"));
		ui.waitUntil("the other endpoint offered", () -> List.of(endpoint.getItems()).contains(other.name()));
		assertEquals(chosen.name(), endpoint.getText(), "the user's choice is kept");
		// renamed: still the same endpoint
		Endpoint renamed = registry.save(new Endpoint(chosen.id(), "ui-quick-c-" + unique, chosen.baseUrl(),
				chosen.apiKind(), chosen.model()));
		ui.waitUntil("the new name offered", () -> List.of(endpoint.getItems()).contains(renamed.name()));
		assertEquals(renamed.name(), endpoint.getText(), "kept by id");
		// removed: the built-in simulator again
		assertTrue(registry.remove(chosen.id()));
		ui.waitUntil("the endpoint gone", () -> !List.of(endpoint.getItems()).contains(renamed.name()));
		assertEquals(Endpoint.BUILTIN_SIMULATOR_NAME, endpoint.getText(), "the built-in simulator when the choice is gone");
		assertTrue(registry.remove(other.id()));
		ui.waitUntil("the other endpoint gone", () -> !List.of(endpoint.getItems()).contains(other.name()));
	}

	/**
	 * Opens the configuration dialog with {@code open} and runs each step on it, one per turn of the dialog's
	 * event loop (a timer, as the dialog is modal); the last step must close it. A failing step closes the
	 * dialog and fails the test.
	 */
	@SafeVarargs
	private void inConfigurationDialog(Runnable open, java.util.function.Consumer<Shell>... steps) {
		AtomicReference<String> problem = new AtomicReference<>();
		java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
		long deadline = System.currentTimeMillis() + 30_000;
		Runnable inspector = new Runnable() {
			@Override
			public void run() {
				Optional<Shell> dialog = ui.find(Shell.class, sh -> "config-dialog".equals(sh.getData(UiDriver.ID_KEY))
						&& sh.isVisible());
				boolean late = System.currentTimeMillis() > deadline;
				if (done.get() == steps.length) { // the last step closes it
					if (dialog.isPresent() && late) {
						problem.set("the dialog stayed open after the last step:\n" + ui.dump());
						dialog.get().close();
					} else if (dialog.isPresent()) {
						ui.display().timerExec(50, this);
					}
					return;
				}
				if (dialog.isEmpty()) {
					if (late) {
						problem.set("the dialog did not open:\n" + ui.dump());
					} else {
						ui.display().timerExec(50, this);
					}
					return;
				}
				try {
					steps[done.get()].accept(dialog.get());
				} catch (Throwable failed) {
					problem.set("step " + done.get() + ": " + failed + "\n" + ui.dump());
					dialog.get().close();
					return;
				}
				done.incrementAndGet();
				ui.display().timerExec(50, this);
			}
		};
		ui.display().timerExec(50, inspector);
		open.run();
		ui.waitUntil("the dialog was used and closed", () -> problem.get() != null || done.get() == steps.length
				&& ui.find(Shell.class, sh -> "config-dialog".equals(sh.getData(UiDriver.ID_KEY)) && sh.isVisible()).isEmpty(),
				java.time.Duration.ofSeconds(30));
		assertNull(problem.get(), problem.get());
	}

	private Button button(Shell dialog, String label) {
		return ui.find(Button.class, b -> b.getShell() == dialog && label.equals(UiDriver.labelOf(b)))
				.orElseThrow(() -> new AssertionError("no button " + label));
	}

	private static TableItem item(Table table, String firstColumn) {
		return table.getItem(names(table, 0).indexOf(firstColumn));
	}

	private static List<String> checked(Table table) {
		List<String> names = new java.util.ArrayList<>();
		for (TableItem item : table.getItems()) {
			if (item.getChecked()) {
				names.add(item.getText(0));
			}
		}
		return names;
	}

	/** Ticks a row's check box as a click on it would. */
	private void check(Table table, TableItem row) {
		row.setChecked(true);
		Event event = new Event();
		event.detail = SWT.CHECK;
		event.item = row;
		table.notifyListeners(SWT.Selection, event);
		ui.pump(0);
	}

	/** Clicks into the weight cell of a row, types {@code weight} and presses Enter. */
	private void editWeight(Table table, TableItem row, String weight) {
		ui.click(row);
		Rectangle cell = row.getBounds(2);
		Event down = new Event();
		down.button = 1;
		down.x = cell.x + cell.width / 2;
		down.y = cell.y + cell.height / 2;
		table.notifyListeners(SWT.MouseDown, down);
		Text editor = ui.find(Text.class, t -> "config:weight".equals(t.getData(UiDriver.ID_KEY)) && t.isVisible())
				.orElseThrow(() -> new AssertionError("no weight editor after a click into the cell\n" + ui.dump()));
		ui.replaceText(editor, weight);
		editor.notifyListeners(SWT.DefaultSelection, new Event());
		ui.pump(0);
	}

	@Test
	void promptFilesAreImportedAsDatasets() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		ConfigurationStore configs = context.getService(ui.waitFor("the configuration store",
				() -> Optional.ofNullable(context.getServiceReference(ConfigurationStore.class))));
		String unique = UUID.randomUUID().toString().substring(0, 8);
		java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("deepstress.test.dir"), unique);
		java.nio.file.Files.createDirectories(dir);
		java.nio.file.Path good = dir.resolve("questions.jsonl");
		java.nio.file.Files.writeString(good, "{\"prompt\": \"What is a KV cache?\"}\nSay hi.\n\nCount to three.\n");
		java.nio.file.Path latin1 = dir.resolve("latin1.txt");
		java.nio.file.Files.write(latin1, new byte[] { 'c', 'a', 'f', (byte) 0xe9, '\n' });

		switchTo(PERSPECTIVES.get(1));
		Label status = ui.byId("launch:status", Label.class);
		ui.replaceText(ui.byId("launch:prompt-file", Text.class), latin1.toString());
		ui.click(ui.byId("launch:import", Button.class));
		ui.waitUntil("a clear refusal", () -> status.getText().startsWith("Cannot import") && status.getText().contains("UTF-8"));

		ui.replaceText(ui.byId("launch:prompt-file", Text.class), good.toString());
		ui.replaceText(ui.byId("launch:dataset-name", Text.class), "ui-ds-" + unique);
		ui.click(ui.byId("launch:import", Button.class));
		ui.waitUntil("imported", () -> status.getText().equals("Imported 3 prompts as dataset ui-ds-" + unique + "."));
		assertEquals(List.of("What is a KV cache?", "Say hi.", "Count to three."), configs.dataset("ui-ds-" + unique)
				.orElseThrow().prompts().stream().map(io.deepstress.core.model.Prompt::text).toList());
		ui.waitUntil("listed", () -> ui.byId("launch:datasets", Label.class).getText().contains("ui-ds-" + unique + " (3)"));
		assertTrue(configs.removeDataset("ui-ds-" + unique));
	}

	private static Text field(Shell shell, String id) {
		return (Text) control(shell, id);
	}

	private static Control control(Composite root, String id) {
		for (Control child : root.getChildren()) {
			if (id.equals(child.getData(UiDriver.ID_KEY))) {
				return child;
			}
			if (child instanceof Composite c) {
				Control found = control(c, id);
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}

	@Test
	void selectedRunsAreComparedSideBySide() throws Exception {
		RunStore store = service(RunStore.class);
		String unique = UUID.randomUUID().toString().substring(0, 8);
		long now = System.currentTimeMillis();
		StoredRuns.record(store, "cmp-a-" + unique, new RunOrigin("UI lab", "cmp-" + unique, null), 12, now - 2000);
		StoredRuns.record(store, "cmp-b-" + unique, new RunOrigin("UI lab", "cmp-" + unique, null), 8, now - 1000);

		switchTo(PERSPECTIVES.get(3));
		Table runs = (Table) showing("records:runs");
		ui.replaceText(ui.byId("records:configuration", Text.class), "cmp-" + unique);
		ui.click(ui.byId("records:refresh", Button.class));
		ui.waitUntil("the two runs listed", () -> runs.getItemCount() == 2);
		ui.click(ui.find(org.eclipse.swt.custom.CTabItem.class, t -> "Compare".equals(t.getText()))
				.orElseThrow(() -> new AssertionError("no Compare tab\n" + ui.dump())));
		Table compare = (Table) showing("records:compare");
		ui.selectRows(runs, 0, 1);
		ui.waitUntil("a column per run", () -> compare.getColumnCount() == 3);
		assertEquals("baseline: cmp-a-" + unique, compare.getColumn(1).getText(), "oldest first: a is the baseline");
		assertEquals("cmp-b-" + unique, compare.getColumn(2).getText());
		String[] requests = row(compare, "requests");
		assertEquals("12", requests[1]);
		assertEquals("8  (-33.3 %)", requests[2]);
		String[] throughput = row(compare, "throughput (req/s)");
		assertEquals("12 *", throughput[1], "more req/s is better");
		assertEquals("8  (-33.3 %)", throughput[2]);

		ui.selectRows(runs, 1);
		ui.waitUntil("one run: one value column", () -> compare.getColumnCount() == 2);
	}

	@Test
	void theSelectedRunIsCharted() throws Exception {
		RunStore store = service(RunStore.class);
		String unique = UUID.randomUUID().toString().substring(0, 8);
		StoredRuns.record(store, "chart-" + unique, new RunOrigin("UI lab", "chart-" + unique, null), 12);

		switchTo(PERSPECTIVES.get(3));
		Table runs = (Table) showing("records:runs");
		ui.replaceText(ui.byId("records:configuration", Text.class), "chart-" + unique);
		ui.click(ui.byId("records:refresh", Button.class));
		ui.waitUntil("the run listed", () -> runs.getItemCount() == 1);
		ui.click(ui.find(org.eclipse.swt.custom.CTabItem.class, t -> "Run Charts".equals(t.getText()))
				.orElseThrow(() -> new AssertionError("no Run Charts tab\n" + ui.dump())));
		Chart latency = (Chart) showing("records:chart-latency");
		Chart speed = (Chart) showing("records:chart-speed");
		ui.selectRows(runs, 0);
		ui.waitUntil("both charts have their series",
				() -> latency.getSeriesSet().getSeries().length == 1 && speed.getSeriesSet().getSeries().length == 1);
		double[] counts = latency.getSeriesSet().getSeries()[0].getYSeries();
		assertEquals(12.0, java.util.Arrays.stream(counts).sum(), "every successful request in the histogram");
		double[] charsPerSecond = speed.getSeriesSet().getSeries()[0].getYSeries();
		assertEquals(12, charsPerSecond.length, "one point per request");
		assertEquals(12 / 0.020, charsPerSecond[0], 1e-6, "12 chars in 20 ms");
		Label hint = ui.byId("records:chart-hint", Label.class);
		assertTrue(hint.getText().contains("12 successful requests"), hint.getText());
	}

	@Test
	void theGpusOfTheSelectedRunAreChartedOrTheirAbsenceSaid() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		RunStore store = service(RunStore.class);
		// what the GPU monitor does while a run is active: hand its samples to the store as a sink
		GpuSampleSink sink = context.getServiceReferences(GpuSampleSink.class, null).stream().map(context::getService)
				.filter(s -> s == store).findFirst().orElseThrow(() -> new AssertionError("the store is no GPU sample sink"));
		String unique = UUID.randomUUID().toString().substring(0, 8);
		String withGpu = StoredRuns.record(store, "gpu-a-" + unique, new RunOrigin("UI lab", "gpu-" + unique, null), 4);
		StoredRuns.record(store, "gpu-b-" + unique, new RunOrigin("UI lab", "gpu-" + unique, null), 4);
		long start = store.find(withGpu).orElseThrow().startEpochMillis();
		List<GpuSample> samples = new java.util.ArrayList<>();
		for (int i = 0; i < 5; i++) { // an H100 every 0.5 s: 10, 20, ... 50 %
			samples.add(new GpuSample(start + 500L * i, "box-" + unique, 0, "GPU-h-" + unique, "NVIDIA H100", 10.0 * (i + 1),
					1000L, 80_000L, 50.0, 300.0, 700.0, 1980L, null));
		}
		for (int i = 0; i < 3; i++) { // an A100 every second: 90, 89, 88 %
			samples.add(new GpuSample(start + 1000L * i, "box-" + unique, 1, "GPU-a-" + unique, "NVIDIA A100", 90.0 - i,
					1000L, 40_000L, 50.0, 300.0, 400.0, 1410L, null));
		}
		// a reading without a utilisation is left out, not drawn as 0
		samples.add(new GpuSample(start + 2500, "box-" + unique, 1, "GPU-a-" + unique, "NVIDIA A100", null, null, null,
				null, null, null, null, null));
		sink.accept(withGpu, samples);
		ui.waitUntil("the GPU samples stored", () -> store.gpuSamples(withGpu).size() == 9);

		switchTo(PERSPECTIVES.get(3));
		Table runs = (Table) showing("records:runs");
		ui.replaceText(ui.byId("records:configuration", Text.class), "gpu-" + unique);
		ui.click(ui.byId("records:refresh", Button.class));
		ui.waitUntil("the two runs listed", () -> runs.getItemCount() == 2);
		ui.click(ui.find(org.eclipse.swt.custom.CTabItem.class, t -> "Run Charts".equals(t.getText()))
				.orElseThrow(() -> new AssertionError("no Run Charts tab\n" + ui.dump())));
		Chart gpu = (Chart) showing("records:chart-gpu");
		ui.selectRows(runs, names(runs).indexOf("gpu-a-" + unique));
		ui.waitUntil("a line per GPU", () -> gpu.getSeriesSet().getSeries().length == 2 && UiDriver.isShowing(gpu));
		var h100 = gpu.getSeriesSet().getSeries("box-" + unique + "/GPU-h-" + unique);
		var a100 = gpu.getSeriesSet().getSeries("box-" + unique + "/GPU-a-" + unique);
		assertNotNull(h100, "the H100's line");
		assertNotNull(a100, "the A100's line");
		assertEquals("box-" + unique + " gpu0 NVIDIA H100", h100.getDescription());
		assertEquals(List.of(10.0, 20.0, 30.0, 40.0, 50.0), boxed(h100.getYSeries()));
		assertEquals(List.of(0.0, 0.5, 1.0, 1.5, 2.0), boxed(h100.getXSeries()), "seconds since the run's start");
		assertEquals(List.of(90.0, 89.0, 88.0), boxed(a100.getYSeries()), "the reading without a utilisation left out");
		assertEquals(List.of(0.0, 1.0, 2.0), boxed(a100.getXSeries()));
		Label none = ui.byId("records:chart-gpu-none", Label.class);
		assertFalse(UiDriver.isShowing(none), "no note while there is a chart");

		ui.selectRows(runs, names(runs).indexOf("gpu-b-" + unique));
		ui.waitUntil("the note instead of an empty chart", () -> UiDriver.isShowing(none) && !UiDriver.isShowing(gpu));
		assertEquals("No GPU telemetry was recorded with this run: watch a GPU in the GPU perspective while a test runs.",
				none.getText());
		assertEquals(0, gpu.getSeriesSet().getSeries().length);
	}

	@Test
	void selectedRunsAreDeletedAfterAConfirmationButNotWhileRunning() throws Exception {
		RunStore store = service(RunStore.class);
		String unique = UUID.randomUUID().toString().substring(0, 8);
		RunOrigin origin = new RunOrigin("UI lab", "del-" + unique, null);
		String a = StoredRuns.record(store, "del-a-" + unique, origin, 3);
		String b = StoredRuns.record(store, "del-b-" + unique, origin, 3);
		String c = StoredRuns.record(store, "del-c-" + unique, origin, 3);
		StoredRuns.Running running = StoredRuns.start(store, "del-live-" + unique, origin, 3);

		switchTo(PERSPECTIVES.get(3));
		Table runs = (Table) showing("records:runs");
		ui.replaceText(ui.byId("records:configuration", Text.class), "del-" + unique);
		ui.click(ui.byId("records:refresh", Button.class));
		ui.waitUntil("the four runs listed", () -> runs.getItemCount() == 4);
		Button delete = ui.byId("records:delete", Button.class);
		Label message = ui.byId("records:message", Label.class);
		ui.selectRows(runs);
		assertFalse(delete.isEnabled(), "nothing selected");

		// a running run cannot be deleted, and the view says why
		ui.selectRows(runs, names(runs).indexOf("del-live-" + unique), names(runs).indexOf("del-a-" + unique));
		assertFalse(delete.isEnabled(), "a running run is selected");
		assertEquals("'del-live-" + unique + "' is still running: it can be deleted once it has ended (its recorder would"
				+ " write it again).", message.getText());

		ui.selectRows(runs, names(runs).indexOf("del-a-" + unique));
		assertTrue(delete.isEnabled());
		assertEquals("", message.getText(), "the note went with the running run");
		String asked = confirmDeletion(() -> ui.click(delete), "Cancel");
		assertTrue(asked.startsWith("Delete the run 'del-a-" + unique + "' (started ") && asked.endsWith(
				" with its request and GPU samples? This cannot be undone."), asked);
		ui.pump(200);
		assertTrue(store.find(a).isPresent(), "cancelled: nothing deleted");
		assertEquals(4, runs.getItemCount());

		confirmDeletion(() -> ui.click(delete), "Delete");
		ui.waitUntil("deleted and gone from the list", () -> "Deleted the run.".equals(message.getText())
				&& !names(runs).contains("del-a-" + unique) && runs.getItemCount() == 3);
		assertTrue(store.find(a).isEmpty());

		ui.selectRows(runs, names(runs).indexOf("del-b-" + unique), names(runs).indexOf("del-c-" + unique));
		assertEquals("Delete these 2 runs with their request and GPU samples? This cannot be undone.",
				confirmDeletion(() -> ui.click(delete), "Delete"));
		ui.waitUntil("both deleted", () -> "Deleted 2 runs.".equals(message.getText())
				&& names(runs).equals(List.of("del-live-" + unique)));
		assertTrue(store.find(b).isEmpty() && store.find(c).isEmpty());

		// once it has ended, it can go too
		running.finish();
		ui.waitUntil("listed as completed", () -> runs.getItemCount() == 1 && "completed".equals(runs.getItem(0).getText(2)));
		ui.selectRows(runs, 0);
		assertTrue(delete.isEnabled(), "an ended run can be deleted");
		confirmDeletion(() -> ui.click(delete), "Delete");
		ui.waitUntil("the list is empty", () -> runs.getItemCount() == 0);
		assertTrue(store.find(running.id()).isEmpty());
	}

	@Test
	void theSelectedRunIsExportedAsJsonOrCsv() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		RunStore store = service(RunStore.class);
		String unique = UUID.randomUUID().toString().substring(0, 8);
		String id = StoredRuns.record(store, "exp run/" + unique, new RunOrigin("UI lab", "exp-" + unique, null), 5);
		StoredRuns.record(store, "exp-other-" + unique, new RunOrigin("UI lab", "exp-" + unique, null), 2);
		java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("deepstress.test.dir"), unique);
		java.nio.file.Files.createDirectories(dir);
		// the file the "user" chooses, instead of the native save dialog (the part's documented context variable)
		AtomicReference<String> suggested = new AtomicReference<>();
		AtomicReference<java.nio.file.Path> choice = new AtomicReference<>();
		java.util.function.Function<String, String> chooser = name -> {
			suggested.set(name);
			return choice.get() == null ? null : choice.get().toString();
		};
		application.getContext().set("io.deepstress.ui.records.exportFile", chooser);
		try {
			switchTo(PERSPECTIVES.get(3));
			Table runs = (Table) showing("records:runs");
			ui.replaceText(ui.byId("records:configuration", Text.class), "exp-" + unique);
			ui.click(ui.byId("records:refresh", Button.class));
			ui.waitUntil("the two runs listed", () -> runs.getItemCount() == 2);
			Button export = ui.byId("records:export", Button.class);
			Label message = ui.byId("records:message", Label.class);
			ui.selectRows(runs, 0, 1);
			assertFalse(export.isEnabled(), "one run at a time");
			ui.selectRows(runs, names(runs).indexOf("exp run/" + unique));
			assertTrue(export.isEnabled());

			java.nio.file.Path json = dir.resolve("run.json");
			choice.set(json);
			ui.click(export);
			assertEquals("exp_run_" + unique + ".json", suggested.get(), "a file name from the run's name");
			ui.waitUntil("exported as JSON", () -> message.getText().startsWith("Exported 'exp run/" + unique + "' as JSON to "
					+ json + " ("));
			com.fasterxml.jackson.databind.JsonNode parsed = new com.fasterxml.jackson.databind.ObjectMapper()
					.readTree(java.nio.file.Files.readString(json));
			assertEquals(id, parsed.path("run").path("runId").textValue());
			assertEquals(5, parsed.get("samples").size(), "every request sample");

			java.nio.file.Path csv = dir.resolve("run.CSV");
			choice.set(csv);
			ui.click(export);
			ui.waitUntil("exported as CSV", () -> message.getText().startsWith("Exported 'exp run/" + unique + "' as CSV to "));
			List<String> lines = java.nio.file.Files.readAllLines(csv);
			assertEquals(6, lines.size(), "a header and a line per request: " + lines);
			assertTrue(lines.get(0).startsWith("request_id,index,dataset,"), lines.get(0));
			for (int i = 0; i < 5; i++) {
				assertTrue(lines.get(1 + i).startsWith("r" + i + "," + i + ",d,"), lines.get(1 + i));
			}

			// refusals and failures are said in the label; cancelling says nothing
			choice.set(dir.resolve("run.txt"));
			ui.click(export);
			assertTrue(message.getText().startsWith("Export to a .json file"), message.getText());
			assertFalse(java.nio.file.Files.exists(dir.resolve("run.txt")));
			choice.set(dir.resolve("missing").resolve("run.json"));
			ui.click(export);
			ui.waitUntil("a write failure said", () -> message.getText().equals("Cannot write " + choice.get()
					+ ": no such directory."));
			choice.set(null);
			ui.click(export);
			ui.pump(100);
			assertTrue(message.getText().startsWith("Cannot write "), "unchanged by a cancelled choice");
		} finally {
			application.getContext().remove("io.deepstress.ui.records.exportFile");
		}
	}

	/**
	 * Opens the delete confirmation with {@code open} and answers it with the button {@code answer} from inside
	 * the dialog's own event loop (it is modal); returns the question it asked.
	 */
	private String confirmDeletion(Runnable open, String answer) {
		AtomicReference<String> asked = new AtomicReference<>();
		AtomicReference<String> problem = new AtomicReference<>();
		long deadline = System.currentTimeMillis() + 15_000;
		Runnable inspector = new Runnable() {
			@Override
			public void run() {
				Optional<Shell> dialog = ui.find(Shell.class, s -> "records:confirm-delete".equals(s.getData(UiDriver.ID_KEY))
						&& s.isVisible());
				if (dialog.isEmpty()) {
					if (System.currentTimeMillis() > deadline) {
						problem.set("no confirmation was asked:\n" + ui.dump());
					} else if (asked.get() == null) {
						ui.display().timerExec(50, this);
					}
					return;
				}
				asked.set(ui.find(Label.class, l -> l.getShell() == dialog.get() && l.getText().startsWith("Delete "))
						.map(Label::getText).orElse("(no question)"));
				ui.click(button(dialog.get(), answer));
			}
		};
		ui.display().timerExec(50, inspector);
		open.run();
		assertNull(problem.get(), problem.get());
		assertNotNull(asked.get(), "the confirmation was asked");
		return asked.get();
	}

	private static List<Double> boxed(double[] values) {
		return java.util.Arrays.stream(values).boxed().toList();
	}

	private static String[] row(Table table, String figure) {
		for (int i = 0; i < table.getItemCount(); i++) {
			if (figure.equals(table.getItem(i).getText(0))) {
				String[] cells = new String[table.getColumnCount()];
				for (int c = 0; c < cells.length; c++) {
					cells[c] = table.getItem(i).getText(c);
				}
				return cells;
			}
		}
		throw new AssertionError("no row " + figure);
	}

	private static List<String> names(Table table) {
		return names(table, 1);
	}

	@Test
	void endpointsAreAddedEditedAndDeletedWithTheKeyInSecureStorage() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		EndpointRegistry registry = context.getService(ui.waitFor("the endpoint registry",
				() -> Optional.ofNullable(context.getServiceReference(EndpointRegistry.class))));
		SecretStore secrets = context.getService(ui.waitFor("secure storage",
				() -> Optional.ofNullable(context.getServiceReference(SecretStore.class))));
		String unique = UUID.randomUUID().toString().substring(0, 8);
		switchTo(PERSPECTIVES.get(0));
		Table table = (Table) showing("models:endpoints");
		ui.click(ui.find(org.eclipse.swt.custom.CTabItem.class, t -> "Endpoint Details".equals(t.getText()))
				.orElseThrow(() -> new AssertionError("no Endpoint Details tab\n" + ui.dump())));
		showing("endpoint:name");

		ui.click(ui.byId("endpoint:new", Button.class));
		ui.replaceText(ui.byId("endpoint:name", Text.class), "UI ep " + unique);
		ui.replaceText(ui.byId("endpoint:url", Text.class), "http://127.0.0.1:9/v1");
		ui.replaceText(ui.byId("endpoint:model", Text.class), "m-ui");
		ui.replaceText(ui.byId("endpoint:headers", Text.class), "X-Team: perf");
		ui.replaceText(ui.byId("endpoint:api-key", Text.class), "sk-ui-" + unique);
		ui.click(ui.byId("endpoint:save", Button.class));
		Label message = ui.byId("endpoint:message", Label.class);
		ui.waitUntil("saved off the UI thread", () -> message.getText().startsWith("Saved UI ep " + unique));
		Endpoint saved = registry.list().stream().filter(e -> e.name().equals("UI ep " + unique)).findFirst()
				.orElseThrow(() -> new AssertionError(ui.byId("endpoint:message", Label.class).getText()));
		assertEquals(java.util.Map.of("X-Team", "perf"), saved.headers());
		assertEquals("m-ui", saved.model());
		assertEquals(Optional.of("sk-ui-" + unique), secrets.get(saved.secretKey()));
		ui.waitUntil("listed", () -> names(table, 0).contains("UI ep " + unique));
		assertEquals("", ui.byId("endpoint:api-key", Text.class).getText(), "the key is never shown again");

		ui.click(ui.byId("endpoint:new", Button.class));
		ui.replaceText(ui.byId("endpoint:name", Text.class), "bad " + unique);
		ui.replaceText(ui.byId("endpoint:url", Text.class), "ftp://x");
		ui.replaceText(ui.byId("endpoint:model", Text.class), "m");
		ui.click(ui.byId("endpoint:save", Button.class));
		assertTrue(ui.byId("endpoint:message", Label.class).getText().contains("http://"),
				ui.byId("endpoint:message", Label.class).getText());
		assertTrue(registry.list().stream().noneMatch(e -> e.name().equals("bad " + unique)), "nothing saved");

		int row = names(table, 0).indexOf("UI ep " + unique);
		ui.click(table.getItem(row));
		ui.waitUntil("the details show it", () -> ui.byId("endpoint:name", Text.class).getText().equals("UI ep " + unique));
		ui.click(ui.byId("endpoint:delete", Button.class));
		ui.waitUntil("deleted off the UI thread", () -> message.getText().equals("Deleted UI ep " + unique + "."));
		assertTrue(registry.find(saved.id()).isEmpty(), "deleted");
		assertTrue(secrets.get(saved.secretKey()).isEmpty(), "its key deleted with it");
		ui.waitUntil("gone from the list", () -> !names(table, 0).contains("UI ep " + unique));
	}

	private static List<String> names(Table table, int column) {
		List<String> names = new java.util.ArrayList<>();
		for (int i = 0; i < table.getItemCount(); i++) {
			names.add(table.getItem(i).getText(column));
		}
		return names;
	}

	@Test
	void gpuHostsAreSavedWithTheirSecretInSecureStorage() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		GpuHostRegistry hosts = context.getService(ui.waitFor("the GPU host registry",
				() -> Optional.ofNullable(context.getServiceReference(GpuHostRegistry.class))));
		SecretStore secrets = context.getService(ui.waitFor("secure storage",
				() -> Optional.ofNullable(context.getServiceReference(SecretStore.class))));
		String unique = UUID.randomUUID().toString().substring(0, 8);
		switchTo(PERSPECTIVES.get(0));
		ui.click(ui.find(org.eclipse.swt.custom.CTabItem.class, t -> "GPU Hosts".equals(t.getText()))
				.orElseThrow(() -> new AssertionError("no GPU Hosts tab\n" + ui.dump())));
		Table list = (Table) showing("gpuhost:list");

		ui.click(ui.byId("gpuhost:new", Button.class));
		ui.replaceText(ui.byId("gpuhost:name", Text.class), "box " + unique);
		ui.click(ui.byId("gpuhost:save", Button.class));
		assertTrue(ui.byId("gpuhost:message", Label.class).getText().contains("host name"),
				"an SSH host needs a host: " + ui.byId("gpuhost:message", Label.class).getText());
		assertTrue(hosts.byName("box " + unique).isEmpty(), "nothing saved");

		ui.replaceText(ui.byId("gpuhost:hostname", Text.class), "127.0.0.1");
		ui.replaceText(ui.byId("gpuhost:user", Text.class), "ops");
		Combo auth = ui.byId("gpuhost:auth", Combo.class);
		auth.select(1);
		auth.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
		ui.replaceText(ui.byId("gpuhost:secret", Text.class), "pw-" + unique);
		ui.click(ui.byId("gpuhost:save", Button.class));
		Label message = ui.byId("gpuhost:message", Label.class);
		ui.waitUntil("saved off the UI thread", () -> message.getText().startsWith("Saved box " + unique));
		GpuHost saved = hosts.byName("box " + unique)
				.orElseThrow(() -> new AssertionError(ui.byId("gpuhost:message", Label.class).getText()));
		assertEquals(GpuHost.Kind.SSH, saved.kind());
		assertEquals(GpuHost.Auth.PASSWORD, saved.auth());
		assertEquals(22, saved.port());
		assertEquals(Optional.of("pw-" + unique), secrets.get(saved.secretKey()));
		ui.waitUntil("listed", () -> names(list, 0).contains("box " + unique));
		assertEquals("", ui.byId("gpuhost:secret", Text.class).getText(), "the password is never shown again");

		ui.click(ui.byId("gpuhost:delete", Button.class));
		ui.waitUntil("deleted off the UI thread", () -> message.getText().equals("Deleted box " + unique + "."));
		assertTrue(hosts.byName("box " + unique).isEmpty());
		assertTrue(secrets.get(saved.secretKey()).isEmpty(), "its password deleted with it");
	}

	@Test
	void anUnknownSshHostKeyIsAskedAboutInADialog() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		io.deepstress.gpu.ssh.HostKeyConfirmer confirmer = context.getService(ui.waitFor("the workbench's host-key confirmer",
				() -> Optional.ofNullable(context.getServiceReference(io.deepstress.gpu.ssh.HostKeyConfirmer.class))));
		for (String choice : List.of("Trust this key", "Refuse")) {
			AtomicReference<String> shown = new AtomicReference<>();
			// the SSH provider asks from its connecting thread; the dialog comes up on the UI thread
			java.util.concurrent.CompletableFuture<Boolean> answer = java.util.concurrent.CompletableFuture
					.supplyAsync(() -> confirmer.confirm("gpu-box", 2222, "ssh-ed25519", "SHA256:uV3gTestFingerprint"));
			Runnable inspector = new Runnable() {
				@Override
				public void run() {
					Optional<Shell> dialog = ui.find(Shell.class, s -> "hostkey".equals(s.getData(UiDriver.ID_KEY))
							&& s.isVisible());
					if (dialog.isEmpty()) {
						if (!answer.isDone()) {
							ui.display().timerExec(50, this);
						}
						return;
					}
					shown.set(ui.find(Label.class, l -> l.getShell() == dialog.get() && l.getText().contains("SHA256"))
							.map(Label::getText).orElse(""));
					ui.click(ui.find(Button.class, b -> b.getShell() == dialog.get() && choice.equals(UiDriver.labelOf(b)))
							.orElseThrow(() -> new AssertionError("no button " + choice)));
				}
			};
			ui.display().timerExec(50, inspector);
			ui.waitUntil("the user answered", answer::isDone, java.time.Duration.ofSeconds(20));
			assertEquals(choice.startsWith("Trust"), answer.get(), choice);
			assertTrue(shown.get().contains("gpu-box port 2222") && shown.get().contains("ssh-ed25519 SHA256:uV3gTestFingerprint"),
					shown.get());
		}
	}

	@Test
	void aWatchedGpuSourceShowsItsGpusLive() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		GpuHostRegistry hosts = context.getService(ui.waitFor("the GPU host registry",
				() -> Optional.ofNullable(context.getServiceReference(GpuHostRegistry.class))));
		String unique = UUID.randomUUID().toString().substring(0, 8);
		// no GPU here: the fake nvidia-smi of the GPU tests prints an H100 and an A100
		java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("deepstress.test.dir"), unique);
		java.nio.file.Files.createDirectories(dir);
		java.nio.file.Path smi = dir.resolve("nvidia-smi");
		java.nio.file.Files.copy(java.nio.file.Path.of(System.getProperty("deepstress.test.fakesmi")), smi);
		assertTrue(smi.toFile().setExecutable(true));
		GpuHost host = hosts.save(new GpuHost("ui-smi-" + unique, "UI smi " + unique, GpuHost.Kind.LOCAL_SMI, null, 0,
				null, null, null, smi.toString()));

		switchTo(PERSPECTIVES.get(2));
		Table gpus = (Table) showing("gpu:monitor");
		ui.click(ui.find(org.eclipse.swt.custom.CTabItem.class, t -> "Telemetry Sources".equals(t.getText()))
				.orElseThrow(() -> new AssertionError("no Telemetry Sources tab\n" + ui.dump())));
		Combo choice = (Combo) showing("gpu:host");
		ui.waitUntil("the saved host offered", () -> java.util.Arrays.asList(choice.getItems()).stream()
				.anyMatch(i -> i.startsWith("UI smi " + unique)));
		int index = java.util.Arrays.asList(choice.getItems()).indexOf(java.util.Arrays.stream(choice.getItems())
				.filter(i -> i.startsWith("UI smi " + unique)).findFirst().orElseThrow());
		choice.select(index);
		ui.click(ui.byId("gpu:watch", Button.class));
		Table sources = (Table) showing("gpu:sources");
		try {
			ui.waitUntil("two GPUs of the watched host listed", () -> names(gpus, 0).stream()
					.filter(h -> h.equals("localhost") || h.equals("UI smi " + unique)).count() >= 2
					&& names(gpus, 2).stream().anyMatch(n -> n.contains("H100")), java.time.Duration.ofSeconds(20));
			ui.waitUntil("the source is ok", () -> names(sources, 0).contains("UI smi " + unique)
					&& names(sources, 1).get(names(sources, 0).indexOf("UI smi " + unique)).equals("ok"));
			org.eclipse.swtchart.Chart chart = ui.byId("gpu:chart", org.eclipse.swtchart.Chart.class);
			assertTrue(chart.getSeriesSet().getSeries().length >= 2, "a utilisation line per GPU");
		} finally {
			sources.deselectAll();
			ui.click(ui.byId("gpu:unwatch", Button.class));
			hosts.remove(host.id());
		}
		ui.waitUntil("no longer watched", () -> !names(sources, 0).contains("UI smi " + unique));
	}

	@Test
	void resetPerspectiveRestoresTheContributedLayout() {
		String gpu = PERSPECTIVES.get(2);
		switchTo(gpu);
		MPart sources = (MPart) modelService.find("io.deepstress.ui.gpu.part.sources", stack().getSelectedElement());
		MPartStack original = (MPartStack) (Object) sources.getParent();
		MPartStack other = (MPartStack) modelService.find("io.deepstress.ui.gpu.stack.1", stack().getSelectedElement());
		assertNotSame(original, other);

		// the user drags "Telemetry Sources" into the other stack
		other.getChildren().add(sources);
		ui.pump(50);
		assertSame(other, sources.getParent());

		execute("io.deepstress.ui.command.resetperspective");
		ui.waitUntil("GPU perspective reset", () -> stack().getSelectedElement() != null
				&& gpu.equals(stack().getSelectedElement().getElementId())
				&& ((MPart) modelService.find("io.deepstress.ui.gpu.part.sources", stack().getSelectedElement()))
						.getParent().getElementId().equals("io.deepstress.ui.gpu.stack.2"));
		assertEquals(1, stack().getChildren().stream().filter(p -> gpu.equals(p.getElementId())).count(),
				"the old copy is gone");
		showing("gpu:monitor");
	}

	@Test
	void aboutShowsVersionJavaAndDataDirectory() {
		AtomicReference<String> version = new AtomicReference<>();
		AtomicReference<String> java = new AtomicReference<>();
		AtomicReference<String> data = new AtomicReference<>();
		AtomicReference<String> problem = new AtomicReference<>();
		long deadline = System.currentTimeMillis() + 15_000;
		// the dialog is modal: inspect and close it from inside its own event loop
		Runnable inspector = new Runnable() {
			@Override
			public void run() {
				Optional<Shell> about = ui.find(Shell.class, s -> "about".equals(s.getData(UiDriver.ID_KEY)) && s.isVisible());
				if (about.isEmpty()) {
					if (System.currentTimeMillis() > deadline) {
						problem.set("the About dialog did not open:\n" + ui.dump());
						return;
					}
					ui.display().timerExec(50, this);
					return;
				}
				version.set(text(about.get(), "about:version"));
				java.set(text(about.get(), "about:java"));
				data.set(text(about.get(), "about:data"));
				ui.click(ui.find(Button.class, b -> b.getShell() == about.get() && "Close".equals(UiDriver.labelOf(b)))
						.orElseThrow(() -> new AssertionError("no Close button")));
			}
		};
		ui.display().timerExec(50, inspector);
		execute("io.deepstress.ui.command.about");
		assertNull(problem.get(), problem.get());
		assertNotNull(version.get(), "the dialog was inspected");
		assertTrue(version.get().startsWith("0.1.0"), version.get());
		assertTrue(java.get().startsWith(System.getProperty("java.version")), java.get());
		assertTrue(data.get().contains("data"), "the harness' -data directory: " + data.get());
	}

	@Test
	void pluginsAreListedFromARepositoryInTheHelpMenusDialog() {
		// Help > Plug-ins..., from the plug-ins bundle's model fragment, just before About
		MMenu help = (MMenu) window.getMainMenu().getChildren().stream()
				.filter(m -> "io.deepstress.ui.menu.help".equals(m.getElementId())).findFirst().orElseThrow();
		List<String> items = help.getChildren().stream().map(MMenuElement::getElementId).toList();
		int plugins = items.indexOf("io.deepstress.ui.plugins.menuitem.manage");
		assertTrue(plugins >= 0 && plugins < items.indexOf("io.deepstress.ui.menuitem.about"), items.toString());

		String repository = System.getProperty("deepstress.test.samplerepo");
		List<String> seen = new java.util.ArrayList<>();
		AtomicReference<String> problem = new AtomicReference<>();
		long deadline = System.currentTimeMillis() + 30_000;
		// the dialog is modal: drive it from inside its own event loop, one step per tick
		Runnable driver = new Runnable() {
			int step;

			@Override
			public void run() {
				try {
					Optional<Shell> dialog = ui.find(Shell.class, s -> "plugins".equals(s.getData(UiDriver.ID_KEY)) && s.isVisible());
					if (System.currentTimeMillis() > deadline) {
						problem.set("stuck at step " + step + ", seen " + seen + ":\n" + ui.dump());
						dialog.ifPresent(Shell::close);
						return;
					}
					if (dialog.isPresent() && advance(dialog.get())) {
						step++;
					}
					if (step < 6) {
						ui.display().timerExec(50, this);
					}
				} catch (RuntimeException | AssertionError e) {
					problem.set("step " + step + ": " + e + "\n" + ui.dump());
					ui.find(Shell.class, s -> "plugins".equals(s.getData(UiDriver.ID_KEY))).ifPresent(Shell::close);
				}
			}

			private String message(Shell dialog) {
				return ui.find(Label.class, l -> l.getShell() == dialog && "plugins:message".equals(l.getData(UiDriver.ID_KEY)))
						.orElseThrow().getText();
			}

			private <W extends org.eclipse.swt.widgets.Widget> W in(Shell dialog, String id, Class<W> type) {
				return ui.find(type, w -> (!(w instanceof Control c) || c.getShell() == dialog) && id.equals(w.getData(UiDriver.ID_KEY)))
						.orElseThrow(() -> new AssertionError("no " + id));
			}

			private boolean advance(Shell dialog) {
				String message = message(dialog);
				switch (step) {
					case 0 -> { // the installed list: the test launch has no p2 profile, and says so
						if (!message.contains("installed DeepStress product")) {
							return false;
						}
						seen.add("installed: " + message);
						ui.replaceText(in(dialog, "plugins:repo", Text.class), repository + "/nowhere");
						ui.click(in(dialog, "plugins:show", Button.class));
						return true;
					}
					case 1 -> { // a path that does not exist is refused before p2 is asked
						if (!message.contains("no such directory or file")) {
							return false;
						}
						seen.add("missing: " + message);
						ui.replaceText(in(dialog, "plugins:repo", Text.class), repository + "/plugins");
						ui.click(in(dialog, "plugins:show", Button.class));
						return true;
					}
					case 2 -> { // a directory that is no p2 repository: p2's refusal, with the place named
						if (!message.startsWith("Cannot read the p2 repository")) {
							return false;
						}
						seen.add("not a repository: " + message);
						ui.replaceText(in(dialog, "plugins:repo", Text.class), repository);
						ui.click(in(dialog, "plugins:show", Button.class));
						return true;
					}
					case 3 -> { // the sample repository's one plug-in, not installed
						Table table = in(dialog, "plugins:available", Table.class);
						if (table.getItemCount() == 0) {
							return false;
						}
						TableItem row = table.getItem(0);
						seen.add("available: " + row.getText(0) + " | " + row.getText(2) + " | " + row.getText(3) + " | " + message);
						assertFalse(in(dialog, "plugins:install", Button.class).isEnabled(), "nothing checked yet");
						row.setChecked(true);
						ui.click(row);
						ui.click(in(dialog, "plugins:install", Button.class));
						return true;
					}
					case 4 -> { // installing needs an installed product: refused with the reason, the dialog usable
						if (!message.contains("installed DeepStress product") || !in(dialog, "plugins:install", Button.class).isEnabled()) {
							return false;
						}
						seen.add("install: " + message);
						return true;
					}
					default -> {
						ui.click(ui.find(Button.class, b -> b.getShell() == dialog && "Close".equals(UiDriver.labelOf(b)))
								.orElseThrow(() -> new AssertionError("no Close button")));
						return true;
					}
				}
			}
		};
		ui.display().timerExec(50, driver);
		execute("io.deepstress.ui.plugins.command.manage");
		assertNull(problem.get(), problem.get());
		assertEquals(5, seen.size(), seen.toString());
		assertTrue(seen.get(2).contains("/plugins"), seen.get(2));
		assertTrue(seen.get(3).startsWith("available: Sample coding prompts | io.deepstress.sample.feature |  | 1 plug-in(s)"),
				seen.get(3));
		assertTrue(seen.get(4).contains("Plug-ins can only be managed in an installed DeepStress product"), seen.get(4));
	}

	private static String text(Composite root, String id) {
		for (Control child : root.getChildren()) {
			if (child instanceof Text t && id.equals(t.getData(UiDriver.ID_KEY))) {
				return t.getText();
			}
			if (child instanceof Composite c) {
				String found = text(c, id);
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}

	private void execute(String commandId) {
		IEclipseContext context = window.getContext();
		ECommandService commands = context.get(ECommandService.class);
		EHandlerService handlers = context.get(EHandlerService.class);
		ParameterizedCommand command = commands.createCommand(commandId, null);
		assertNotNull(command, commandId);
		assertTrue(handlers.canExecute(command), commandId + " is enabled");
		handlers.executeHandler(command);
		ui.pump(0);
	}

	@Test
	void anEndpointSavedUnderAnExistingNameIsRefusedAndWhatWasTypedStays() {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		EndpointRegistry registry = context.getService(ui.waitFor("the endpoint registry",
				() -> Optional.ofNullable(context.getServiceReference(EndpointRegistry.class))));
		SecretStore secrets = context.getService(ui.waitFor("secure storage",
				() -> Optional.ofNullable(context.getServiceReference(SecretStore.class))));
		String unique = UUID.randomUUID().toString().substring(0, 8);
		Endpoint existing = registry.save(Endpoint.create("UI dup " + unique, "http://127.0.0.1:9/v1", ApiKind.CHAT, "m"));
		try {
			switchTo(PERSPECTIVES.get(0));
			Table table = (Table) showing("models:endpoints");
			ui.click(ui.find(org.eclipse.swt.custom.CTabItem.class, t -> "Endpoint Details".equals(t.getText()))
					.orElseThrow(() -> new AssertionError("no Endpoint Details tab\n" + ui.dump())));
			Text name = (Text) showing("endpoint:name");
			Text apiKey = ui.byId("endpoint:api-key", Text.class);
			Button save = ui.byId("endpoint:save", Button.class);
			Label message = ui.byId("endpoint:message", Label.class);

			// the registry refuses a second endpoint of that name (ignoring case): said as an error, the fields kept
			ui.click(ui.byId("endpoint:new", Button.class));
			String taken = existing.name().toUpperCase(Locale.ROOT);
			ui.replaceText(name, taken);
			ui.replaceText(ui.byId("endpoint:url", Text.class), "http://127.0.0.1:10/v1");
			ui.replaceText(ui.byId("endpoint:model", Text.class), "m-dup");
			ui.replaceText(ui.byId("endpoint:headers", Text.class), "X-Dup: 1");
			ui.replaceText(apiKey, "sk-dup-" + unique);
			save.notifyListeners(SWT.Selection, new Event()); // no event dispatched yet, so the answer cannot be back
			assertEquals("Saving...", message.getText());
			assertFalse(save.isEnabled(), "Save is disabled while saving");
			assertFalse(ui.byId("endpoint:new", Button.class).isEnabled(), "New is disabled while saving");
			assertFalse(ui.byId("endpoint:delete", Button.class).isEnabled(), "Delete is disabled while saving");
			ui.waitUntil("the refusal", () -> message.getText().contains("already exists"));
			assertEquals("An endpoint named '" + taken + "' already exists", message.getText());
			assertEquals("deepstress-error", message.getData("org.eclipse.e4.ui.css.CssClassName"), "shown as an error");
			assertTrue(save.isEnabled(), "Save is enabled again");
			assertEquals(taken, name.getText(), "what was typed stays");
			assertEquals("http://127.0.0.1:10/v1", ui.byId("endpoint:url", Text.class).getText());
			assertEquals("m-dup", ui.byId("endpoint:model", Text.class).getText());
			assertEquals("X-Dup: 1", ui.byId("endpoint:headers", Text.class).getText());
			assertEquals("sk-dup-" + unique, apiKey.getText(), "the key typed stays, to save under another name");
			assertEquals(List.of(existing), registry.list().stream()
					.filter(e -> e.name().equalsIgnoreCase(existing.name())).toList(), "the existing endpoint is unchanged");
			assertTrue(secrets.get(existing.secretKey()).isEmpty(), "no key stored for the existing endpoint");

			// under another name it is saved, with its key in secure storage
			ui.replaceText(name, "UI dup2 " + unique);
			ui.click(save);
			ui.waitUntil("saved", () -> message.getText().equals("Saved UI dup2 " + unique
					+ "; the API key is in secure storage."));
			Endpoint second = registry.list().stream().filter(e -> e.name().equals("UI dup2 " + unique)).findFirst()
					.orElseThrow(() -> new AssertionError("not saved"));
			assertEquals(Optional.of("sk-dup-" + unique), secrets.get(second.secretKey()));
			assertEquals("", apiKey.getText(), "the key is never shown again");

			// the selected endpoint renamed: the list follows, the selection, the form and the outcome stay
			ui.waitUntil("listed", () -> names(table, 0).contains("UI dup2 " + unique));
			ui.click(table.getItem(names(table, 0).indexOf("UI dup2 " + unique)));
			ui.waitUntil("its key state shown", () -> ui.byId("endpoint:key-state", Label.class).getText()
					.startsWith("A key is stored in secure storage"));
			ui.replaceText(name, "UI dup3 " + unique);
			ui.click(save);
			ui.waitUntil("renamed in the list", () -> names(table, 0).contains("UI dup3 " + unique)
					&& !names(table, 0).contains("UI dup2 " + unique));
			ui.pump(200);
			assertEquals("Saved UI dup3 " + unique + ".", message.getText(), "the outcome stays shown");
			assertEquals("UI dup3 " + unique, name.getText());
			assertEquals(1, table.getSelectionCount(), "the renamed endpoint stays selected");
			assertEquals("UI dup3 " + unique, table.getSelection()[0].getText(0));
			assertEquals(Optional.of("sk-dup-" + unique), secrets.get(second.secretKey()), "the key kept");
		} finally {
			for (Endpoint e : registry.list()) {
				if (e.name().contains(unique)) {
					registry.remove(e.id());
					secrets.remove(e.secretKey());
				}
			}
		}
	}

	@Test
	void aGpuHostSavedUnderAnExistingNameIsRefusedAndWhatWasTypedStays() {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		GpuHostRegistry hosts = context.getService(ui.waitFor("the GPU host registry",
				() -> Optional.ofNullable(context.getServiceReference(GpuHostRegistry.class))));
		SecretStore secrets = context.getService(ui.waitFor("secure storage",
				() -> Optional.ofNullable(context.getServiceReference(SecretStore.class))));
		String unique = UUID.randomUUID().toString().substring(0, 8);
		GpuHost existing = hosts.save(new GpuHost("ui-dup-" + unique, "UI box " + unique, GpuHost.Kind.LOCAL_SMI, null, 0,
				null, null, null, null));
		try {
			switchTo(PERSPECTIVES.get(0));
			ui.click(ui.find(org.eclipse.swt.custom.CTabItem.class, t -> "GPU Hosts".equals(t.getText()))
					.orElseThrow(() -> new AssertionError("no GPU Hosts tab\n" + ui.dump())));
			showing("gpuhost:list");
			ui.click(ui.byId("gpuhost:new", Button.class));
			String taken = existing.name().toUpperCase(Locale.ROOT);
			ui.replaceText(ui.byId("gpuhost:name", Text.class), taken);
			ui.replaceText(ui.byId("gpuhost:hostname", Text.class), "127.0.0.1");
			ui.replaceText(ui.byId("gpuhost:user", Text.class), "ops");
			Combo auth = ui.byId("gpuhost:auth", Combo.class);
			auth.select(1);
			auth.notifyListeners(SWT.Selection, new Event());
			ui.replaceText(ui.byId("gpuhost:secret", Text.class), "pw-dup-" + unique);
			Button save = ui.byId("gpuhost:save", Button.class);
			Label message = ui.byId("gpuhost:message", Label.class);
			save.notifyListeners(SWT.Selection, new Event()); // no event dispatched yet, so the answer cannot be back
			assertEquals("Saving...", message.getText());
			assertFalse(save.isEnabled(), "Save is disabled while saving");
			ui.waitUntil("the refusal", () -> message.getText().contains("already exists"));
			assertEquals("A GPU host named '" + taken + "' already exists", message.getText());
			assertEquals("deepstress-error", message.getData("org.eclipse.e4.ui.css.CssClassName"), "shown as an error");
			assertTrue(save.isEnabled(), "Save is enabled again");
			assertEquals(taken, ui.byId("gpuhost:name", Text.class).getText(), "what was typed stays");
			assertEquals("127.0.0.1", ui.byId("gpuhost:hostname", Text.class).getText());
			assertEquals("ops", ui.byId("gpuhost:user", Text.class).getText());
			assertEquals(Optional.of(existing), hosts.byName(existing.name()), "the existing host is unchanged");
			assertTrue(secrets.get(existing.secretKey()).isEmpty(), "no secret stored for the existing host");
		} finally {
			hosts.remove(existing.id());
		}
	}

	@Test
	void aSweepFromTheQuickTestRunsOneRecordedRunPerLevelInOneBatch() throws Exception {
		RunStore store = service(RunStore.class);
		switchTo(PERSPECTIVES.get(1));
		Combo endpoint = (Combo) showing("launch:endpoint");
		ui.waitUntil("the built-in simulator is chosen first", () -> Endpoint.BUILTIN_SIMULATOR_NAME.equals(endpoint.getText()));
		Text sweep = ui.byId("launch:sweep", Text.class);
		try {
			ui.byId("launch:requests", Spinner.class).setSelection(6);
			ui.byId("launch:max-tokens", Spinner.class).setSelection(8);
			ui.replaceText(sweep, "1, 2");
			assertFalse(ui.byId("launch:concurrency", Spinner.class).isEnabled(), "a sweep sets the concurrency");
			ui.click(ui.byId("launch:start", Button.class));
			Label status = ui.byId("launch:status", Label.class);
			ui.waitUntil("the sweep completed", () -> status.getText().contains("completed: 6 requests, 0 failed")
					&& status.getText().contains("(2 runs)"), java.time.Duration.ofSeconds(60));
			assertTrue(status.getText().startsWith(Endpoint.BUILTIN_SIMULATOR_NAME + " c2 completed"), status.getText());
			assertTrue(ui.byId("launch:start", Button.class).isEnabled(), "Start is enabled again");
			ui.waitUntil("the live view says which level ran last",
					() -> "level 2 of 2: concurrency 2".equals(ui.byId("live:level", Label.class).getText()));

			List<io.deepstress.core.run.RunSummary> summaries = twoLevelsRecordedInOneBatch(store,
					Endpoint.BUILTIN_SIMULATOR_NAME, 6, null);
			for (int i = 0; i < 2; i++) {
				assertEquals(i + 1, summaries.get(i).concurrency());
			}

			ui.click(ui.find(org.eclipse.swt.custom.CTabItem.class, t -> "Statistics".equals(t.getText()))
					.orElseThrow(() -> new AssertionError("no Statistics tab\n" + ui.dump())));
			Table runs = (Table) showing("statistics:runs");
			ui.waitUntil("a summary per level", () -> runs.getItemCount() == 2);
			for (int i = 0; i < 2; i++) {
				assertEquals(Endpoint.BUILTIN_SIMULATOR_NAME + " c" + (i + 1), runs.getItem(i).getText(0));
				assertEquals("completed", runs.getItem(i).getText(1));
				assertEquals(Integer.toString(i + 1), runs.getItem(i).getText(2));
				assertEquals("6", runs.getItem(i).getText(3));
			}
			Table overall = (Table) showing("statistics:overall");
			assertEquals("6 (6 ok, 0 failed, 6 attempts)", overall.getItem(0).getText(1));
			Label title = ui.byId("statistics:title", Label.class);
			assertEquals(Endpoint.BUILTIN_SIMULATOR_NAME + " c2 — completed (run 2 of 2)", title.getText());
			ui.selectRows(runs, 0);
			ui.waitUntil("the first level's figures", () -> title.getText().endsWith("(run 1 of 2)"));
		} finally {
			ui.replaceText(sweep, "");
		}
		assertTrue(ui.byId("launch:concurrency", Spinner.class).isEnabled(), "no sweep: the concurrency counts");
	}

	@Test
	void aBadSweepEntryIsRefusedAndNothingStarts() throws Exception {
		RunStore store = service(RunStore.class);
		switchTo(PERSPECTIVES.get(1));
		Combo endpoint = (Combo) showing("launch:endpoint");
		ui.waitUntil("the built-in simulator is chosen first", () -> Endpoint.BUILTIN_SIMULATOR_NAME.equals(endpoint.getText()));
		Text sweep = ui.byId("launch:sweep", Text.class);
		Label status = ui.byId("launch:status", Label.class);
		Button start = ui.byId("launch:start", Button.class);
		long before = store.count(RunQuery.all(1));
		try {
			for (String[] bad : new String[][] { { "1,x", "'x'" }, { "8, 0", "'0'" }, { "1,,2", "''" }, { "-4", "'-4'" },
					{ "2.5", "'2.5'" }, { "5000", "'5000'" } }) {
				ui.replaceText(sweep, bad[0]);
				start.notifyListeners(SWT.Selection, new Event());
				assertEquals("Cannot start: Sweep: " + bad[1] + " is not a concurrency level (a whole number from 1 to 4096;"
						+ " levels separated by commas, e.g. 1,8,32,128)", status.getText(), bad[0]);
				assertEquals("deepstress-error", status.getData("org.eclipse.e4.ui.css.CssClassName"), "shown as an error");
				assertTrue(start.isEnabled(), "nothing started: " + bad[0]);
				assertFalse(ui.byId("launch:stop", Button.class).isEnabled(), "nothing to stop: " + bad[0]);
			}
			ui.pump(300);
			assertEquals(before, store.count(RunQuery.all(1)), "no run recorded");
		} finally {
			ui.replaceText(sweep, "");
		}
	}

	@Test
	void theCompareChartShowsAPointPerComparedRun() throws Exception {
		RunStore store = service(RunStore.class);
		String unique = UUID.randomUUID().toString().substring(0, 8);
		String batch = UUID.randomUUID().toString();
		// named as a sweep's runs are: the chart shows only what differs ("c1", "c8", "c32")
		String prefix = "sweep-" + unique + " ";
		StoredRuns.record(store, prefix + "c1", new RunOrigin("UI lab", "sweep-" + unique, batch), 4);
		StoredRuns.record(store, prefix + "c8", new RunOrigin("UI lab", "sweep-" + unique, batch), 10);
		StoredRuns.record(store, prefix + "c32", new RunOrigin("UI lab", "sweep-" + unique, batch), 16);

		switchTo(PERSPECTIVES.get(3));
		Table runs = (Table) showing("records:runs");
		ui.replaceText(ui.byId("records:configuration", Text.class), "sweep-" + unique);
		ui.click(ui.byId("records:refresh", Button.class));
		ui.waitUntil("the three runs listed", () -> runs.getItemCount() == 3);
		ui.click(ui.find(org.eclipse.swt.custom.CTabItem.class, t -> "Compare".equals(t.getText()))
				.orElseThrow(() -> new AssertionError("no Compare tab\n" + ui.dump())));
		Chart chart = (Chart) showing("records:compare-chart");
		ui.selectRows(runs, 0, 1, 2);
		ui.waitUntil("a point per run", () -> chart.getAxisSet().getXAxis(0).getCategorySeries().length == 3);
		Table compare = ui.byId("records:compare", Table.class);
		List<String> names = java.util.Arrays.asList(chart.getAxisSet().getXAxis(0).getCategorySeries());
		List<String> columns = new java.util.ArrayList<>();
		for (int i = 1; i < compare.getColumnCount(); i++) {
			columns.add(compare.getColumn(i).getText().replace("baseline: ", "").replace(prefix, ""));
		}
		assertEquals(columns, names, "the runs in the comparison's order, by what differs in their names");
		assertEquals(java.util.Set.of("c1", "c8", "c32"), java.util.Set.copyOf(names));
		double[] throughput = chart.getSeriesSet().getSeries("output tok/s").getYSeries();
		double[] ttft = chart.getSeriesSet().getSeries("TTFT p50 (ms)").getYSeries();
		assertEquals(3, throughput.length, "one throughput point per run");
		assertEquals(3, ttft.length, "one TTFT point per run");
		String[] tokens = row(compare, "output tokens (tok/s)");
		String[] ttftRow = row(compare, "TTFT p50 (ms)");
		for (int i = 0; i < 3; i++) {
			int requests = java.util.Map.of("c1", 4, "c8", 10, "c32", 16).get(names.get(i));
			assertEquals(4.0 * requests, throughput[i], 1e-9, "the run's output tok/s: " + names.get(i));
			assertEquals(5.0, ttft[i], 1e-9, "the run's TTFT p50: " + names.get(i));
			assertTrue(tokens[i + 1].startsWith(String.format(Locale.ROOT, "%.0f", throughput[i])), tokens[i + 1]);
			assertTrue(ttftRow[i + 1].startsWith("5"), ttftRow[i + 1]);
		}
		assertEquals("run", chart.getAxisSet().getXAxis(0).getTitle().getText());
		for (var y : chart.getAxisSet().getYAxes()) {
			assertEquals(0.0, y.getRange().lower, 1e-9, "both figures from zero: " + y.getTitle().getText());
			assertTrue(y.getRange().upper > 0, y.getTitle().getText());
		}
		assertEquals(2, chart.getAxisSet().getYAxes().length, "throughput and TTFT on their own axes");
		assertNotSame(chart.getSeriesSet().getSeries("output tok/s").getYAxisId(),
				chart.getSeriesSet().getSeries("TTFT p50 (ms)").getYAxisId());

		ui.selectRows(runs, 0);
		ui.waitUntil("one run: one point", () -> chart.getAxisSet().getXAxis(0).getCategorySeries().length == 1
				&& chart.getSeriesSet().getSeries("output tok/s").getYSeries().length == 1);
		assertEquals(List.of(runs.getItem(0).getText(1)), List.of(chart.getAxisSet().getXAxis(0).getCategorySeries()),
				"the selected run, by name");
		ui.selectRows(runs);
		ui.waitUntil("nothing compared: no points", () -> chart.getAxisSet().getXAxis(0).getCategorySeries().length == 1
				&& chart.getAxisSet().getXAxis(0).getCategorySeries()[0].isEmpty()
				&& chart.getSeriesSet().getSeries("output tok/s").getYSeries().length == 0
				&& chart.getSeriesSet().getSeries("TTFT p50 (ms)").getYSeries().length == 0);
	}

	@Test
	void stopCancelsTheRunningLevelAndTheRestOfTheSweep() throws Exception {
		RunStore store = service(RunStore.class);
		switchTo(PERSPECTIVES.get(1));
		Combo endpoint = (Combo) showing("launch:endpoint");
		ui.waitUntil("the built-in simulator is chosen first", () -> Endpoint.BUILTIN_SIMULATOR_NAME.equals(endpoint.getText()));
		Text sweep = ui.byId("launch:sweep", Text.class);
		Spinner requests = ui.byId("launch:requests", Spinner.class);
		int requestsBefore = requests.getSelection();
		try {
			requests.setSelection(1_000_000);
			ui.byId("launch:max-tokens", Spinner.class).setSelection(64);
			ui.replaceText(sweep, "1,2,3");
			ui.click(ui.byId("launch:start", Button.class));
			Label level = ui.byId("live:level", Label.class);
			ui.waitUntil("the first level running", () -> "level 1 of 3: concurrency 1".equals(level.getText())
					&& !"–".equals(ui.byId("live:sent", Label.class).getText()), java.time.Duration.ofSeconds(30));
			Button stop = ui.byId("launch:stop", Button.class);
			assertTrue(stop.isEnabled());
			ui.click(stop);
			Label status = ui.byId("launch:status", Label.class);
			ui.waitUntil("the sweep stopped", () -> status.getText().contains(" cancelled: ")
					&& ui.byId("launch:start", Button.class).isEnabled(), java.time.Duration.ofSeconds(30));
			assertTrue(status.getText().startsWith(Endpoint.BUILTIN_SIMULATOR_NAME + " c1 cancelled"), status.getText());
			assertFalse(status.getText().contains("runs)"), "one run: " + status.getText());
			@SuppressWarnings("unchecked")
			List<io.deepstress.core.run.RunSummary> summaries = (List<io.deepstress.core.run.RunSummary>) application
					.getContext().get("io.deepstress.launch.summaries");
			assertEquals(1, summaries.size(), "the levels after the stopped one did not run");
			String id = summaries.get(0).runId();
			ui.waitUntil("the stopped level recorded as cancelled", () -> store.record(id)
					.map(r -> r.summary().status() == io.deepstress.core.run.RunStatus.CANCELLED).orElse(false));
			String batch = store.record(id).orElseThrow().origin().batchId();
			assertNotNull(batch);
			ui.pump(500);
			assertEquals(1, store.count(RunQuery.all(10).withBatch(batch)), "nothing recorded for the other levels");
		} finally {
			ui.replaceText(sweep, "");
			requests.setSelection(requestsBefore);
		}
	}

	@Test
	void showItsBatchListsTheBatchOldestFirstWithTheOtherFiltersUntilCleared() throws Exception {
		RunStore store = service(RunStore.class);
		String unique = UUID.randomUUID().toString().substring(0, 8);
		String lab = "Batch lab " + unique;
		String batch = UUID.randomUUID().toString();
		long start = System.currentTimeMillis() - 60_000;
		// recorded out of their start order: the list orders by start, not by when a run was written
		StoredRuns.record(store, "b-c8-" + unique, new RunOrigin(lab, "x-" + unique, batch), 10, start + 1000);
		StoredRuns.record(store, "b-c1-" + unique, new RunOrigin(lab, "x-" + unique, batch), 4, start);
		StoredRuns.record(store, "alone-" + unique, new RunOrigin(lab, "x-" + unique, null), 5, start + 1500);
		StoredRuns.record(store, "b-c32-" + unique, new RunOrigin(lab, "y-" + unique, batch), 16, start + 2000);
		StoredRuns.record(store, "other-batch-" + unique, new RunOrigin(lab, "x-" + unique, UUID.randomUUID().toString()),
				3, start + 3000);

		switchTo(PERSPECTIVES.get(3));
		Table runs = (Table) showing("records:runs");
		Text endpoint = ui.byId("records:endpoint", Text.class);
		Text configuration = ui.byId("records:configuration", Text.class);
		Button show = ui.byId("records:batch", Button.class);
		Button clear = ui.byId("records:batch-clear", Button.class);
		int batchColumn = columnIndex(runs, "Batch");
		List<String> all = List.of("other-batch-" + unique, "b-c32-" + unique, "alone-" + unique, "b-c8-" + unique,
				"b-c1-" + unique);
		List<String> oldestFirst = List.of("b-c1-" + unique, "b-c8-" + unique, "b-c32-" + unique);
		try {
			ui.replaceText(configuration, "");
			ui.replaceText(endpoint, lab);
			ui.click(ui.byId("records:refresh", Button.class));
			ui.waitUntil("the five runs listed newest first", () -> names(runs).equals(all));
			assertFalse(UiDriver.isShowing(clear), "no batch filter yet");
			assertEquals(batch.substring(0, 8), runs.getItem(1).getText(batchColumn), "a batch's short id");
			assertEquals("—", runs.getItem(2).getText(batchColumn), "a run alone has no batch");

			ui.selectRows(runs);
			assertFalse(show.isEnabled(), "nothing selected: no batch to show");
			ui.selectRows(runs, 2);
			assertFalse(show.isEnabled(), "a run alone has no batch to show");
			ui.selectRows(runs, 0, 1);
			assertFalse(show.isEnabled(), "runs of two batches: which one?");
			ui.selectRows(runs, 1, 3);
			assertTrue(show.isEnabled(), "runs of one batch");
			ui.selectRows(runs, 1);
			ui.click(show);
			ui.waitUntil("exactly the batch, oldest first", () -> names(runs).equals(oldestFirst));
			showing("records:batch-clear");
			Label filter = ui.byId("records:batch-filter", Label.class);
			assertTrue(filter.getText().contains(batch.substring(0, 8)), filter.getText());
			assertEquals(1, runs.getSelectionCount(), "the selected run stays selected");
			assertEquals("b-c32-" + unique, runs.getSelection()[0].getText(1));
			assertFalse(show.isEnabled(), "its batch is shown already");
			Label summary = ui.byId("records:summary", Label.class);
			ui.waitUntil("the summary counts the batch", () -> summary.getText().startsWith("3 shown, 3 matching"));

			// the other filters narrow the batch further
			ui.replaceText(configuration, "x-" + unique);
			ui.click(ui.byId("records:refresh", Button.class));
			ui.waitUntil("the batch's runs of configuration x", () -> names(runs).equals(List.of("b-c1-" + unique,
					"b-c8-" + unique)));
			ui.replaceText(configuration, "");
			ui.click(ui.byId("records:refresh", Button.class));
			ui.waitUntil("the whole batch again", () -> names(runs).equals(oldestFirst));

			ui.click(clear);
			ui.waitUntil("every run again, newest first", () -> names(runs).equals(all));
			ui.waitUntil("the batch filter gone", () -> !UiDriver.isShowing(clear));
			ui.selectRows(runs, 3);
			assertTrue(show.isEnabled(), "a run's batch can be shown again");
		} finally {
			if (UiDriver.isShowing(clear)) {
				ui.click(clear);
			}
			ui.replaceText(endpoint, "");
			ui.replaceText(configuration, "");
			ui.click(ui.byId("records:refresh", Button.class));
		}
	}

	@Test
	void runsSelectedNewestFirstAreComparedOldestFirst() throws Exception {
		RunStore store = service(RunStore.class);
		String unique = UUID.randomUUID().toString().substring(0, 8);
		String batch = UUID.randomUUID().toString();
		long start = System.currentTimeMillis() - 30_000;
		StoredRuns.record(store, "lv-c1-" + unique, new RunOrigin("UI lab", "levels-" + unique, batch), 4, start);
		StoredRuns.record(store, "lv-c8-" + unique, new RunOrigin("UI lab", "levels-" + unique, batch), 10, start + 1000);
		StoredRuns.record(store, "lv-c32-" + unique, new RunOrigin("UI lab", "levels-" + unique, batch), 16, start + 2000);

		switchTo(PERSPECTIVES.get(3));
		Table runs = (Table) showing("records:runs");
		Text configuration = ui.byId("records:configuration", Text.class);
		try {
			ui.replaceText(configuration, "levels-" + unique);
			ui.click(ui.byId("records:refresh", Button.class));
			List<String> newestFirst = List.of("lv-c32-" + unique, "lv-c8-" + unique, "lv-c1-" + unique);
			ui.waitUntil("the three runs listed newest first", () -> names(runs).equals(newestFirst));
			ui.click(ui.find(org.eclipse.swt.custom.CTabItem.class, t -> "Compare".equals(t.getText()))
					.orElseThrow(() -> new AssertionError("no Compare tab\n" + ui.dump())));
			Chart chart = (Chart) showing("records:compare-chart");
			Table compare = ui.byId("records:compare", Table.class);
			ui.selectRows(runs, 0, 1, 2);
			List<String> oldestFirst = List.of("lv-c1-" + unique, "lv-c8-" + unique, "lv-c32-" + unique);
			ui.waitUntil("a column per run", () -> compare.getColumnCount() == 4
					&& oldestFirst.stream().allMatch(n -> String.join(",", columnTitles(compare)).contains(n)));
			assertEquals(List.of("Figure", "baseline: lv-c1-" + unique, "lv-c8-" + unique, "lv-c32-" + unique),
					List.of(compare.getColumn(0).getText(), compare.getColumn(1).getText(), compare.getColumn(2).getText(),
							compare.getColumn(3).getText()), "the lowest level first, the baseline");
			String[] requests = row(compare, "requests");
			assertEquals(List.of("4", "10  (+150.0 %)", "16  (+300.0 %)"), List.of(requests[1], requests[2], requests[3]),
					"changes against the oldest run");
			ui.waitUntil("a point per run", () -> java.util.Set.of(chart.getAxisSet().getXAxis(0).getCategorySeries())
					.equals(java.util.Set.copyOf(oldestFirst)));
			assertEquals(oldestFirst, List.of(chart.getAxisSet().getXAxis(0).getCategorySeries()), "oldest first on the x axis");
			double[] throughput = chart.getSeriesSet().getSeries("output tok/s").getYSeries();
			assertEquals(3, throughput.length);
			assertEquals(16.0, throughput[0], 1e-9, "c1's output tok/s first");
			assertEquals(40.0, throughput[1], 1e-9);
			assertEquals(64.0, throughput[2], 1e-9, "c32's output tok/s last");

			// "Show its batch" lists the levels oldest first, and the comparison reads the same
			ui.click(ui.byId("records:batch", Button.class));
			ui.waitUntil("the batch oldest first", () -> names(runs).equals(oldestFirst));
			ui.selectRows(runs, 2, 0);
			ui.waitUntil("two runs compared", () -> compare.getColumnCount() == 3
					&& String.join(",", columnTitles(compare)).contains("lv-c32-" + unique));
			assertEquals("baseline: lv-c1-" + unique, compare.getColumn(1).getText());
			assertEquals("lv-c32-" + unique, compare.getColumn(2).getText());
		} finally {
			Button clear = ui.byId("records:batch-clear", Button.class);
			if (UiDriver.isShowing(clear)) {
				ui.click(clear);
			}
			ui.replaceText(configuration, "");
			ui.click(ui.byId("records:refresh", Button.class));
		}
	}

	private static List<String> columnTitles(Table table) {
		List<String> titles = new java.util.ArrayList<>();
		for (int i = 0; i < table.getColumnCount(); i++) {
			titles.add(table.getColumn(i).getText());
		}
		return titles;
	}

	private static int columnIndex(Table table, String title) {
		for (int i = 0; i < table.getColumnCount(); i++) {
			if (title.equals(table.getColumn(i).getText())) {
				return i;
			}
		}
		throw new AssertionError("no column " + title);
	}

	@Test
	void aSweepConfigurationMadeInTheDialogRunsOneRecordedRunPerLevelInOneBatch() throws Exception {
		ConfigurationStore configs = service(ConfigurationStore.class);
		RunStore store = service(RunStore.class);
		String name = "ui-sweep-" + UUID.randomUUID().toString().substring(0, 8);
		switchTo(PERSPECTIVES.get(1));
		Table list = (Table) showing("launch:configurations");
		String hint = ui.byId("launch:sweep", Text.class).getMessage();

		inConfigurationDialog(() -> ui.click(ui.byId("launch:new", Button.class)), d -> {
			Text sweep = field(d, "config:sweep");
			assertEquals(hint, sweep.getMessage(), "the quick test's hint");
			ui.replaceText(field(d, "config:name"), name);
			((Spinner) control(d, "config:requests")).setSelection(4);
			((Spinner) control(d, "config:max-tokens")).setSelection(8);
			ui.replaceText(sweep, "1,2.5");
			assertFalse(control(d, "config:concurrency").isEnabled(), "a closed loop's sweep sets the concurrency");
			ui.click(button(d, "Save"));
			Label message = (Label) control(d, "config:error");
			assertEquals("Sweep: '2.5' is not a concurrency level (a whole number from 1 to 4096; levels separated by"
					+ " commas, e.g. 1,8,32,128)", message.getText());
			assertEquals("deepstress-error", message.getData("org.eclipse.e4.ui.css.CssClassName"), "shown as an error");
			assertTrue(d.isVisible(), "the dialog stays open");
			ui.replaceText(sweep, "1, 2");
		}, d -> ui.click(button(d, "Save")));

		TestConfiguration saved = configs.configuration(name).orElseThrow(() -> new AssertionError("not saved"));
		try {
			assertEquals(List.of(1.0, 2.0), saved.sweep());
			assertEquals(Endpoint.builtinSimulator().id(), saved.endpointId());
			ui.waitUntil("listed", () -> names(list, 0).contains(name));
			assertEquals("sweep concurrency 1,2", item(list, name).getText(2));
			ui.click(item(list, name));
			inConfigurationDialog(() -> ui.click(ui.byId("launch:edit", Button.class)), d -> {
				assertEquals("1,2", field(d, "config:sweep").getText(), "the levels shown again");
				ui.click(button(d, "Cancel"));
			});

			ui.click(item(list, name));
			ui.click(ui.byId("launch:run-selected", Button.class));
			Label status = ui.byId("launch:status", Label.class);
			ui.waitUntil("both levels ran", () -> status.getText().startsWith(name + " c2 completed: 4 requests, 0 failed")
					&& status.getText().contains("(2 runs)"), java.time.Duration.ofSeconds(60));
			ui.waitUntil("the live view says which level ran last",
					() -> "level 2 of 2: concurrency 2".equals(ui.byId("live:level", Label.class).getText()));

			twoLevelsRecordedInOneBatch(store, name, 4, name);
		} finally {
			configs.removeConfiguration(saved.id());
		}
	}
}
