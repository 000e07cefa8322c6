package io.deepstress.ui.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.core.commands.ParameterizedCommand;
import org.eclipse.e4.core.commands.ECommandService;
import org.eclipse.e4.core.commands.EHandlerService;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.advanced.MPerspectiveStack;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.IWorkbench;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.ToolItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

import io.deepstress.ui.testkit.UiDriver;

/**
 * What every workbench test class shares: the running application (found before each test), its services,
 * the perspective switcher, commands, and the log check after each test. All classes run in the one
 * workbench that Tycho's UI harness starts, one after another; a test leaves the views as it found them
 * (filters cleared, fields emptied) where later tests read them.
 */
abstract class WorkbenchFixture {

	static final String STACK = "io.deepstress.ui.perspectivestack";
	/** The perspectives in the switcher's order: Models, Test, GPU, Records. */
	static final List<String> PERSPECTIVES = List.of("io.deepstress.ui.models.perspective",
			"io.deepstress.ui.launch.perspective", "io.deepstress.ui.gpu.perspective",
			"io.deepstress.ui.records.perspective");

	final UiDriver ui = UiDriver.onCurrentThread();
	MApplication application;
	EModelService modelService;
	MWindow window;
	private long logBefore;

	@BeforeEach
	void findWorkbench() {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		ServiceReference<IWorkbench> reference = ui.waitFor("the e4 workbench service",
				() -> Optional.ofNullable(context.getServiceReference(IWorkbench.class)));
		application = context.getService(reference).getApplication();
		modelService = application.getContext().get(EModelService.class);
		window = application.getChildren().get(0);
		ui.waitUntil("main window visible", () -> window.getWidget() instanceof Shell s && s.isVisible());
		resetRecordsFilters();
		logBefore = workbenchLogSize();
	}

	/**
	 * The tests share one workbench: a Records filter an earlier test typed (a configuration, an endpoint, a status,
	 * a batch) would hide the runs of the next one. Each test starts with the Records list unfiltered.
	 */
	private void resetRecordsFilters() {
		boolean changed = false;
		for (String id : List.of("records:configuration", "records:endpoint")) {
			Optional<org.eclipse.swt.widgets.Text> text = ui.find(org.eclipse.swt.widgets.Text.class,
					t -> id.equals(t.getData(UiDriver.ID_KEY)));
			if (text.isPresent() && !text.get().getText().isEmpty()) {
				text.get().setText("");
				changed = true;
			}
		}
		Optional<org.eclipse.swt.widgets.Combo> status = ui.find(org.eclipse.swt.widgets.Combo.class,
				c -> "records:status".equals(c.getData(UiDriver.ID_KEY)));
		if (status.isPresent() && status.get().getSelectionIndex() != 0) {
			status.get().select(0);
			changed = true;
		}
		Optional<Button> allRuns = ui.find(Button.class, b -> "records:batch-clear".equals(b.getData(UiDriver.ID_KEY)));
		if (allRuns.isPresent() && allRuns.get().getParent().getVisible()) {
			allRuns.get().notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
			changed = false; // showing all runs refreshes the list
		}
		Optional<Button> refresh = ui.find(Button.class, b -> "records:refresh".equals(b.getData(UiDriver.ID_KEY)));
		if (changed && refresh.isPresent()) {
			refresh.get().notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
		}
		ui.pump(0);
	}

	/**
	 * An exception in a part (an injection, a renderer, an event handler) only shows an error dialog and a
	 * log entry: a test fails on the errors its own steps logged, instead of a later test timing out.
	 */
	@AfterEach
	void noErrorsLogged() throws IOException {
		ui.pump(0);
		Path log = workbenchLog();
		if (!Files.exists(log) || Files.size(log) <= logBefore) {
			return;
		}
		byte[] all = Files.readAllBytes(log);
		String added = new String(all, (int) Math.min(logBefore, all.length), (int) (all.length - Math.min(logBefore, all.length)),
				StandardCharsets.UTF_8);
		List<String> errors = added.lines().filter(l -> l.matches("^!ENTRY \\S+ 4 .*")).toList();
		assertTrue(errors.isEmpty(), "the workbench logged errors during this test:\n" + added);
	}

	/** Where the workbench logs: {@code .metadata/.log} of the instance area (the harness' -data). */
	static Path workbenchLog() {
		String area = System.getProperty("osgi.instance.area");
		assertNotNull(area, "osgi.instance.area");
		return Path.of(URI.create(area.replace(" ", "%20"))).resolve(".metadata/.log");
	}

	private static long workbenchLogSize() {
		try {
			Path log = workbenchLog();
			return Files.exists(log) ? Files.size(log) : 0;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** A DeepStress service of the running workbench, waited for. */
	<T> T service(Class<T> type) {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		return context.getService(ui.waitFor("the " + type.getSimpleName() + " service",
				() -> Optional.ofNullable(context.getServiceReference(type))));
	}

	MPerspectiveStack stack() {
		return (MPerspectiveStack) modelService.find(STACK, application);
	}

	/** Clicks the perspective's switcher item and waits until it is the selected one. */
	void switchTo(String perspectiveId) {
		ToolItem item = ui.byId("perspective:" + perspectiveId, ToolItem.class);
		ui.click(item);
		ui.waitUntil("perspective " + perspectiveId + " selected",
				() -> stack().getSelectedElement() != null
						&& perspectiveId.equals(stack().getSelectedElement().getElementId()));
		assertTrue(item.getSelection(), "the switcher shows the selected perspective");
		assertNotNull(item.getImage(), "the perspective icon from its bundle");
	}

	/** The widget with this id, once it shows. */
	Control showing(String widgetId) {
		Control control = ui.byId(widgetId, Control.class);
		ui.waitUntil(widgetId + " showing", () -> UiDriver.isShowing(control));
		return control;
	}

	/** Executes a command of the application as its menu item would, after checking it is enabled. */
	void execute(String commandId) {
		IEclipseContext context = window.getContext();
		ECommandService commands = context.get(ECommandService.class);
		EHandlerService handlers = context.get(EHandlerService.class);
		ParameterizedCommand command = commands.createCommand(commandId, null);
		assertNotNull(command, commandId);
		assertTrue(handlers.canExecute(command), commandId + " is enabled");
		handlers.executeHandler(command);
		ui.pump(0);
	}

	/** The button of a dialog, by its label. */
	Button button(Shell dialog, String label) {
		return ui.find(Button.class, b -> b.getShell() == dialog && label.equals(UiDriver.labelOf(b)))
				.orElseThrow(() -> new AssertionError("no button " + label));
	}

	/** A table's texts in one column, row by row. */
	static List<String> names(Table table, int column) {
		List<String> names = new ArrayList<>();
		for (int i = 0; i < table.getItemCount(); i++) {
			names.add(table.getItem(i).getText(column));
		}
		return names;
	}

	/**
	 * Opens the configuration dialog with {@code open} and runs each step on it, one per turn of the dialog's
	 * event loop (a timer, as the dialog is modal); the last step must close it. A failing step closes the
	 * dialog and fails the test.
	 */
	@SafeVarargs
	final void inConfigurationDialog(Runnable open, java.util.function.Consumer<Shell>... steps) {
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

	/** The text field of a dialog with this id. */
	static Text field(Shell shell, String id) {
		return (Text) control(shell, id);
	}

	static Control control(Composite root, String id) {
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
}
