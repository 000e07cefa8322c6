package io.deepstress.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.e4.ui.model.application.ui.advanced.MPerspective;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.basic.MPartStack;
import org.eclipse.e4.ui.model.application.ui.menu.MMenu;
import org.eclipse.e4.ui.model.application.ui.menu.MMenuElement;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.Test;

import io.deepstress.ui.testkit.UiDriver;

/** The application itself: perspectives from their bundles in order, the switcher, Reset Perspective, About and Help > Plug-ins. */
class ApplicationTest extends WorkbenchFixture {

	@Test
	void aFullDiskShowsInTheWindowTitleUntilAWriteSucceedsAgain() {
		org.osgi.service.event.EventAdmin bus = service(org.osgi.service.event.EventAdmin.class);
		org.eclipse.e4.ui.model.application.ui.basic.MWindow window = application.getChildren().get(0);
		String before = window.getLabel();
		String message = "The disk holding the records database is full: tmpfs (tmpfs), path /data/db, 12 KB free."
				+ " Results are kept in memory (up to 200000 per run) and written when space is freed.";
		// what the store posts (rate-limited) when a write finds the disk full
		bus.postEvent(new org.osgi.service.event.Event(io.deepstress.core.events.RecordTopics.FAILED,
				java.util.Map.of(io.deepstress.core.events.DeepStressTopics.DATA, message)));
		ui.waitUntil("the disk-full title", () -> "DeepStress \u2014 disk full: records not saved yet".equals(window.getLabel()));
		assertEquals(message, window.getTooltip());
		// the next successful write
		bus.postEvent(new org.osgi.service.event.Event(io.deepstress.core.events.RecordTopics.CHANGED,
				java.util.Map.of(io.deepstress.core.events.DeepStressTopics.DATA, "some-run")));
		ui.waitUntil("the title back", () -> "DeepStress".equals(window.getLabel()));
		assertEquals("DeepStress", before, "the records store works in the test workbench");
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
					case 3 -> { // the sample repository's plug-ins (coding prompts, AMD GPU source), not installed
						Table table = in(dialog, "plugins:available", Table.class);
						TableItem row = null;
						for (TableItem item : table.getItems()) {
							if ("io.deepstress.sample.feature".equals(item.getText(2))) {
								row = item;
							}
						}
						if (row == null) {
							return false;
						}
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
		assertTrue(seen.get(3).startsWith("available: Sample coding prompts | io.deepstress.sample.feature |  | 2 plug-in(s)"),
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
}
