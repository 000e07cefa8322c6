package io.deepstress.ui.launch.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.IAxis;
import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ISeries;

import io.deepstress.core.events.RunTopics;
import io.deepstress.core.run.LiveSnapshot;
import io.deepstress.core.run.RunSummary;
import io.deepstress.ui.parts.WidgetIds;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The running test as the engine reports it on the bus ({@code deepstress/run/progress}, at most ten
 * snapshots a second): counters, rates, TTFT and end-to-end percentiles, progress, and a live chart of
 * throughput and TTFT p50 over the run. Whoever started the run (this workbench, a script through the
 * same OSGi runtime) it shows the latest; when it is a run the workbench launched in a batch or sweep, which
 * one ({@code live:level}, "level 2 of 4: concurrency 8"). Widgets are tagged {@code live:*}.
 */
public final class LivePart {

	static final int HISTORY = 3_000;

	private final Map<String, Label> values = new LinkedHashMap<>();
	private Label level;
	private Label alert;
	private io.deepstress.core.metrics.Saturation saturation;
	private io.deepstress.core.launch.LaunchStep step;
	private ProgressBar progress;
	private Chart chart;
	private String runId;
	private int points;
	private final double[] elapsed = new double[HISTORY];
	private final double[] rps = new double[HISTORY];
	private final double[] ttft = new double[HISTORY];

	@PostConstruct
	void create(Composite parent) {
		GridLayoutFactory.fillDefaults().margins(6, 6).applyTo(parent);
		level = WidgetIds.style(WidgetIds.tag(new Label(parent, SWT.NONE), "live:level"), "deepstress-heading");
		GridDataFactory.fillDefaults().grab(true, false).applyTo(level);
		// the saturation alert: empty until the run this view follows is found saturated
		alert = WidgetIds.tag(new Label(parent, SWT.WRAP), "live:saturation");
		alert.setForeground(parent.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
		GridDataFactory.fillDefaults().grab(true, false).applyTo(alert);
		Composite grid = new Composite(parent, SWT.NONE);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(grid);
		GridLayoutFactory.fillDefaults().numColumns(6).spacing(12, 4).applyTo(grid);
		for (String key : new String[] { "run", "status", "elapsed", "sent", "completed", "failed", "in flight", "req/s",
				"tok/s", "TTFT p50", "TTFT p99", "E2E p99" }) {
			WidgetIds.style(new Label(grid, SWT.NONE), "deepstress-muted").setText(key);
			Label value = WidgetIds.tag(new Label(grid, SWT.NONE), "live:" + key.replace(' ', '-').replace("/", ""));
			GridDataFactory.fillDefaults().grab(true, false).applyTo(value);
			value.setText("–");
			values.put(key, value);
		}
		progress = WidgetIds.tag(new ProgressBar(parent, SWT.SMOOTH), "live:progress");
		progress.setMaximum(1000);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(progress);
		chart = WidgetIds.tag(new Chart(parent, SWT.NONE), "live:chart");
		io.deepstress.ui.parts.ChartExport.install(chart);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(chart);
		chart.getTitle().setText("Throughput and TTFT p50");
		chart.getAxisSet().getXAxis(0).getTitle().setText("elapsed (s)");
		chart.getAxisSet().getYAxis(0).getTitle().setText("req/s");
		int ttftAxis = chart.getAxisSet().createYAxis();
		chart.getAxisSet().getYAxis(ttftAxis).getTitle().setText("TTFT p50 (ms)");
		chart.getAxisSet().getYAxis(ttftAxis).setPosition(IAxis.Position.Secondary);
		line("req/s", 0, SWT.COLOR_DARK_BLUE);
		line("TTFT p50 (ms)", ttftAxis, SWT.COLOR_DARK_RED);
	}

	private void line(String id, int yAxis, int color) {
		ILineSeries<?> s = (ILineSeries<?>) chart.getSeriesSet().createSeries(ISeries.SeriesType.LINE, id);
		s.setYAxisId(yAxis);
		s.setSymbolType(ILineSeries.PlotSymbolType.NONE);
		s.setLineColor(chart.getDisplay().getSystemColor(color));
	}

	@Inject
	@Optional
	void onProgress(@UIEventTopic(RunTopics.PROGRESS) LiveSnapshot s) {
		if (chart == null || chart.isDisposed()) {
			return;
		}
		if (!s.runId().equals(runId)) {
			runId = s.runId();
			points = 0;
			set("status", "running");
			showSaturation(saturation != null && saturation.runId().equals(runId) ? saturation : null);
		}
		if (!s.name().equals(values.get("run").getText())) {
			set("run", s.name());
			showStep();
		}
		set("elapsed", String.format(Locale.ROOT, "%.1f s", s.elapsedSeconds()));
		set("sent", Long.toString(s.sent()));
		set("completed", Long.toString(s.completed()));
		set("failed", Long.toString(s.failed()));
		set("in flight", Integer.toString(s.inFlight()));
		set("req/s", number(s.requestsPerSecond()));
		set("tok/s", number(s.outputTokensPerSecond()));
		set("TTFT p50", ms(s.ttftP50Ms()));
		set("TTFT p99", ms(s.ttftP99Ms()));
		set("E2E p99", ms(s.e2eP99Ms()));
		if (!Double.isNaN(s.progress())) {
			progress.setSelection((int) Math.round(Math.max(0, Math.min(1, s.progress())) * 1000));
		}
		if (points == HISTORY) { // keep the newer half
			System.arraycopy(elapsed, HISTORY / 2, elapsed, 0, HISTORY / 2);
			System.arraycopy(rps, HISTORY / 2, rps, 0, HISTORY / 2);
			System.arraycopy(ttft, HISTORY / 2, ttft, 0, HISTORY / 2);
			points = HISTORY / 2;
		}
		elapsed[points] = s.elapsedSeconds();
		rps[points] = Double.isNaN(s.requestsPerSecond()) ? 0 : s.requestsPerSecond();
		ttft[points] = Double.isNaN(s.ttftP50Ms()) ? 0 : s.ttftP50Ms();
		points++;
		plot();
	}

	/** The run the workbench's launch is at; shown while that is the run this view follows. */
	@Inject
	@Optional
	void step(@Named(LaunchPart.CURRENT_STEP) io.deepstress.core.launch.LaunchStep current) {
		step = current;
		if (level != null && !level.isDisposed()) {
			showStep();
		}
	}

	private void showStep() {
		String text = step != null && step.runName().equals(values.get("run").getText()) ? step.text() : "";
		if (!text.equals(level.getText())) {
			level.setText(text);
			level.getParent().layout(true);
		}
	}

	/** A run found saturated: the alert, while it is the run this view follows. */
	@Inject
	@Optional
	void onSaturated(@UIEventTopic(RunTopics.SATURATED) io.deepstress.core.metrics.Saturation found) {
		saturation = found;
		if (alert != null && !alert.isDisposed() && found.runId().equals(runId)) {
			showSaturation(found);
		}
	}

	private void showSaturation(io.deepstress.core.metrics.Saturation found) {
		String text = found == null ? "" : "Saturation: " + found.describe() + ".";
		if (!text.equals(alert.getText())) {
			alert.setText(text);
			alert.getParent().layout(true);
		}
	}

	@Inject
	@Optional
	void onFinished(@UIEventTopic(RunTopics.FINISHED) RunSummary summary) {
		ended(summary);
	}

	@Inject
	@Optional
	void onFailed(@UIEventTopic(RunTopics.FAILED) RunSummary summary) {
		ended(summary);
	}

	private void ended(RunSummary summary) {
		if (chart == null || chart.isDisposed() || !summary.runId().equals(runId)) {
			return;
		}
		set("status", summary.status().name().toLowerCase(Locale.ROOT)
				+ (summary.errorMessage() == null ? "" : ": " + summary.errorMessage()));
		set("completed", Long.toString(summary.total()));
		set("failed", Long.toString(summary.failed()));
		set("in flight", "0");
		progress.setSelection(1000);
	}

	private void plot() {
		double[] x = Arrays.copyOf(elapsed, points);
		ISeries<?> r = chart.getSeriesSet().getSeries("req/s");
		r.setXSeries(x);
		r.setYSeries(Arrays.copyOf(rps, points));
		ISeries<?> t = chart.getSeriesSet().getSeries("TTFT p50 (ms)");
		t.setXSeries(x);
		t.setYSeries(Arrays.copyOf(ttft, points));
		chart.getAxisSet().adjustRange();
		chart.redraw();
	}

	private void set(String key, String text) {
		Label l = values.get(key);
		l.setText(text);
		l.getParent().layout(true);
	}

	private static String number(double d) {
		return Double.isNaN(d) ? "–" : String.format(Locale.ROOT, "%.1f", d);
	}

	private static String ms(double d) {
		return Double.isNaN(d) ? "–" : String.format(Locale.ROOT, "%.1f ms", d);
	}

	/** For tests: the text shown for a figure. */
	String value(String key) {
		return values.get(key).getText();
	}
}
