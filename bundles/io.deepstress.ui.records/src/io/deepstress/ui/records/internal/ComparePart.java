package io.deepstress.ui.records.internal;

import java.util.List;
import java.util.Locale;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.TableColumn;

import io.deepstress.core.metrics.RunComparison;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.RunStore;
import io.deepstress.ui.parts.Background;
import io.deepstress.ui.parts.Columns;
import io.deepstress.ui.parts.Selections;
import io.deepstress.ui.parts.Forms;
import io.deepstress.ui.parts.WidgetIds;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The runs selected in the Runs view side by side, in the order they started (oldest first, whatever the
 * order of the list they were selected in: a sweep reads from its lowest level up): one row per figure, one
 * column per run with its value and its change against the oldest run, the baseline ({@link RunComparison},
 * computed by the store off the UI thread). The best value of a row is marked with a star; beside each run after
 * the baseline, its verdict per figure ({@link CompareVerdicts}: better, worse or no significant change with the
 * confidence interval of the difference, from the stored samples). Under the table,
 * the runs' throughput and TTFT p50 in the same order ({@link CompareChart}). Widgets are tagged
 * {@code records:compare*}.
 * <p>
 * The view chooses the order: {@link RunStore#compare} keeps the order it is given (the command line's
 * {@code runs compare ID...} compares in the user's order).
 */
public final class ComparePart {

	@Inject
	@Service
	@Optional
	private RunStore store;

	@Inject
	private UISynchronize sync;

	private Background background;
	private TableViewer viewer;
	private CompareChart chart;
	private Label hint;
	private List<String> pending = List.of();

	@PostConstruct
	void create(Composite parent) {
		background = new Background("deepstress-records-compare", sync);
		GridLayoutFactory.fillDefaults().margins(6, 6).spacing(6, 6).applyTo(parent);
		hint = Forms.note(parent, "records:compare-hint");
		GridDataFactory.fillDefaults().grab(true, false).applyTo(hint);
		// the figures above, their chart below; the divider can be dragged
		org.eclipse.swt.custom.SashForm split = new org.eclipse.swt.custom.SashForm(parent, SWT.VERTICAL);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(split);
		viewer = Columns.table(split, "records:compare", SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
		chart = new CompareChart(split);
		split.setWeights(55, 45);
		show(pending);
	}

	@Inject
	@Optional
	void selected(@Named(Selections.RECORD_RUNS) List<String> runIds) {
		pending = runIds == null ? List.of() : List.copyOf(runIds);
		if (viewer != null) {
			show(pending);
		}
	}

	private void show(List<String> runIds) {
		if (runIds.isEmpty() || store == null) {
			background.cancelPending();
			display(null, store == null ? "The records store is not installed."
					: "Select runs in the Runs view (Ctrl+click for several) to compare them; the oldest is the baseline.");
			return;
		}
		RunStore current = store;
		background.latest(() -> CompareVerdicts.of(current, oldestFirst(current.compare(runIds))),
				(compared, failure) -> display(compared, failure == null ? null : "Cannot compare: " + failure.getMessage()));
	}

	/** The comparison with its runs in the order they started, the oldest the baseline; ties keep their order. */
	static RunComparison oldestFirst(RunComparison cmp) {
		List<RunSummary> sorted = cmp.runs().stream()
				.sorted(java.util.Comparator.comparingLong(RunSummary::startEpochMillis)).toList();
		return sorted.equals(cmp.runs()) ? cmp : RunComparison.of(sorted);
	}

	private void display(CompareVerdicts compared, String message) {
		if (viewer.getControl().isDisposed()) {
			return;
		}
		RunComparison cmp = compared == null ? null : compared.comparison();
		viewer.getTable().setRedraw(false);
		try {
			for (TableColumn c : viewer.getTable().getColumns()) {
				c.dispose();
			}
			if (cmp == null) {
				viewer.setInput(List.of());
				hint.setText(message);
			} else {
				Columns.text(viewer, "Figure", 16, 150, RunComparison.Row.class,
						r -> r.metric() + (r.unit().isEmpty() ? "" : " (" + r.unit() + ")"));
				for (int i = 0; i < cmp.runs().size(); i++) {
					int run = i;
					RunSummary s = cmp.runs().get(i);
					Columns.text(viewer, (i == 0 ? "baseline: " : "") + s.name(), 12, 120,
							RunComparison.Row.class, r -> cell(r, run));
				}
				// after the figures: each later run's verdict against the baseline
				for (int i = 1; i < cmp.runs().size(); i++) {
					var verdict = compared.verdicts().get(i - 1);
					Columns.text(viewer, "verdict: " + cmp.runs().get(i).name(), 16, 150, RunComparison.Row.class,
							r -> CompareVerdicts.cell(verdict, r));
				}
				viewer.setInput(cmp.rows());
				hint.setText(cmp.runs().size() == 1 ? "One run selected: its figures. Select more to compare."
						: cmp.runs().size() + " runs; changes against " + cmp.runs().get(0).name() + "; * the best value;"
								+ " verdicts: 95 % bootstrap interval of the difference, 5 % minimum effect");
			}
		} finally {
			viewer.getTable().setRedraw(true);
		}
		viewer.getTable().getParent().layout(true, true);
		hint.getParent().layout(true, true);
		chart.show(cmp);
	}

	static String cell(RunComparison.Row row, int run) {
		double v = row.values().get(run);
		if (Double.isNaN(v)) {
			return "–";
		}
		String value = v == Math.rint(v) && Math.abs(v) < 1e12 ? String.format(Locale.ROOT, "%.0f", v)
				: String.format(Locale.ROOT, "%.2f", v);
		double change = row.changes().get(run);
		String delta = run == 0 || Double.isNaN(change) ? "" : String.format(Locale.ROOT, "  (%+.1f %%)", change);
		return value + delta + (row.best() == run ? " *" : "");
	}

	@PreDestroy
	void dispose() {
		background.close();
	}
}
