package io.deepstress.ui.gpu.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ISeries;
import org.eclipse.swtchart.Range;

import io.deepstress.core.events.GpuTopics;
import io.deepstress.core.gpu.GpuMonitor;
import io.deepstress.core.gpu.GpuSample;
import io.deepstress.ui.parts.Columns;
import io.deepstress.ui.parts.WidgetIds;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * Every GPU of every watched host: the latest reading (utilisation, memory, temperature, power, clock) and
 * the utilisation over the last minutes, from {@code deepstress/gpu/sample} (seeded from the monitor's
 * history when the view opens). A value the source cannot give shows as "–", never as 0. Widgets are
 * tagged {@code gpu:monitor} (table) and {@code gpu:chart}.
 */
public final class MonitorPart {

	/** Points kept per GPU in the chart (10 minutes at the default 1 s interval). */
	static final int POINTS = 600;
	private static final int[] COLORS = { SWT.COLOR_DARK_BLUE, SWT.COLOR_DARK_RED, SWT.COLOR_DARK_GREEN,
			SWT.COLOR_DARK_MAGENTA, SWT.COLOR_DARK_CYAN, SWT.COLOR_DARK_YELLOW, SWT.COLOR_BLUE, SWT.COLOR_RED };

	@Inject
	@Service
	@Optional
	private GpuMonitor monitor;

	private final Map<String, GpuSample> latest = new TreeMap<>();
	private final Map<String, List<GpuSample>> series = new LinkedHashMap<>();
	private TableViewer viewer;
	private Chart chart;

	@PostConstruct
	void create(Composite parent) {
		GridLayoutFactory.fillDefaults().margins(6, 6).spacing(6, 6).applyTo(parent);
		viewer = Columns.table(parent, "gpu:monitor", SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL);
		GridDataFactory.fillDefaults().grab(true, false).hint(SWT.DEFAULT, 150).applyTo(viewer.getTable().getParent());
		Columns.text(viewer, "Host", 14, 80, GpuSample.class, GpuSample::host);
		Columns.text(viewer, "GPU", 5, 40, GpuSample.class, s -> Integer.toString(s.index()));
		Columns.text(viewer, "Name", 20, 100, GpuSample.class, s -> s.name() == null ? "–" : s.name());
		Columns.text(viewer, "Util %", 8, 55, GpuSample.class, s -> number(s.utilization(), "%.0f"));
		Columns.text(viewer, "Memory MiB", 16, 110, GpuSample.class,
				s -> (s.memoryUsedMiB() == null ? "–" : s.memoryUsedMiB().toString()) + " / "
						+ (s.memoryTotalMiB() == null ? "–" : s.memoryTotalMiB().toString()));
		Columns.text(viewer, "Temp °C", 8, 60, GpuSample.class, s -> number(s.temperatureC(), "%.0f"));
		Columns.text(viewer, "Power W", 12, 80, GpuSample.class, s -> number(s.powerW(), "%.1f")
				+ (s.powerLimitW() == null ? "" : " / " + number(s.powerLimitW(), "%.0f")));
		Columns.text(viewer, "SM MHz", 8, 60, GpuSample.class,
				s -> s.smClockMHz() == null ? "–" : s.smClockMHz().toString());

		chart = WidgetIds.tag(new Chart(parent, SWT.NONE), "gpu:chart");
		io.deepstress.ui.parts.ChartExport.install(chart);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(chart);
		chart.getTitle().setText("GPU utilisation");
		chart.getAxisSet().getXAxis(0).getTitle().setText("seconds ago");
		chart.getAxisSet().getYAxis(0).getTitle().setText("%");
		if (monitor != null) {
			List<GpuSample> seed = new ArrayList<>();
			monitor.history().values().forEach(seed::addAll);
			seed.sort((a, b) -> Long.compare(a.epochMillis(), b.epochMillis()));
			add(seed);
		}
		show();
	}

	private static String number(Double d, String format) {
		return d == null ? "–" : String.format(Locale.ROOT, format, d);
	}

	@Inject
	@Optional
	void onSamples(@UIEventTopic(GpuTopics.SAMPLE) List<GpuSample> batch) {
		if (viewer == null || viewer.getControl().isDisposed()) {
			return;
		}
		add(batch);
		show();
	}

	private void add(List<GpuSample> batch) {
		for (GpuSample s : batch) {
			String key = s.gpuKey();
			latest.put(key, s);
			List<GpuSample> points = series.computeIfAbsent(key, k -> new ArrayList<>());
			points.add(s);
			if (points.size() > POINTS) {
				points.subList(0, points.size() - POINTS).clear();
			}
		}
	}

	private void show() {
		viewer.setInput(new ArrayList<>(latest.values()));
		long now = latest.values().stream().mapToLong(GpuSample::epochMillis).max().orElse(0);
		int color = 0;
		for (Map.Entry<String, List<GpuSample>> e : series.entrySet()) {
			List<GpuSample> points = e.getValue().stream().filter(s -> s.utilization() != null).toList();
			ISeries<?> line = chart.getSeriesSet().getSeries(e.getKey());
			if (line == null) {
				ILineSeries<?> created = (ILineSeries<?>) chart.getSeriesSet().createSeries(ISeries.SeriesType.LINE,
						e.getKey());
				created.setSymbolType(ILineSeries.PlotSymbolType.NONE);
				created.setLineColor(chart.getDisplay().getSystemColor(COLORS[color % COLORS.length]));
				GpuSample first = e.getValue().get(0);
				created.setDescription(first.host() + " gpu" + first.index());
				line = created;
			}
			color++;
			double[] x = new double[points.size()];
			double[] y = new double[points.size()];
			for (int i = 0; i < x.length; i++) {
				x[i] = -(now - points.get(i).epochMillis()) / 1000.0;
				y[i] = points.get(i).utilization();
			}
			line.setXSeries(x);
			line.setYSeries(y);
		}
		chart.getAxisSet().getXAxis(0).adjustRange();
		chart.getAxisSet().getYAxis(0).setRange(new Range(0, 100));
		chart.redraw();
	}

	/** For tests: the GPUs shown. */
	List<String> gpus() {
		return Arrays.asList(latest.keySet().toArray(String[]::new));
	}
}
