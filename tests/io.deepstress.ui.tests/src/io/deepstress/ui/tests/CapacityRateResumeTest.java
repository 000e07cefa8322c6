package io.deepstress.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.Test;

import io.deepstress.core.capacity.CapacityRecord;
import io.deepstress.core.capacity.CapacityStore;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.RunStore;
import io.deepstress.simulator.CapacityModel;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/**
 * The Capacity view searches by rate (open-loop levels), and a stopped search is resumed with Resume: the same
 * batch, its finished levels kept (not run again), the search going on from them.
 */
class CapacityRateResumeTest extends WorkbenchFixture {

	@Test
	void aRateSearchStoppedAndResumedFromTheView() throws Exception {
		try (Simulator sim = Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ofMillis(10))
				.withItl(Duration.ofMillis(20)).withOutputTokenRange(4, 8), CapacityModel.slots(2))) {
			CapacityViews.open(this, CapacityViews.saveConfiguration(this, sim, "rate", "ttft<=250ms,attainment>=50%"));
			// a loose SLO: the lowest levels pass on a busy machine too (a level fails only in the queue beyond 15/s)
			ui.replaceText(ui.byId("capacity:slo", Text.class), "ttft<=250ms,attainment>=50%");
			Combo by = ui.byId("capacity:by", Combo.class);
			by.select(1);
			by.notifyListeners(SWT.Selection, new Event());
			ui.byId("capacity:min", Spinner.class).setSelection(4);
			ui.byId("capacity:max", Spinner.class).setSelection(64);
			ui.byId("capacity:seconds", Spinner.class).setSelection(3);
			ui.byId("capacity:repeats", Spinner.class).setSelection(1);
			ui.click(ui.byId("capacity:start", Button.class));

			Table levels = ui.byId("capacity:levels", Table.class);
			Label status = ui.byId("capacity:status", Label.class);
			ui.waitUntil("a first level", () -> levels.getItemCount() >= 1, Duration.ofSeconds(60));
			assertTrue(levels.getItem(0).getText(2).startsWith("passed"), "the lowest level passes: " + status.getText());
			ui.click(ui.byId("capacity:stop", Button.class));
			Text batch = ui.byId("capacity:resume-batch", Text.class);
			ui.waitUntil("the search stopped, partial", () -> status.getText().startsWith("Partial: ")
					&& !batch.getText().isBlank(), Duration.ofSeconds(60));
			String batchId = batch.getText();
			CapacityStore searches = service(CapacityStore.class);
			CapacityRecord stopped = searches.find(batchId).orElseThrow();
			assertEquals(CapacityRecord.PARTIAL, stopped.status(), stopped.toString());
			assertEquals(io.deepstress.core.capacity.CapacityRequest.By.RATE, stopped.by());
			assertEquals(4, stopped.levels().get(0).level());
			List<String> firstRuns = stopped.levels().get(0).runIds();
			RunSummary first = service(RunStore.class).find(firstRuns.get(0)).orElseThrow();
			assertTrue(first.loadDescription().contains("open loop"), "a rate level is an open loop: "
					+ first.loadDescription());

			int before = stopped.levels().size();
			ui.click(ui.byId("capacity:resume", Button.class));
			ui.waitUntil("a level beyond the stored ones", () -> levels.getItemCount() > before,
					Duration.ofSeconds(90));
			ui.click(ui.byId("capacity:stop", Button.class));
			ui.waitUntil("stopped again", () -> status.getText().startsWith("Partial: ")
					|| status.getText().startsWith("Done: "), Duration.ofSeconds(60));
			assertTrue(status.getText().contains("in batch " + batchId), status.getText());
			CapacityRecord resumed = searches.find(batchId).orElseThrow();
			assertTrue(resumed.levels().size() > before, resumed.levels().size() + " levels, " + before + " before");
			assertEquals(firstRuns, resumed.levels().get(0).runIds(), "the finished level was not run again");
			assertEquals(stopped.startedMillis(), resumed.startedMillis());

			// the curve exports as PNG and SVG, from the chart's context menu (the helper every chart view uses)
			org.eclipse.swtchart.Chart chart = ui.byId("capacity:chart", org.eclipse.swtchart.Chart.class);
			org.eclipse.swt.widgets.Menu menu = chart.getPlotArea().getControl().getMenu();
			assertTrue(menu != null, "a context menu on the chart");
			assertEquals(List.of("Export chart as PNG...", "Export chart as SVG..."),
					Arrays.stream(menu.getItems()).map(org.eclipse.swt.widgets.MenuItem::getText).toList());
			java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("deepstress-chart-export");
			java.nio.file.Path png = dir.resolve("capacity.png");
			java.nio.file.Path svg = dir.resolve("capacity.svg");
			io.deepstress.ui.parts.ChartExport.writePng(chart, png);
			io.deepstress.ui.parts.ChartExport.writeSvg(chart, svg);
			byte[] bytes = java.nio.file.Files.readAllBytes(png);
			assertTrue(bytes.length > 1000, "a PNG of some size: " + bytes.length);
			assertEquals(List.of(0x89, (int) 'P', (int) 'N', (int) 'G'), List.of(bytes[0] & 0xff, (int) bytes[1], (int) bytes[2], (int) bytes[3]));
			org.eclipse.swt.graphics.ImageData image = new org.eclipse.swt.graphics.ImageData(png.toString());
			assertEquals(Math.max(320, chart.getSize().x), image.width);
			assertEquals(Math.max(200, chart.getSize().y), image.height);
			var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
			factory.setNamespaceAware(true);
			org.w3c.dom.Document doc = factory.newDocumentBuilder().parse(svg.toFile());
			assertEquals("svg", doc.getDocumentElement().getLocalName());
			List<String> series = new java.util.ArrayList<>();
			org.w3c.dom.NodeList groups = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "g");
			for (int i = 0; i < groups.getLength(); i++) {
				String seriesName = ((org.w3c.dom.Element) groups.item(i)).getAttribute("data-series");
				if (!seriesName.isEmpty()) {
					series.add(seriesName);
				}
			}
			assertTrue(series.contains("goodput (req/s)"), "the chart's series in the SVG: " + series);
			assertTrue(doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polyline").getLength() >= 1);
		}
	}
}
