package io.deepstress.ui.launch.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

import io.deepstress.core.capacity.CapacityLevel;
import io.deepstress.core.capacity.CapacityListener;
import io.deepstress.core.capacity.CapacityRequest;
import io.deepstress.core.capacity.CapacityResult;
import io.deepstress.core.capacity.CapacitySearch;
import io.deepstress.core.events.ConfigTopics;
import io.deepstress.core.launch.RunPlan;
import io.deepstress.core.model.TestConfiguration;
import io.deepstress.core.services.ConfigurationStore;
import io.deepstress.core.slo.Slo;
import io.deepstress.core.slo.SloFormat;
import io.deepstress.ui.parts.Background;
import io.deepstress.ui.parts.Forms;
import io.deepstress.ui.parts.WidgetIds;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The Capacity view: a capacity search of a saved configuration under an SLO (the configuration's own, or one typed
 * here), run by the launch bundle's {@link CapacitySearch}; each level as it is judged (table and curve), the
 * answer with its interval, Stop. The search runs off the UI thread; the view only shows what it hears.
 */
public final class CapacityPart {

	@Inject
	@Service
	@Optional
	private CapacitySearch searches;

	@Inject
	@Service
	@Optional
	private ConfigurationStore configurations;

	@Inject
	private UISynchronize sync;

	private Background background;
	private Combo configuration;
	private Combo by;
	private Text slo;
	private Text resumeBatch;
	private Button resume;
	private Spinner min;
	private Spinner max;
	private Spinner seconds;
	private Spinner repeats;
	private Button start;
	private Button stop;
	private Label status;
	private Label answer;
	private Table levels;
	private CapacityChart chart;
	private final List<CapacityLevel> judged = new ArrayList<>();
	private List<TestConfiguration> offered = List.of();
	private volatile CapacitySearch.Handle running;

	@PostConstruct
	void create(Composite parent) {
		background = new Background("deepstress-capacity", sync);
		GridLayoutFactory.fillDefaults().margins(6, 6).spacing(6, 6).applyTo(parent);
		Composite form = new Composite(parent, SWT.NONE);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(form);
		GridLayoutFactory.fillDefaults().numColumns(4).spacing(8, 4).applyTo(form);
		new Label(form, SWT.NONE).setText("Configuration");
		configuration = WidgetIds.tag(new Combo(form, SWT.READ_ONLY), "capacity:configuration");
		GridDataFactory.fillDefaults().grab(true, false).span(3, 1).applyTo(configuration);
		configuration.addListener(SWT.Selection, e -> offerItsSlo());
		slo = Forms.text(form, "SLO", "capacity:slo", SWT.BORDER);
		slo.setMessage("ttft_p99<=500ms,e2e<=20s,attainment>=90%");
		GridDataFactory.fillDefaults().grab(true, false).span(3, 1).applyTo(slo);
		new Label(form, SWT.NONE).setText("By");
		by = WidgetIds.tag(new Combo(form, SWT.READ_ONLY), "capacity:by");
		by.setItems("concurrency (users, closed loop)", "rate (req/s, open loop)");
		by.select(0);
		GridDataFactory.fillDefaults().grab(true, false).span(3, 1).applyTo(by);
		min = Forms.spinner(form, "From level", "capacity:min", 1, 4096, 1);
		max = Forms.spinner(form, "To level", "capacity:max", 1, 4096, 64);
		seconds = Forms.spinner(form, "Seconds per level", "capacity:seconds", 1, 3600, 10);
		repeats = Forms.spinner(form, "Repeats", "capacity:repeats", 1, 20, 3);
		Composite buttons = new Composite(parent, SWT.NONE);
		GridLayoutFactory.fillDefaults().numColumns(5).applyTo(buttons);
		start = Forms.button(buttons, "Find capacity", "capacity:start");
		start.addListener(SWT.Selection, e -> start(null));
		resume = Forms.button(buttons, "Resume", "capacity:resume");
		resume.setToolTipText("Continue the partial search of this batch from its finished levels (same SLO and range)");
		resume.addListener(SWT.Selection, e -> start(resumeBatch.getText().strip()));
		resumeBatch = WidgetIds.tag(new Text(buttons, SWT.BORDER), "capacity:resume-batch");
		resumeBatch.setMessage("batch of a partial search");
		GridDataFactory.fillDefaults().hint(240, SWT.DEFAULT).applyTo(resumeBatch);
		stop = Forms.button(buttons, "Stop", "capacity:stop");
		stop.setEnabled(false);
		stop.addListener(SWT.Selection, e -> {
			CapacitySearch.Handle h = running;
			if (h != null) {
				h.cancel();
				status.setText("Stopping after the run in progress...");
			}
		});
		status = Forms.note(buttons, "capacity:status");
		GridDataFactory.fillDefaults().grab(true, false).applyTo(status);
		answer = WidgetIds.tag(new Label(parent, SWT.WRAP), "capacity:answer");
		GridDataFactory.fillDefaults().grab(true, false).applyTo(answer);
		answer.setText("No search yet.");
		levels = WidgetIds.tag(new Table(parent, SWT.BORDER | SWT.FULL_SELECTION), "capacity:levels");
		levels.setHeaderVisible(true);
		for (String column : new String[] { "#", "level", "verdict", "attainment", "goodput req/s", "TTFT p99 ms",
				"runs" }) {
			TableColumn c = new TableColumn(levels, SWT.NONE);
			c.setText(column);
			c.setWidth(column.length() < 6 ? 60 : 110);
		}
		GridDataFactory.fillDefaults().grab(true, false).hint(SWT.DEFAULT, 140).applyTo(levels);
		chart = new CapacityChart(parent);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(chart.control());
		status.setText(searches == null ? "The launch service is not installed." : "Choose a configuration and an SLO.");
		start.setEnabled(searches != null);
		resume.setEnabled(searches != null);
		refresh();
	}

	/** Reloads the saved configurations (off the UI thread). */
	void refresh() {
		if (configurations == null) {
			return;
		}
		ConfigurationStore store = configurations;
		background.latest(store::configurations, (list, failure) -> {
			if (configuration.isDisposed() || failure != null) {
				return;
			}
			String selected = configuration.getText();
			offered = list;
			configuration.setItems(list.stream().map(TestConfiguration::name).toArray(String[]::new));
			int at = list.stream().map(TestConfiguration::name).toList().indexOf(selected);
			if (at >= 0) {
				configuration.select(at);
			}
		});
	}

	@Inject
	@Optional
	void onConfigurationChanged(@UIEventTopic(ConfigTopics.CHANGED) Object changed) {
		if (configuration != null && !configuration.isDisposed()) {
			refresh();
		}
	}

	/** A configuration's own SLO fills the field when it is empty. */
	private void offerItsSlo() {
		int i = configuration.getSelectionIndex();
		if (i >= 0 && i < offered.size() && offered.get(i).slo() != null && slo.getText().isBlank()) {
			slo.setText(offered.get(i).slo());
		}
	}

	/** Starts a search, or resumes the stored search of {@code resumed} (a batch id) when given. */
	private void start(String resumed) {
		if (resumed != null && resumed.isEmpty()) {
			WidgetIds.message(status, "Give the batch of the partial search to resume.", true);
			return;
		}
		String name = configuration.getText();
		if (name.isBlank()) {
			WidgetIds.message(status, "Choose a saved configuration first.", true);
			return;
		}
		Slo objective;
		try {
			objective = Slo.parse(slo.getText());
		} catch (IllegalArgumentException e) {
			WidgetIds.message(status, e.getMessage(), true);
			return;
		}
		CapacityRequest request;
		try {
			request = new CapacityRequest(RunPlan.saved(name), objective, by.getSelectionIndex() == 1
					? CapacityRequest.By.RATE : CapacityRequest.By.CONCURRENCY,
					min.getSelection(), max.getSelection(), Duration.ofSeconds(seconds.getSelection()),
					repeats.getSelection(), 0.95, 0, 0.1, new Heard(objective));
		} catch (IllegalArgumentException e) {
			WidgetIds.message(status, e.getMessage(), true);
			return;
		}
		judged.clear();
		levels.removeAll();
		chart.show(judged, objective.limits());
		answer.setText(resumed == null ? "Searching..." : "Resuming...");
		WidgetIds.message(status, resumed == null ? "Starting the search..." : "Resuming batch " + resumed + "...",
				false);
		start.setEnabled(false);
		resume.setEnabled(false);
		stop.setEnabled(true);
		CapacitySearch service = searches;
		Thread t = new Thread(() -> {
			try {
				CapacitySearch.Handle h = resumed == null ? service.search(request) : service.resume(request, resumed);
				running = h;
				h.completion().thenAccept(r -> sync.asyncExec(() -> finished(r)));
			} catch (RuntimeException e) {
				String why = e.getMessage() != null ? e.getMessage() : e.toString();
				sync.asyncExec(() -> failedToStart(why));
			}
		}, "deepstress-capacity-start");
		t.setDaemon(true);
		t.start();
	}

	private void failedToStart(String why) {
		if (status.isDisposed()) {
			return;
		}
		WidgetIds.message(status, why, true);
		answer.setText("No search.");
		start.setEnabled(true);
		resume.setEnabled(true);
		stop.setEnabled(false);
	}

	private void finished(CapacityResult r) {
		running = null;
		if (answer.isDisposed()) {
			return;
		}
		answer.setText(r.message() + (r.found() ? "; boundary: " + r.boundary() : ""));
		boolean partial = "cancelled".equals(r.stop()) || "failed".equals(r.stop());
		WidgetIds.message(status, (partial ? "Partial: " : "Done: ") + r.levels().size() + " levels, "
				+ r.levels().stream().mapToInt(l -> l.runs().size()).sum() + " runs in batch " + r.batchId()
				+ (partial && !r.levels().isEmpty() ? " (Resume continues it)" : ""), !r.found() || partial);
		if (partial && !r.levels().isEmpty() && r.batchId() != null) {
			resumeBatch.setText(r.batchId());
		}
		start.setEnabled(true);
		resume.setEnabled(true);
		stop.setEnabled(false);
	}

	private void judged(int index, CapacityLevel l, Slo objective) {
		if (levels.isDisposed()) {
			return;
		}
		judged.add(l);
		TableItem row = new TableItem(levels, SWT.NONE);
		row.setText(new String[] { Integer.toString(index), SloFormat.trim(l.level()),
				(l.passed() ? "passed" : "failed") + (l.confident() ? "" : " (close)"),
				SloFormat.percent(Math.floor(l.attainment() * 1000) / 1000),
				String.format(Locale.ROOT, "%.2f", l.goodputRps()),
				Double.isNaN(l.ttftP99()) ? "-" : String.format(Locale.ROOT, "%.1f", l.ttftP99()),
				Integer.toString(l.runs().size()) });
		chart.show(judged, objective.limits());
		WidgetIds.message(status, "Level " + index + ": " + SloFormat.trim(l.level())
				+ (by.getSelectionIndex() == 1 ? " req/s " : " users ")
				+ (l.passed() ? "passed" : "failed") + "; searching...", false);
	}

	/** Hears the search off the UI thread and hands each level to it. */
	private final class Heard implements CapacityListener {
		private final Slo objective;

		Heard(Slo objective) {
			this.objective = objective;
		}

		@Override
		public void onLevel(int index, CapacityLevel level) {
			sync.asyncExec(() -> judged(index, level, objective));
		}
	}

	/** Points of a chart series, for tests. */
	int chartPoints(String series) {
		return chart.points(series);
	}

	@PreDestroy
	void dispose() {
		CapacitySearch.Handle h = running;
		if (h != null) {
			h.cancel();
		}
		background.close();
	}
}
