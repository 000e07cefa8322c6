package io.deepstress.ui.launch.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.swt.widgets.Composite;

import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.timeline.LiveTimeline;
import io.deepstress.core.timeline.TimelinePoint;
import io.deepstress.ui.charts.ChartGroup;
import io.deepstress.ui.charts.StackedCharts;
import io.deepstress.ui.charts.TimelineGroups;

/**
 * The Live Run view's stacked charts: the followed run's per-second timeline ({@code deepstress/run/timeline}: windowed
 * rates and the percentiles of each second, not cumulative figures) and the GPU samples that arrive while it runs, on
 * the run's clock. Memory is bounded (the newest {@link #SECONDS} seconds and as many samples per GPU); the charts are
 * redrawn at most once per {@link #REDRAW_MILLIS}. Tagged {@code live:timeline-*}.
 */
final class LiveTimelineView {

	static final int SECONDS = 1_800;
	static final int REDRAW_MILLIS = 1_000;
	static final String PREFIX = "live:timeline";

	private final StackedCharts charts;
	private final TreeMap<Double, TimelinePoint> points = new TreeMap<>();
	private final Map<String, List<GpuSample>> gpu = new LinkedHashMap<>();
	private String runId;
	private long startEpochMillis;
	/** Whether the followed run is still running (GPU samples are kept only then). */
	private boolean running;
	private boolean dirty;
	private boolean scheduled;

	LiveTimelineView(Composite parent) {
		charts = new StackedCharts(parent, PREFIX, "seconds since the run's start");
		charts.setMessage("The running test's timeline shows here, second by second.");
	}

	StackedCharts control() {
		return charts;
	}

	/** The newest seconds of a run: a new run starts the charts afresh; a second seen before is replaced. */
	void add(LiveTimeline t) {
		if (!t.runId().equals(runId)) {
			runId = t.runId();
			startEpochMillis = t.startEpochMillis();
			points.clear();
			gpu.clear();
			charts.resetRange();
			charts.setCrosshair(Double.NaN);
			charts.setMessage(null);
			running = true;
		}
		for (TimelinePoint p : t.recent()) {
			points.put(p.tS(), p);
		}
		while (points.size() > SECONDS) {
			points.pollFirstEntry();
		}
		changed();
	}

	/** The followed run ended: its charts stay, no more GPU samples are added to them. */
	void ended() {
		running = false;
	}

	/** GPU samples, kept while the followed run runs (from its start on). */
	void add(List<GpuSample> batch) {
		if (!running) {
			return;
		}
		for (GpuSample s : batch) {
			if (s.epochMillis() < startEpochMillis) {
				continue;
			}
			List<GpuSample> list = gpu.computeIfAbsent(s.gpuKey(), k -> new ArrayList<>());
			list.add(s);
			if (list.size() > SECONDS) {
				list.subList(0, list.size() - SECONDS).clear();
			}
		}
		changed();
	}

	private void changed() {
		dirty = true;
		if (!scheduled && !charts.isDisposed()) {
			scheduled = true;
			charts.getDisplay().timerExec(REDRAW_MILLIS, this::redraw);
		}
		if (charts.groupIds().isEmpty()) {
			redraw(); // the first data shows at once
		}
	}

	private void redraw() {
		scheduled = false;
		if (!dirty || charts.isDisposed()) {
			return;
		}
		dirty = false;
		List<GpuSample> samples = new ArrayList<>();
		gpu.values().forEach(samples::addAll);
		List<ChartGroup> groups = new ArrayList<>(TimelineGroups.client(new ArrayList<>(points.values())));
		groups.addAll(TimelineGroups.gpus(samples, s -> (s.epochMillis() - startEpochMillis) / 1000.0));
		charts.setGroups(groups);
	}

	/** Seconds held now (for the memory bound's test). */
	int seconds() {
		return points.size();
	}
}
