package io.deepstress.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swtchart.Chart;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.gpu.GpuSampleSink;
import io.deepstress.core.run.RunOrigin;
import io.deepstress.core.services.RunStore;
import io.deepstress.ui.testkit.UiDriver;

/** The Records perspective: the runs listed, filtered, charted, compared, deleted and exported; batches. */
class RecordsPerspectiveTest extends WorkbenchFixture {

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
		ui.waitUntil("a column per run and b's verdict", () -> compare.getColumnCount() == 4);
		assertEquals("baseline: cmp-a-" + unique, compare.getColumn(1).getText(), "oldest first: a is the baseline");
		assertEquals("cmp-b-" + unique, compare.getColumn(2).getText());
		assertEquals("verdict: cmp-b-" + unique, compare.getColumn(3).getText());
		assertEquals("not enough data", row(compare, "TTFT p50 (ms)")[3], "8 requests are no evidence");
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
		RunStore store = service(RunStore.class);
		// what the GPU monitor does while a run is active: hand its samples to the store as a sink
		GpuSampleSink sink = StoredRuns.gpuSink(store);
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

			// the list's context menu runs the same commands as the buttons
			org.eclipse.swt.widgets.Menu menu = runs.getMenu();
			assertNotNull(menu, "the list has a context menu");
			menu.notifyListeners(SWT.Show, new Event());
			MenuItem fromMenu = menuItem(menu, "Export…");
			ui.waitUntil("Export… enabled for one run", fromMenu::isEnabled);
			assertFalse(menuItem(menu, "Delete…").isDisposed(), "Delete… beside it");
			java.nio.file.Path viaMenu = dir.resolve("menu.json");
			choice.set(viaMenu);
			ui.click(fromMenu);
			menu.notifyListeners(SWT.Hide, new Event());
			ui.waitUntil("exported from the menu", () -> message.getText().startsWith("Exported 'exp run/" + unique
					+ "' as JSON to " + viaMenu + " ("));
			assertEquals(id, new com.fasterxml.jackson.databind.ObjectMapper()
					.readTree(java.nio.file.Files.readString(viaMenu)).path("run").path("runId").textValue());
		} finally {
			application.getContext().remove("io.deepstress.ui.records.exportFile");
		}
	}

	@Test
	void theCompareViewJudgesARunAgainstTheBaselineAndAReportIsExported() throws Exception {
		RunStore store = service(RunStore.class);
		String unique = UUID.randomUUID().toString().substring(0, 8);
		long now = System.currentTimeMillis();
		RunOrigin origin = new RunOrigin("UI lab", "verdict-" + unique, null);
		StoredRuns.recordWithTtft(store, "fast-" + unique, origin, 40, now - 2000, 5);
		String slow = StoredRuns.recordWithTtft(store, "slow-" + unique, origin, 40, now - 1000, 9);
		java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("deepstress.test.dir"), "report-" + unique);
		java.nio.file.Files.createDirectories(dir);
		AtomicReference<String> suggested = new AtomicReference<>();
		java.nio.file.Path file = dir.resolve("slow.html");
		java.util.function.Function<String, String> chooser = name -> {
			suggested.set(name);
			return file.toString();
		};
		application.getContext().set("io.deepstress.ui.records.reportFile", chooser);
		try {
			switchTo(PERSPECTIVES.get(3));
			Table runs = (Table) showing("records:runs");
			ui.replaceText(ui.byId("records:configuration", Text.class), "verdict-" + unique);
			ui.click(ui.byId("records:refresh", Button.class));
			ui.waitUntil("the two runs listed", () -> runs.getItemCount() == 2);
			ui.click(ui.find(org.eclipse.swt.custom.CTabItem.class, t -> "Compare".equals(t.getText()))
					.orElseThrow(() -> new AssertionError("no Compare tab\n" + ui.dump())));
			Table compare = (Table) showing("records:compare");
			ui.selectRows(runs, 0, 1);
			ui.waitUntil("the verdict column", () -> compare.getColumnCount() == 4);
			assertEquals("verdict: slow-" + unique, compare.getColumn(3).getText());
			String ttft = row(compare, "TTFT p50 (ms)")[3];
			assertTrue(ttft.startsWith("worse: +4.00 ["), "5 → 9 ms is worse: " + ttft);
			assertTrue(ttft.endsWith("] ms"), ttft);
			assertEquals("no significant change", row(compare, "E2E p50 (ms)")[3], "E2E stayed at 20 ms");
			assertEquals("", row(compare, "requests")[3], "no verdict on a count");

			// File > Export Report… is in the main menu; the Runs list's context menu runs the same command
			org.eclipse.swt.widgets.Menu bar = runs.getShell().getMenuBar();
			assertNotNull(bar, "the main menu");
			org.eclipse.swt.widgets.Menu fileMenu = menuItem(bar, "&File").getMenu();
			fileMenu.notifyListeners(SWT.Show, new Event());
			List<String> fileItems = java.util.Arrays.stream(fileMenu.getItems()).map(MenuItem::getText).toList();
			fileMenu.notifyListeners(SWT.Hide, new Event());
			assertTrue(fileItems.indexOf("Export &Report…") >= 0
					&& fileItems.indexOf("Export &Report…") < fileItems.indexOf("&Quit"), "File > Export Report… before Quit: "
							+ fileItems);
			ui.selectRows(runs, names(runs).indexOf("slow-" + unique));
			org.eclipse.swt.widgets.Menu menu = runs.getMenu();
			menu.notifyListeners(SWT.Show, new Event());
			MenuItem report = menuItem(menu, "Export Report…");
			ui.waitUntil("Export Report… enabled for one run", report::isEnabled);
			ui.click(report);
			menu.notifyListeners(SWT.Hide, new Event());
			Label message = ui.byId("records:message", Label.class);
			ui.waitUntil("the report written", () -> message.getText().startsWith("Wrote the report to " + file));
			assertEquals("slow-" + unique + ".html", suggested.get());
			String html = java.nio.file.Files.readString(file);
			assertTrue(html.contains("data-chart=\"latency\"") && html.contains("<section id=\"statistics\""), html);
			assertTrue(html.contains(slow), "the report of the selected run");
			assertFalse(html.contains("<script"), "no script");
		} finally {
			application.getContext().remove("io.deepstress.ui.records.reportFile");
		}
	}

	private MenuItem menuItem(org.eclipse.swt.widgets.Menu menu, String label) {
		return java.util.Arrays.stream(menu.getItems()).filter(i -> i.getText().startsWith(label)).findFirst()
				.orElseThrow(() -> new AssertionError("no menu item " + label + "\n" + ui.dump()));
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
			if (!compare.getColumn(i).getText().startsWith("verdict: ")) {
				columns.add(compare.getColumn(i).getText().replace("baseline: ", "").replace(prefix, ""));
			}
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
			// the batch is a stored capacity search: its answer is shown under the batch filter
			service(io.deepstress.core.capacity.CapacityStore.class).save(new io.deepstress.core.capacity.CapacityRecord(
					batch, "b-" + unique, io.deepstress.core.capacity.CapacityRecord.COMPLETE, "found",
					"8 concurrent users at TTFT <= 500 ms (95 % CI 8-31), goodput 3 req/s",
					io.deepstress.core.capacity.CapacityRequest.By.CONCURRENCY, "ttft<=500ms", 1, 32, 10_000, 3, 0.95, 1,
					0.1, 8, 8, 31, "cliff", List.of(), start, start));
			ui.selectRows(runs, 1);
			ui.click(show);
			ui.waitUntil("exactly the batch, oldest first", () -> names(runs).equals(oldestFirst));
			Label capacity = ui.byId("records:batch-capacity", Label.class);
			ui.waitUntil("the search's answer shown", () -> capacity.getText().equals("Capacity search, complete: 8"
					+ " concurrent users at TTFT <= 500 ms (95 % CI 8-31), goodput 3 req/s"));
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
			assertEquals("", capacity.getText(), "no batch, no search answer");
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
			ui.waitUntil("a column per run, a verdict per later run", () -> compare.getColumnCount() == 6
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
			ui.waitUntil("two runs compared", () -> compare.getColumnCount() == 4
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
}
