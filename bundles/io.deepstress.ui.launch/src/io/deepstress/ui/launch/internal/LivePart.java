package io.deepstress.ui.launch.internal;

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

import io.deepstress.core.events.RunTopics;
import io.deepstress.core.run.LiveSnapshot;
import io.deepstress.core.run.RunSummary;
import io.deepstress.ui.parts.WidgetIds;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The running test as the engine reports it on the bus ({@code deepstress/run/progress}, at most ten
 * snapshots a second): counters, rates, TTFT and end-to-end percentiles, progress, and stacked charts of the run's
 * per-second timeline and GPUs on one time axis ({@link LiveTimelineView}, from {@code deepstress/run/timeline}).
 * Whoever started the run (this workbench, a script through the
 * same OSGi runtime) it shows the latest; when it is a run the workbench launched in a batch or sweep, which
 * one ({@code live:level}, "level 2 of 4: concurrency 8"). Widgets are tagged {@code live:*}.
 */
public final class LivePart {

	private final Map<String, Label> values = new LinkedHashMap<>();
	private Label level;
	private Label alert;
	private ClientHealthWarning clientHealth;
	private io.deepstress.core.metrics.Saturation saturation;
	private io.deepstress.core.launch.LaunchStep step;
	private ProgressBar progress;
	private LiveTimelineView timeline;
	private String runId;

	@PostConstruct
	void create(Composite parent) {
		GridLayoutFactory.fillDefaults().margins(6, 6).applyTo(parent);
		level = WidgetIds.style(WidgetIds.tag(new Label(parent, SWT.NONE), "live:level"), "deepstress-heading");
		GridDataFactory.fillDefaults().grab(true, false).applyTo(level);
		// the saturation alert: empty until the run this view follows is found saturated
		alert = WidgetIds.tag(new Label(parent, SWT.WRAP), "live:saturation");
		alert.setForeground(parent.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
		GridDataFactory.fillDefaults().grab(true, false).applyTo(alert);
		clientHealth = new ClientHealthWarning(parent);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(clientHealth.label());
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
		timeline = new LiveTimelineView(parent);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(timeline.control());
	}

	@Inject
	@Optional
	void onTimeline(@UIEventTopic(RunTopics.TIMELINE) io.deepstress.core.timeline.LiveTimeline t) {
		if (timeline != null && !timeline.control().isDisposed()) {
			timeline.add(t);
		}
	}

	@Inject
	@Optional
	void onGpuSamples(@UIEventTopic(io.deepstress.core.events.GpuTopics.SAMPLE) java.util.List<io.deepstress.core.gpu.GpuSample> batch) {
		if (timeline != null && !timeline.control().isDisposed()) {
			timeline.add(batch);
		}
	}

	@Inject
	@Optional
	void onProgress(@UIEventTopic(RunTopics.PROGRESS) LiveSnapshot s) {
		if (timeline == null || timeline.control().isDisposed()) {
			return;
		}
		if (!s.runId().equals(runId)) {
			runId = s.runId();
			set("status", "running");
			showSaturation(saturation != null && saturation.runId().equals(runId) ? saturation : null);
			clientHealth.clear();
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

	/** The watchdog's verdict on the last second of a run: the warning, while it is the run this view follows. */
	@Inject
	@Optional
	void onClientHealth(@UIEventTopic(RunTopics.CLIENT_HEALTH) io.deepstress.core.run.ClientHealthEvent event) {
		if (clientHealth != null && !clientHealth.label().isDisposed() && event.runId().equals(runId)) {
			clientHealth.window(event.report());
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
		if (timeline == null || timeline.control().isDisposed() || !summary.runId().equals(runId)) {
			return;
		}
		set("status", summary.status().name().toLowerCase(Locale.ROOT)
				+ (summary.errorMessage() == null ? "" : ": " + summary.errorMessage()));
		set("completed", Long.toString(summary.total()));
		set("failed", Long.toString(summary.failed()));
		set("in flight", "0");
		progress.setSelection(1000);
		timeline.ended();
		clientHealth.ended(summary);
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
