package io.deepstress.ui.records.internal;

import java.util.List;
import java.util.Locale;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StackLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.IBarSeries;
import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ISeries;
import org.eclipse.swtchart.LineStyle;
import org.eclipse.swtchart.Range;

import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.RunStore;
import io.deepstress.ui.parts.Background;
import io.deepstress.ui.parts.Selections;
import io.deepstress.ui.parts.Forms;
import io.deepstress.ui.parts.WidgetIds;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Charts of the first run selected in the Runs view: the response-time histogram and the generation speed
 * per request, from the run's stored attempts downsampled by the store to at most {@value #POINTS}, and each
 * GPU's utilisation during the run, from the GPU samples stored with it (all read off the UI thread). Charts
 * are tagged {@code records:chart-latency}, {@code records:chart-speed} and {@code records:chart-gpu}; a run
 * without GPU samples shows the label {@code records:chart-gpu-none} in the GPU chart's place.
 */
public final class ChartsPart {

	static final int POINTS = 2_000;
	static final String LATENCY = "latency";
	static final String SPEED = "speed";
	static final String NO_GPU = "No GPU telemetry was recorded with this run: watch a GPU in the GPU perspective"
			+ " while a test runs.";
	private static final int[] COLORS = { SWT.COLOR_DARK_BLUE, SWT.COLOR_DARK_RED, SWT.COLOR_DARK_GREEN,
			SWT.COLOR_DARK_MAGENTA, SWT.COLOR_DARK_CYAN, SWT.COLOR_DARK_YELLOW, SWT.COLOR_BLUE, SWT.COLOR_RED };

	@Inject
	@Service
	@Optional
	private RunStore store;

	@Inject
	private UISynchronize sync;

	private Background background;
	private Label hint;
	private Chart latency;
	private Chart speed;
	private Composite gpuArea;
	private Chart gpu;
	private Label noGpu;
	private List<String> pending = List.of();

	@PostConstruct
	void create(Composite parent) {
		background = new Background("deepstress-records-charts", sync);
		GridLayoutFactory.fillDefaults().margins(6, 6).spacing(6, 6).applyTo(parent);
		hint = Forms.note(parent, "records:chart-hint");
		GridDataFactory.fillDefaults().grab(true, false).applyTo(hint);
		latency = chart(parent, "records:chart-latency", "Response time", "E2E (s)", "requests");
		speed = chart(parent, "records:chart-speed", "Generation speed per request", "request", "chars / s");
		// the GPU chart, or in its place a note that the run has no GPU samples
		gpuArea = new Composite(parent, SWT.NONE);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(gpuArea);
		gpuArea.setLayout(new StackLayout());
		gpu = chart(gpuArea, "records:chart-gpu", "GPU utilisation during the run", "seconds since the start", "%");
		gpu.getLegend().setVisible(true);
		gpu.getLegend().setPosition(SWT.BOTTOM);
		noGpu = Forms.note(gpuArea, "records:chart-gpu-none");
		noGpu.setText(NO_GPU);
		showGpuChart(true);
		show(pending);
	}

	private static Chart chart(Composite parent, String id, String title, String x, String y) {
		Chart chart = WidgetIds.tag(new Chart(parent, SWT.NONE), id);
		io.deepstress.ui.parts.ChartExport.install(chart);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(chart);
		chart.getTitle().setText(title);
		chart.getAxisSet().getXAxis(0).getTitle().setText(x);
		chart.getAxisSet().getYAxis(0).getTitle().setText(y);
		chart.getLegend().setVisible(false);
		return chart;
	}

	@Inject
	@Optional
	void selected(@Named(Selections.RECORD_RUNS) List<String> runIds) {
		pending = runIds == null ? List.of() : List.copyOf(runIds);
		if (latency != null) {
			show(pending);
		}
	}

	/** A run's charts; {@code saturation} the live test's stored verdict, or null for runs recorded before it. */
	private record Loaded(RunSummary run, RunCharts charts, RunGpu gpu, String saturation) {
	}

	private void show(List<String> runIds) {
		if (runIds.isEmpty() || store == null) {
			background.cancelPending();
			display(null, store == null ? "The records store is not installed." : "Select a run in the Runs view.");
			return;
		}
		RunStore current = store;
		String runId = runIds.get(0);
		background.latest(() -> {
			RunSummary run = current.find(runId).orElse(null);
			return run == null ? new Loaded(null, null, null, null)
					: new Loaded(run, RunCharts.of(current.samples(runId, POINTS)),
							RunGpu.of(run.startEpochMillis(), current.gpuSamples(runId), POINTS),
							current.saturation(runId).map(io.deepstress.core.metrics.SaturationVerdict::describe)
									.orElse(null));
		},
				(loaded, failure) -> display(failure == null ? loaded : null,
						failure == null ? "The run no longer exists." : "Cannot read the run: " + failure.getMessage()));
	}

	private void display(Loaded loaded, String message) {
		if (latency.isDisposed()) {
			return;
		}
		clear(latency);
		clear(speed);
		clear(gpu);
		if (loaded == null || loaded.run() == null) {
			hint.setText(message);
			showGpuChart(true);
		} else {
			RunCharts c = loaded.charts();
			RunSummary run = loaded.run();
			IBarSeries<?> bars = (IBarSeries<?>) latency.getSeriesSet().createSeries(ISeries.SeriesType.BAR, LATENCY);
			bars.setXSeries(centres(c));
			bars.setYSeries(c.binCounts());
			bars.setBarColor(latency.getDisplay().getSystemColor(SWT.COLOR_DARK_BLUE));
			ILineSeries<?> points = (ILineSeries<?>) speed.getSeriesSet().createSeries(ISeries.SeriesType.LINE, SPEED);
			points.setXSeries(c.requestIndex());
			points.setYSeries(c.charsPerSecond());
			points.setLineStyle(LineStyle.NONE);
			points.setSymbolType(ILineSeries.PlotSymbolType.CIRCLE);
			points.setSymbolSize(2);
			points.setSymbolColor(speed.getDisplay().getSystemColor(SWT.COLOR_DARK_GREEN));
			hint.setText(String.format(Locale.ROOT, "%s: %d successful requests charted%s", run.name(), c.requests(),
					c.requests() < run.succeeded() ? " (every k-th of " + run.succeeded() + ")" : "")
					+ (loaded.saturation() == null ? "" : "; " + loaded.saturation()));
			gpuLines(loaded.gpu());
		}
		latency.getAxisSet().adjustRange();
		speed.getAxisSet().adjustRange();
		gpu.getAxisSet().getXAxis(0).adjustRange();
		gpu.getAxisSet().getYAxis(0).setRange(new Range(0, 100));
		latency.redraw();
		speed.redraw();
		gpu.redraw();
		hint.getParent().layout(true, true);
	}

	/** A line per GPU, or the note that the run has none. */
	private void gpuLines(RunGpu g) {
		int color = 0;
		for (RunGpu.Line line : g.lines()) {
			ILineSeries<?> series = (ILineSeries<?>) gpu.getSeriesSet().createSeries(ISeries.SeriesType.LINE, line.key());
			series.setDescription(line.label());
			series.setXSeries(line.seconds());
			series.setYSeries(line.utilisation());
			series.setSymbolType(ILineSeries.PlotSymbolType.NONE);
			series.setLineColor(gpu.getDisplay().getSystemColor(COLORS[color++ % COLORS.length]));
		}
		noGpu.setText(g.samples() == 0 ? NO_GPU
				: "The " + g.samples() + " GPU samples of this run have no utilisation reading (the source could not give one).");
		showGpuChart(!g.lines().isEmpty());
	}

	private void showGpuChart(boolean chart) {
		((StackLayout) gpuArea.getLayout()).topControl = chart ? gpu : noGpu;
		gpuArea.layout();
	}

	private static double[] centres(RunCharts c) {
		double[] x = new double[c.binStartsSeconds().length];
		for (int i = 0; i < x.length; i++) {
			x[i] = c.binStartsSeconds()[i] + c.binWidthSeconds() / 2;
		}
		return x;
	}

	private static void clear(Chart chart) {
		for (ISeries<?> s : chart.getSeriesSet().getSeries()) {
			chart.getSeriesSet().deleteSeries(s.getId());
		}
	}

	@PreDestroy
	void dispose() {
		background.close();
	}
}
