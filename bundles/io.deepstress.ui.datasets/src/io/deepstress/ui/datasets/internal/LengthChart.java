package io.deepstress.ui.datasets.internal;

import java.util.List;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.IBarSeries;
import org.eclipse.swtchart.ISeries;

import io.deepstress.core.datasets.LengthHistogram;
import io.deepstress.ui.parts.WidgetIds;

/** A dataset's token-length histogram as an SWTChart bar chart, one bar per power-of-two bin. */
final class LengthChart {

	static final String SERIES = "lengths";

	private final Chart chart;

	LengthChart(Composite parent) {
		chart = WidgetIds.tag(new Chart(parent, SWT.NONE), "datasets:chart");
		io.deepstress.ui.parts.ChartExport.install(chart);
		GridDataFactory.fillDefaults().grab(true, true).span(2, 1).hint(SWT.DEFAULT, 220).applyTo(chart);
		chart.getTitle().setText("Prompt lengths");
		chart.getAxisSet().getXAxis(0).getTitle().setText("tokens (first turn)");
		chart.getAxisSet().getYAxis(0).getTitle().setText("prompts");
		chart.getLegend().setVisible(false);
	}

	/** Shows the histogram (null: none), titled with the dataset and the tokenizer. */
	void show(String title, LengthHistogram histogram) {
		if (chart.isDisposed()) {
			return;
		}
		if (chart.getSeriesSet().getSeries(SERIES) != null) {
			chart.getSeriesSet().deleteSeries(SERIES);
		}
		chart.getTitle().setText(title);
		if (histogram != null && histogram.count() > 0) {
			List<LengthHistogram.Bin> bins = histogram.bins();
			String[] categories = new String[bins.size()];
			double[] counts = new double[bins.size()];
			for (int i = 0; i < bins.size(); i++) {
				categories[i] = bins.get(i).low() + "-" + bins.get(i).high();
				counts[i] = bins.get(i).count();
			}
			chart.getAxisSet().getXAxis(0).enableCategory(true);
			chart.getAxisSet().getXAxis(0).setCategorySeries(categories);
			IBarSeries<?> bars = (IBarSeries<?>) chart.getSeriesSet().createSeries(ISeries.SeriesType.BAR, SERIES);
			bars.setYSeries(counts);
		}
		chart.getAxisSet().adjustRange();
		chart.redraw();
	}

	Chart widget() {
		return chart;
	}
}
