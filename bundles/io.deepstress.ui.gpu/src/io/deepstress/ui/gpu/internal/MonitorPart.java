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

import io.deepstress.core.events.GpuTopics;
import io.deepstress.core.gpu.GpuMonitor;
import io.deepstress.core.gpu.GpuSample;
import io.deepstress.ui.charts.StackedCharts;
import io.deepstress.ui.charts.TimelineGroups;
import io.deepstress.ui.parts.Columns;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * Every GPU of every watched host: the latest reading (utilisation, memory, temperature, power, clock) and
 * a chart per GPU (utilisation, memory, temperature, power) over the last {@value #MINUTES} minutes, stacked on one
 * axis with one crosshair ({@link StackedCharts}), from {@code deepstress/gpu/sample} (seeded from the monitor's
 * history when the view opens). A value the source cannot give shows as "–", never as 0. Widgets are
 * tagged {@code gpu:monitor} (table) and {@code gpu:charts}, {@code gpu:chart-gpu-N}.
 */
public final class MonitorPart {

	/** The charts' window. */
	static final int MINUTES = 10;
	/** Points kept per GPU at most (the window at a 1 s interval). */
	static final int POINTS = MINUTES * 60;

	@Inject
	@Service
	@Optional
	private GpuMonitor monitor;

	private final Map<String, GpuSample> latest = new TreeMap<>();
	private final Map<String, List<GpuSample>> series = new LinkedHashMap<>();
	private TableViewer viewer;
	private StackedCharts charts;

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

		charts = new StackedCharts(parent, "gpu", "seconds ago (last " + MINUTES + " minutes)");
		GridDataFactory.fillDefaults().grab(true, true).applyTo(charts);
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
		List<GpuSample> window = new ArrayList<>();
		for (List<GpuSample> points : series.values()) {
			points.stream().filter(s -> now - s.epochMillis() <= MINUTES * 60_000L).forEach(window::add);
		}
		charts.setGroups(TimelineGroups.gpus(window, s -> -(now - s.epochMillis()) / 1000.0));
		charts.setMessage(window.isEmpty() ? "No GPU watched: add a source in Telemetry Sources." : null);
	}

	/** For tests: the stacked charts. */
	StackedCharts charts() {
		return charts;
	}

	/** For tests: the GPUs shown. */
	List<String> gpus() {
		return Arrays.asList(latest.keySet().toArray(String[]::new));
	}
}
