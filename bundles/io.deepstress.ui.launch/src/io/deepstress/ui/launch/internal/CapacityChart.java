package io.deepstress.ui.launch.internal;

import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.IAxis;
import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ISeries;

import io.deepstress.core.capacity.CapacityLevel;
import io.deepstress.core.slo.SloLimit;
import io.deepstress.core.slo.SloMetric;
import io.deepstress.ui.parts.WidgetIds;

/**
 * The capacity curve: goodput per level (req/s, left axis), TTFT p50 and p99 per level (ms, right axis), and the
 * SLO's TTFT limit as a line, levels sorted.
 */
final class CapacityChart {

	static final String GOODPUT = "goodput (req/s)";
	static final String TTFT_P50 = "TTFT p50 (ms)";
	static final String TTFT_P99 = "TTFT p99 (ms)";
	static final String SLO_LINE = "SLO TTFT limit (ms)";

	private final Chart chart;
	private final int msAxis;

	CapacityChart(Composite parent) {
		chart = WidgetIds.tag(new Chart(parent, SWT.NONE), "capacity:chart");
		io.deepstress.ui.parts.ChartExport.install(chart);
		chart.getTitle().setText("Goodput and TTFT per level");
		chart.getAxisSet().getXAxis(0).getTitle().setText("level");
		chart.getAxisSet().getYAxis(0).getTitle().setText("goodput (req/s)");
		msAxis = chart.getAxisSet().createYAxis();
		chart.getAxisSet().getYAxis(msAxis).getTitle().setText("TTFT (ms)");
		chart.getAxisSet().getYAxis(msAxis).setPosition(IAxis.Position.Secondary);
		line(GOODPUT, 0, SWT.COLOR_DARK_BLUE, ILineSeries.PlotSymbolType.CIRCLE);
		line(TTFT_P50, msAxis, SWT.COLOR_DARK_GREEN, ILineSeries.PlotSymbolType.SQUARE);
		line(TTFT_P99, msAxis, SWT.COLOR_DARK_RED, ILineSeries.PlotSymbolType.TRIANGLE);
		line(SLO_LINE, msAxis, SWT.COLOR_RED, ILineSeries.PlotSymbolType.NONE);
	}

	Chart control() {
		return chart;
	}

	private void line(String id, int yAxis, int color, ILineSeries.PlotSymbolType symbol) {
		ILineSeries<?> s = (ILineSeries<?>) chart.getSeriesSet().createSeries(ISeries.SeriesType.LINE, id);
		s.setYAxisId(yAxis);
		s.setSymbolType(symbol);
		s.setLineColor(chart.getDisplay().getSystemColor(color));
		s.setSymbolColor(chart.getDisplay().getSystemColor(color));
	}

	/** Shows these levels (any order) and the first TTFT limit of the SLO, if it has one. */
	void show(List<CapacityLevel> levels, List<SloLimit> limits) {
		List<CapacityLevel> sorted = levels.stream().sorted(java.util.Comparator.comparingDouble(CapacityLevel::level))
				.toList();
		double[] x = sorted.stream().mapToDouble(CapacityLevel::level).toArray();
		set(GOODPUT, x, sorted.stream().mapToDouble(CapacityLevel::goodputRps).toArray());
		set(TTFT_P50, x, sorted.stream().mapToDouble(l -> orZero(l.ttftP50())).toArray());
		set(TTFT_P99, x, sorted.stream().mapToDouble(l -> orZero(l.ttftP99())).toArray());
		SloLimit ttft = limits.stream().filter(l -> l.metric() == SloMetric.TTFT).findFirst().orElse(null);
		if (ttft != null && x.length > 0) {
			set(SLO_LINE, new double[] { x[0], x[x.length - 1] }, new double[] { ttft.limitMillis(), ttft.limitMillis() });
		} else {
			set(SLO_LINE, new double[0], new double[0]);
		}
		chart.getAxisSet().adjustRange();
		chart.redraw();
	}

	/** Points of a series (for tests and exports). */
	int points(String series) {
		double[] y = chart.getSeriesSet().getSeries(series).getYSeries();
		return y == null ? 0 : y.length;
	}

	private void set(String id, double[] x, double[] y) {
		ISeries<?> s = chart.getSeriesSet().getSeries(id);
		s.setXSeries(x);
		s.setYSeries(y);
	}

	private static double orZero(double v) {
		return Double.isNaN(v) ? 0 : v;
	}
}
