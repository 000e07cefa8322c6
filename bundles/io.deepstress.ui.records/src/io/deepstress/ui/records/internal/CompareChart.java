package io.deepstress.ui.records.internal;

import java.util.List;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.IAxis;
import org.eclipse.swtchart.IAxisSet;
import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ISeries;
import org.eclipse.swtchart.Range;

import io.deepstress.core.metrics.RunComparison;
import io.deepstress.core.run.RunSummary;
import io.deepstress.ui.parts.WidgetIds;

/**
 * The compared runs in their order as a chart ({@code records:compare-chart}): output throughput (tok/s, left
 * axis) and TTFT p50 (ms, right axis) per run, one point per run, the runs named on the x axis. The runs come
 * oldest first ({@link ComparePart}), so a sweep's levels show how throughput and latency move with the load. A run without
 * the figure (no successful request) is drawn at 0.
 */
final class CompareChart {

	static final String THROUGHPUT = "output tok/s";
	static final String TTFT = "TTFT p50 (ms)";

	private final Chart chart;

	CompareChart(Composite parent) {
		chart = WidgetIds.tag(new Chart(parent, SWT.NONE), "records:compare-chart");
		io.deepstress.ui.parts.ChartExport.install(chart);
		if (parent.getLayout() instanceof org.eclipse.swt.layout.GridLayout) {
			GridDataFactory.fillDefaults().grab(true, true).hint(SWT.DEFAULT, 220).applyTo(chart);
		}
		chart.getTitle().setText("Throughput and TTFT p50 per run");
		IAxisSet axes = chart.getAxisSet();
		axes.getXAxis(0).getTitle().setText("run");
		axes.getXAxis(0).setCategorySeries(categories(null));
		axes.getXAxis(0).enableCategory(true);
		axes.getYAxis(0).getTitle().setText(THROUGHPUT);
		int ttftAxis = axes.createYAxis();
		axes.getYAxis(ttftAxis).getTitle().setText(TTFT);
		axes.getYAxis(ttftAxis).setPosition(IAxis.Position.Secondary);
		line(THROUGHPUT, 0, SWT.COLOR_DARK_BLUE);
		line(TTFT, ttftAxis, SWT.COLOR_DARK_RED);
	}

	private void line(String id, int yAxis, int color) {
		ILineSeries<?> s = (ILineSeries<?>) chart.getSeriesSet().createSeries(ISeries.SeriesType.LINE, id);
		s.setYAxisId(yAxis);
		s.setSymbolType(ILineSeries.PlotSymbolType.CIRCLE);
		s.setSymbolColor(chart.getDisplay().getSystemColor(color));
		s.setLineColor(chart.getDisplay().getSystemColor(color));
		s.setYSeries(new double[0]);
	}

	/** Shows these runs' figures, or none when {@code cmp} is null. */
	void show(RunComparison cmp) {
		if (chart.isDisposed()) {
			return;
		}
		chart.getSeriesSet().getSeries(THROUGHPUT).setYSeries(values(cmp, "output tokens"));
		chart.getSeriesSet().getSeries(TTFT).setYSeries(values(cmp, "TTFT p50"));
		chart.getAxisSet().getXAxis(0).setCategorySeries(categories(cmp));
		chart.getAxisSet().adjustRange();
		// both figures from zero: a few milliseconds more TTFT must not look like a jump
		for (IAxis y : chart.getAxisSet().getYAxes()) {
			double top = y.getRange().upper;
			if (top > 0) {
				y.setRange(new Range(0, top * 1.1));
			}
		}
		chart.redraw();
	}

	/**
	 * The runs' names, without the words they all start with (a sweep's "Built-in simulator c1", "... c8" become
	 * "c1", "c8"); one blank category while nothing is compared, as SWTChart cannot lay out a category axis
	 * without categories ("min must be less than max").
	 */
	static String[] categories(RunComparison cmp) {
		return cmp == null ? new String[] { "" } : shortNames(cmp.runs().stream().map(RunSummary::name).toList());
	}

	/** The names without their common leading words, when there are several and each keeps something. */
	static String[] shortNames(List<String> names) {
		if (names.size() < 2) {
			return names.toArray(String[]::new);
		}
		String first = names.get(0);
		int common = first.length();
		for (String name : names) {
			int i = 0;
			while (i < common && i < name.length() && name.charAt(i) == first.charAt(i)) {
				i++;
			}
			common = i;
		}
		int cut = first.lastIndexOf(' ', common - 1) + 1; // whole words only
		if (cut == 0 || names.stream().anyMatch(n -> n.length() <= cut)) {
			return names.toArray(String[]::new);
		}
		return names.stream().map(n -> n.substring(cut)).toArray(String[]::new);
	}

	/** One value per run of this figure of the comparison, NaN as 0. */
	static double[] values(RunComparison cmp, String metric) {
		if (cmp == null) {
			return new double[0];
		}
		List<Double> values = cmp.row(metric).map(RunComparison.Row::values).orElseThrow(
				() -> new IllegalStateException("The comparison has no figure '" + metric + "'"));
		return values.stream().mapToDouble(v -> Double.isNaN(v) ? 0 : v).toArray();
	}
}
