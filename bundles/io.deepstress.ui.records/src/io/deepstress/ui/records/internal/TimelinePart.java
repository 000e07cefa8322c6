package io.deepstress.ui.records.internal;

import java.util.List;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.widgets.Composite;

import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.RunStore;
import io.deepstress.core.timeline.RunTimeline;
import io.deepstress.ui.charts.ChartGroup;
import io.deepstress.ui.charts.StackedCharts;
import io.deepstress.ui.charts.TimelineGroups;
import io.deepstress.ui.parts.Background;
import io.deepstress.ui.parts.Selections;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The first run selected in the Runs view on one time axis: its stored client timeline, the server series scraped
 * with it and its GPU samples, stacked charts with one crosshair, zoom and pan ({@link StackedCharts}, tagged
 * {@code records:timeline-*}; read off the UI thread).
 */
public final class TimelinePart {

	static final String PREFIX = "records:timeline";

	@Inject
	@Service
	@Optional
	private RunStore store;

	@Inject
	private UISynchronize sync;

	private Background background;
	private StackedCharts charts;
	private List<String> pending = List.of();

	@PostConstruct
	void create(Composite parent) {
		background = new Background("deepstress-records-timeline", sync);
		GridLayoutFactory.fillDefaults().margins(6, 6).applyTo(parent);
		charts = new StackedCharts(parent, PREFIX, "seconds since the run's start");
		GridDataFactory.fillDefaults().grab(true, true).applyTo(charts);
		show(pending);
	}

	@Inject
	@Optional
	void selected(@Named(Selections.RECORD_RUNS) List<String> runIds) {
		pending = runIds == null ? List.of() : List.copyOf(runIds);
		if (charts != null) {
			show(pending);
		}
	}

	private record Loaded(RunSummary run, List<ChartGroup> groups, boolean hasTimeline) {
	}

	private void show(List<String> runIds) {
		if (runIds.isEmpty() || store == null) {
			background.cancelPending();
			display(List.of(), store == null ? "The records store is not installed." : "Select a run in the Runs view.");
			return;
		}
		RunStore current = store;
		String runId = runIds.get(0);
		background.latest(() -> {
			RunSummary run = current.find(runId).orElse(null);
			if (run == null) {
				return new Loaded(null, List.of(), false);
			}
			RunTimeline t = current.timeline(runId).orElse(null);
			List<GpuSample> gpu = current.gpuSamples(runId);
			long start = t != null ? t.startEpochMillis() : run.startEpochMillis();
			return new Loaded(run, TimelineGroups.of(t == null ? List.of() : t.points(),
					t == null ? List.of() : t.serverMetrics(), gpu, start), t != null);
		}, (loaded, failure) -> {
			if (failure != null) {
				display(List.of(), "Cannot read the run: " + failure.getMessage());
			} else if (loaded.run() == null) {
				display(List.of(), "The run no longer exists.");
			} else {
				display(loaded.groups(), loaded.hasTimeline() ? null
						: loaded.run().name() + " has no stored timeline (runs recorded before timelines were kept)"
								+ (loaded.groups().isEmpty() ? "." : "; its GPU samples are shown."));
			}
		});
	}

	private void display(List<ChartGroup> groups, String message) {
		if (charts.isDisposed()) {
			return;
		}
		charts.resetRange();
		charts.setGroups(groups);
		charts.setMessage(message);
	}

	/** For tests: the stacked charts. */
	StackedCharts charts() {
		return charts;
	}

	@PreDestroy
	void dispose() {
		background.close();
	}
}
