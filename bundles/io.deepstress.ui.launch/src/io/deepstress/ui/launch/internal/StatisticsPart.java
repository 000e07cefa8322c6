package io.deepstress.ui.launch.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import io.deepstress.core.run.DatasetStats;
import io.deepstress.core.run.LatencyStats;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.slo.SloFormat;
import io.deepstress.core.slo.SloResult;
import io.deepstress.ui.parts.Columns;
import io.deepstress.ui.parts.WidgetIds;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The final figures of the last test launched from the workbench (the context variable
 * {@link LaunchPart#LAST_SUMMARIES}, so the view shows them even when opened afterwards): a summary row per
 * run (several for a batch or the levels of a sweep), and of the run chosen there (the last at first) the
 * overall figures with percentiles, errors by kind, and a row per dataset. Tagged {@code statistics:*}.
 */
public final class StatisticsPart {

	record Row(String figure, String value) {
	}

	private Label title;
	private TableViewer runs;
	private TableViewer overall;
	private TableViewer datasets;
	private List<RunSummary> pending = List.of();
	private List<RunSummary> shown = List.of();
	private java.util.Map<String, SloResult> slo = java.util.Map.of();

	@PostConstruct
	void create(Composite parent) {
		GridLayoutFactory.fillDefaults().margins(6, 6).applyTo(parent);
		title = WidgetIds.style(WidgetIds.tag(new Label(parent, SWT.WRAP), "statistics:title"), "deepstress-heading");
		GridDataFactory.fillDefaults().grab(true, false).applyTo(title);
		runs = table(parent, "statistics:runs", 1);
		Columns.text(runs, "Run", 22, 110, RunSummary.class, s -> s.name() == null ? "–" : s.name());
		Columns.text(runs, "Status", 10, 70, RunSummary.class, s -> s.status().name().toLowerCase(Locale.ROOT));
		Columns.text(runs, "Concurrency", 8, 60, RunSummary.class, s -> Integer.toString(s.concurrency()));
		Columns.text(runs, "Requests", 8, 60, RunSummary.class, s -> Long.toString(s.total()));
		Columns.text(runs, "Failed", 8, 50, RunSummary.class, s -> Long.toString(s.failed()));
		Columns.text(runs, "req/s", 8, 60, RunSummary.class, s -> num(s.requestsPerSecond(), 2));
		Columns.text(runs, "tok/s", 8, 60, RunSummary.class,
				s -> num(s.outputTokensPerSecond(), 1));
		Columns.text(runs, "TTFT p50 ms", 10, 70, RunSummary.class, s -> ms(s.ttft(), LatencyStats::p50));
		Columns.text(runs, "E2E p99 ms", 10, 70, RunSummary.class, s -> ms(s.e2e(), LatencyStats::p99));
		runs.addSelectionChangedListener(e -> {
			if (runs.getStructuredSelection().getFirstElement() instanceof RunSummary chosen) {
				details(chosen);
			}
		});
		overall = table(parent, "statistics:overall", 3);
		Columns.text(overall, "Figure", 40, 140, Row.class, Row::figure);
		Columns.text(overall, "Value", 60, 160, Row.class, Row::value);
		datasets = table(parent, "statistics:datasets", 1);
		Columns.text(datasets, "Dataset", 20, 90, DatasetStats.class, DatasetStats::name);
		Columns.text(datasets, "Weight", 10, 60, DatasetStats.class, d -> num(d.weight(), 2));
		Columns.text(datasets, "Total", 10, 60, DatasetStats.class, d -> Long.toString(d.total()));
		Columns.text(datasets, "Failed", 10, 60, DatasetStats.class, d -> Long.toString(d.failed()));
		Columns.text(datasets, "Tokens", 10, 70, DatasetStats.class, d -> Long.toString(d.outputTokens()));
		Columns.text(datasets, "Avg response s", 15, 100, DatasetStats.class,
				d -> num(d.avgResponseSeconds(), 3));
		Columns.text(datasets, "Chars/s", 12, 70, DatasetStats.class,
				d -> num(d.avgGenerationSpeed(), 1));
		Columns.text(datasets, "TPS", 12, 60, DatasetStats.class, d -> num(d.avgTps(), 1));
		show(pending);
	}

	private static TableViewer table(Composite parent, String id, int weight) {
		TableViewer viewer = Columns.table(parent, id, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL);
		GridDataFactory.fillDefaults().grab(true, true).hint(SWT.DEFAULT, 60 * weight).applyTo(viewer.getTable().getParent());
		return viewer;
	}

	@Inject
	@Optional
	void summaries(@Named(LaunchPart.LAST_SUMMARIES) List<RunSummary> summaries) {
		pending = summaries == null ? List.of() : summaries;
		if (overall != null && !overall.getControl().isDisposed()) {
			show(pending);
		}
	}

	/** The SLO results of the last launch (set before its summaries). */
	@Inject
	@Optional
	void slo(@Named(LaunchPart.LAST_SLO) java.util.Map<String, SloResult> results) {
		slo = results == null ? java.util.Map.of() : results;
	}

	private void show(List<RunSummary> summaries) {
		shown = summaries;
		if (summaries.isEmpty()) {
			title.setText("No test launched from this workbench yet.");
			runs.setInput(List.of());
			overall.setInput(List.of());
			datasets.setInput(List.of());
			return;
		}
		runs.setInput(summaries);
		// the last run's figures first; choosing another row shows that one's
		runs.setSelection(new StructuredSelection(summaries.get(summaries.size() - 1)), true);
		details(summaries.get(summaries.size() - 1));
	}

	private void details(RunSummary s) {
		int index = shown.indexOf(s) + 1;
		title.setText(s.name() + " — " + s.status().name().toLowerCase(Locale.ROOT)
				+ (shown.size() > 1 ? " (run " + index + " of " + shown.size() + ")" : ""));
		overall.setInput(rows(s, slo.get(s.runId())));
		datasets.setInput(s.datasets());
		title.getParent().layout(true, true);
	}

	/** A figure, or a dash when it is undefined (no success): never "NaN" on the screen. */
	static String num(double v, int decimals) {
		return Double.isNaN(v) || Double.isInfinite(v) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", v);
	}

	private static String ms(LatencyStats l, ToDoubleFunction<LatencyStats> figure) {
		return l.count() == 0 ? "–" : String.format(Locale.ROOT, "%.1f", figure.applyAsDouble(l));
	}

	static List<Row> rows(RunSummary s, SloResult judged) {
		List<Row> rows = rows(s);
		if (judged != null) {
			rows.add(new Row("SLO", judged.expression() + ": " + (judged.passed() ? "passed" : "FAILED")));
			rows.add(new Row("attainment", SloFormat.percent(Math.floor(judged.attainment() * 1000) / 1000) + " ("
					+ judged.met() + " of " + judged.total() + " requests met every per-request limit)"));
			rows.add(new Row("goodput", String.format(Locale.ROOT, "%.2f req/s, %.1f output tok/s", judged.goodputRps(),
					judged.goodputTps())));
			for (SloResult.LimitResult l : judged.limits()) {
				rows.add(new Row("limit " + l.text(), (Double.isNaN(l.valueMillis()) ? "no value"
						: String.format(Locale.ROOT, "%.2f ms", l.valueMillis())) + (l.passed() ? ", passed" : ", FAILED")));
			}
		}
		return rows;
	}

	static List<Row> rows(RunSummary s) {
		List<Row> rows = new ArrayList<>();
		rows.add(new Row("requests", s.total() + " (" + s.succeeded() + " ok, " + s.failed() + " failed, " + s.attempts()
				+ " attempts)"));
		rows.add(new Row("duration", num(s.durationSeconds(), 2) + " s"));
		rows.add(new Row("throughput", num(s.requestsPerSecond(), 2) + " req/s, "
				+ num(s.outputTokensPerSecond(), 1) + " output tok/s"));
		rows.add(new Row("tokens", s.outputTokens() + " output" + (s.estimatedTokens() > 0 ? " (" + s.estimatedTokens()
				+ " requests estimated)" : "") + ", " + s.inputTokens() + " input"));
		rows.add(latency("TTFT", s.ttft()));
		rows.add(latency("E2E", s.e2e()));
		rows.add(latency("ITL", s.itl()));
		rows.add(latency("TPOT", s.tpot()));
		rows.add(new Row("avg response / speed / TPS", num(s.avgResponseSeconds(), 3) + " s / "
				+ num(s.avgGenerationSpeed(), 1) + " chars/s / " + num(s.avgTps(), 1) + " tok/s"));
		rows.add(new Row("errors", s.errors().isEmpty() ? "none" : s.errors().toString()));
		return rows;
	}

	private static Row latency(String name, LatencyStats l) {
		return new Row(name + " (ms)", l.count() == 0 ? "–"
				: String.format(Locale.ROOT, "mean %.1f  p50 %.1f  p90 %.1f  p99 %.1f  max %.1f", l.mean(), l.p50(), l.p90(),
						l.p99(), l.max()));
	}
}
