package io.deepstress.ui.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swtchart.Chart;
import org.junit.jupiter.api.Test;

import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.gpu.GpuSampleSink;
import io.deepstress.core.run.RunOrigin;
import io.deepstress.core.services.RunStore;
import io.deepstress.core.timeline.RunTimeline;
import io.deepstress.core.timeline.ServerMeaning;
import io.deepstress.core.timeline.ServerMetricsStatus;
import io.deepstress.core.timeline.ServerSeries;
import io.deepstress.core.timeline.TimelinePoint;
import io.deepstress.ui.charts.StackedCharts;
import io.deepstress.ui.charts.TimelineGroups;
import io.deepstress.ui.testkit.UiDriver;

/** One time axis: a stored run's timeline, server series and GPU samples stacked in Records, one crosshair. */
class TimeAxisTest extends WorkbenchFixture {

	private static final int SECONDS = 10;

	@Test
	void theCrosshairShowsEveryStoredSeriesAtTheSameSecondAndZoomMovesEveryChart() throws Exception {
		RunStore store = service(RunStore.class);
		// what the GPU monitor does while a run is active: hand its samples to the store as a sink
		GpuSampleSink sink = StoredRuns.gpuSink(store);
		String unique = UUID.randomUUID().toString().substring(0, 8);
		String runId = StoredRuns.record(store, "axis-" + unique, new RunOrigin("UI lab", "axis-" + unique, null), 4);
		long start = store.find(runId).orElseThrow().startEpochMillis();
		List<TimelinePoint> points = new ArrayList<>();
		List<double[]> running = new ArrayList<>();
		List<double[]> waiting = new ArrayList<>();
		List<double[]> kv = new ArrayList<>();
		for (int k = 0; k < SECONDS; k++) {
			points.add(new TimelinePoint(k, 2 + 0.25 * k, 3, k, k % 2, 100.0 * k + 0.5, 10 + k, 50 + 3 * k, 4, 9));
			running.add(new double[] { k + 0.2, k % 4 });
			waiting.add(new double[] { k + 0.2, 2 * k });
			kv.add(new double[] { k + 0.2, 0.05 * k });
		}
		store.saveTimeline(new RunTimeline(runId, start, points, List.of(
				new ServerSeries("vllm:num_requests_running", ServerMeaning.RUNNING, Map.of("model_name", "m"), running),
				new ServerSeries("vllm:num_requests_waiting", ServerMeaning.WAITING, Map.of("model_name", "m"), waiting),
				new ServerSeries("vllm:gpu_cache_usage_perc", ServerMeaning.KV_CACHE_USAGE, Map.of(), kv)),
				new ServerMetricsStatus("http://127.0.0.1:1/metrics", ServerMetricsStatus.State.OK, "vllm", SECONDS, null)));
		List<GpuSample> samples = new ArrayList<>();
		for (int i = 0; i < SECONDS; i++) { // an H100 every second from the run's start
			samples.add(new GpuSample(start + 1000L * i + 100, "box-" + unique, 0, "GPU-h-" + unique, "NVIDIA H100",
					10.0 * i, 8000L * i, 80_000L, 40.0 + i, 100.0 + 10 * i, 700.0, 1980L, null));
		}
		sink.accept(runId, samples);
		ui.waitUntil("the GPU samples stored", () -> store.gpuSamples(runId).size() == SECONDS);
		RunTimeline stored = store.timeline(runId).orElseThrow(() -> new AssertionError("no timeline stored"));

		switchTo(PERSPECTIVES.get(3));
		Table runs = (Table) showing("records:runs");
		ui.replaceText(ui.byId("records:configuration", Text.class), "axis-" + unique);
		ui.click(ui.byId("records:refresh", Button.class));
		ui.waitUntil("the run listed", () -> runs.getItemCount() == 1);
		ui.click(ui.find(org.eclipse.swt.custom.CTabItem.class, t -> "Run Timeline".equals(t.getText()))
				.orElseThrow(() -> new AssertionError("no Run Timeline tab\n" + ui.dump())));
		StackedCharts charts = (StackedCharts) showing("records:timeline:charts");
		ui.selectRows(runs, 0);
		List<String> expected = List.of(TimelineGroups.LATENCY, TimelineGroups.THROUGHPUT, TimelineGroups.REQUESTS,
				TimelineGroups.SERVER_QUEUE, TimelineGroups.KV_CACHE, TimelineGroups.GPU + 0);
		ui.waitUntil("the run's charts stacked", () -> charts.groupIds().equals(expected));
		Chart latency = charts.chart(TimelineGroups.LATENCY);
		Control plot = latency.getPlotArea().getControl();
		ui.waitUntil("the charts laid out", () -> UiDriver.isShowing(latency) && plot.getSize().x > 100);

		// the mouse over the latency chart at 3.5 s: every chart's readout shows second 3
		Event move = new Event();
		move.x = latency.getAxisSet().getXAxis(0).getPixelCoordinate(3.5);
		move.y = plot.getSize().y / 2;
		plot.notifyListeners(SWT.MouseMove, move);
		assertEquals(3, (int) Math.floor(charts.crosshair()), "crosshair at " + charts.crosshair());
		assertShown(charts, stored, 3, start);

		// moved through the widget's API: the same for another second, on every chart
		charts.setCrosshair(7.6);
		assertShown(charts, stored, 7, start);

		// zoom and pan move every chart together; reset shows everything again
		charts.setRange(2, 5);
		assertRanges(charts, 2, 5);
		charts.pan(1);
		assertRanges(charts, 3, 6);
		Event wheel = new Event();
		wheel.x = latency.getAxisSet().getXAxis(0).getPixelCoordinate(4.5);
		wheel.count = 3;
		plot.notifyListeners(SWT.MouseWheel, wheel);
		double[] zoomed = charts.range();
		assertTrue(zoomed[1] - zoomed[0] < 3 && zoomed[0] > 3 && zoomed[1] < 6, "zoomed in around 4.5 s: "
				+ zoomed[0] + ".." + zoomed[1]);
		assertRanges(charts, zoomed[0], zoomed[1]);
		ui.click(ui.byId("records:timeline:reset", Button.class));
		assertRanges(charts, 0, SECONDS - 1 + 0.2 + 1); // the last server point (9.2 s) and its second
	}

	@Test
	void theLiveRunViewChartsTheRunsPerSecondTimeline() throws Exception {
		switchTo(PERSPECTIVES.get(1));
		org.eclipse.swt.widgets.Combo endpoint = (org.eclipse.swt.widgets.Combo) showing("launch:endpoint");
		ui.waitUntil("the built-in simulator is chosen", () -> io.deepstress.core.model.Endpoint.BUILTIN_SIMULATOR_NAME
				.equals(endpoint.getText()));
		ui.byId("launch:requests", org.eclipse.swt.widgets.Spinner.class).setSelection(24);
		ui.byId("launch:concurrency", org.eclipse.swt.widgets.Spinner.class).setSelection(4);
		ui.byId("launch:max-tokens", org.eclipse.swt.widgets.Spinner.class).setSelection(16);
		ui.click(ui.byId("launch:start", Button.class));
		org.eclipse.swt.widgets.Label status = ui.byId("launch:status", org.eclipse.swt.widgets.Label.class);
		ui.waitUntil("the quick test completed", () -> status.getText().contains("completed: 24 requests, 0 failed"),
				java.time.Duration.ofSeconds(60));
		StackedCharts charts = ui.byId("live:timeline:charts", StackedCharts.class);
		// per-second values, not cumulative ones: the completions of the seconds add up to the run's
		ui.waitUntil("every second of the run charted", () -> charts.groupIds().contains(TimelineGroups.REQUESTS)
				&& sum(charts, TimelineGroups.REQUESTS, TimelineGroups.COMPLETED) == 24, java.time.Duration.ofSeconds(20));
		assertTrue(charts.groupIds().containsAll(List.of(TimelineGroups.LATENCY, TimelineGroups.THROUGHPUT)),
				charts.groupIds().toString());
		double[] ttft = series(charts, TimelineGroups.LATENCY, TimelineGroups.TTFT_P50);
		assertTrue(java.util.Arrays.stream(ttft).anyMatch(v -> v > 0), "a TTFT median in some second");
		assertTrue(sum(charts, TimelineGroups.THROUGHPUT, TimelineGroups.OUTPUT_TOKENS) > 0, "tokens per second");
	}

	private static double[] series(StackedCharts charts, String group, String label) {
		return charts.chart(group).getSeriesSet().getSeries(label).getYSeries();
	}

	private static double sum(StackedCharts charts, String group, String label) {
		return java.util.Arrays.stream(series(charts, group, label)).filter(v -> !Double.isNaN(v)).sum();
	}

	/** Each readout shows the stored series' values of second {@code k} (GPU: the sample taken in it). */
	private static void assertShown(StackedCharts charts, RunTimeline stored, int k, long start) {
		TimelinePoint p = stored.points().get(k);
		double t = charts.crosshair();
		Map<String, Map<String, Double>> at = charts.valuesAt(t);
		assertEquals(p.ttftP50Ms(), at.get(TimelineGroups.LATENCY).get(TimelineGroups.TTFT_P50));
		assertEquals(p.ttftP99Ms(), at.get(TimelineGroups.LATENCY).get(TimelineGroups.TTFT_P99));
		assertEquals(p.outputTokensPerS(), at.get(TimelineGroups.THROUGHPUT).get(TimelineGroups.OUTPUT_TOKENS));
		assertEquals(p.inFlight(), at.get(TimelineGroups.REQUESTS).get(TimelineGroups.IN_FLIGHT));
		assertEquals((double) p.completed(), at.get(TimelineGroups.REQUESTS).get(TimelineGroups.COMPLETED));
		assertEquals((double) p.failed(), at.get(TimelineGroups.REQUESTS).get(TimelineGroups.FAILED));
		// the server's points were scraped at k + 0.2 s: the value in force at t is the last one at or before it
		double running = valueBefore(stored, ServerMeaning.RUNNING, t);
		double waiting = valueBefore(stored, ServerMeaning.WAITING, t);
		double kv = valueBefore(stored, ServerMeaning.KV_CACHE_USAGE, t);
		assertEquals(running, at.get(TimelineGroups.SERVER_QUEUE).get(ServerMeaning.RUNNING));
		assertEquals(waiting, at.get(TimelineGroups.SERVER_QUEUE).get(ServerMeaning.WAITING));
		assertEquals(kv * 100, at.get(TimelineGroups.KV_CACHE).get("KV cache"), 1e-9);
		int gpuSecond = (int) Math.floor(t - 0.1); // sampled at k + 0.1 s
		Map<String, Double> gpu = at.get(TimelineGroups.GPU + 0);
		assertEquals(10.0 * gpuSecond, gpu.get(TimelineGroups.UTILISATION));
		assertEquals(10.0 * gpuSecond, gpu.get(TimelineGroups.MEMORY), 1e-9, "8,000 of 80,000 MiB per second");
		assertEquals(40.0 + gpuSecond, gpu.get(TimelineGroups.TEMPERATURE));
		assertEquals(100.0 + 10 * gpuSecond, gpu.get(TimelineGroups.POWER));
		// and the text shown says the same
		String latency = charts.readout(TimelineGroups.LATENCY);
		assertTrue(latency.contains(TimelineGroups.TTFT_P50 + " " + StackedCharts.format(p.ttftP50Ms(), "ms"))
				&& latency.contains(TimelineGroups.TTFT_P99 + " " + StackedCharts.format(p.ttftP99Ms(), "ms")), latency);
		String requests = charts.readout(TimelineGroups.REQUESTS);
		assertTrue(requests.contains(TimelineGroups.COMPLETED + " " + StackedCharts.format(p.completed(), "")), requests);
		String queue = charts.readout(TimelineGroups.SERVER_QUEUE);
		assertTrue(queue.contains(ServerMeaning.WAITING + " " + StackedCharts.format(waiting, "")), queue);
		String g = charts.readout(TimelineGroups.GPU + 0);
		assertTrue(g.startsWith("box-") && g.contains(TimelineGroups.POWER + " "
				+ StackedCharts.format(100.0 + 10 * gpuSecond, "W")), g);
	}

	private static double valueBefore(RunTimeline stored, String meaning, double t) {
		ServerSeries s = stored.serverMetrics().stream().filter(x -> meaning.equals(x.meaning())).findFirst().orElseThrow();
		double v = Double.NaN;
		for (double[] p : s.points()) {
			if (p[0] <= t) {
				v = p[1];
			}
		}
		return v;
	}

	private static void assertRanges(StackedCharts charts, double from, double to) {
		for (String id : charts.groupIds()) {
			org.eclipse.swtchart.Range r = charts.chart(id).getAxisSet().getXAxis(0).getRange();
			assertArrayEquals(new double[] { from, to }, new double[] { r.lower, r.upper }, 1e-6, id);
		}
	}
}
