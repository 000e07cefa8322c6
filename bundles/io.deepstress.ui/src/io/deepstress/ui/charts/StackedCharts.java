package io.deepstress.ui.charts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.IAxis;
import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ISeries;
import org.eclipse.swtchart.Range;

import io.deepstress.ui.parts.WidgetIds;

/**
 * Charts stacked vertically on one shared time axis (seconds): a vertical crosshair that follows the mouse over any of
 * them and shows, above each chart, every series' value at that instant; zoom (drag a range, or the wheel) and pan
 * (shift-drag or middle-drag) move every chart together; double-click or Reset shows everything again. Widgets are
 * tagged {@code <prefix>:charts} (this), {@code <prefix>:chart-<group>}, {@code <prefix>:readout-<group>},
 * {@code <prefix>:crosshair} (the instant's label), {@code <prefix>:reset} and {@code <prefix>:charts-note} (shown when
 * there is nothing to chart).
 */
public final class StackedCharts extends Composite {

	private static final int[] COLORS = { SWT.COLOR_DARK_BLUE, SWT.COLOR_DARK_RED, SWT.COLOR_DARK_GREEN,
			SWT.COLOR_DARK_MAGENTA, SWT.COLOR_DARK_CYAN, SWT.COLOR_DARK_YELLOW, SWT.COLOR_BLUE, SWT.COLOR_RED };
	private static final double MIN_WIDTH_S = 1;

	private final String prefix;
	private final String xTitle;
	private final Label instant;
	private final Label note;
	private final Composite body;
	private final Map<String, Chart> charts = new LinkedHashMap<>();
	private final Map<String, Label> readouts = new LinkedHashMap<>();
	private List<ChartGroup> groups = List.of();
	private double crosshair = Double.NaN;
	/** The range shown, or null for everything. */
	private double[] view;

	/**
	 * @param prefix the widget tag prefix ({@code records}, {@code live}, {@code gpu})
	 * @param xTitle the shared axis' title, under the last chart
	 */
	public StackedCharts(Composite parent, String prefix, String xTitle) {
		super(parent, SWT.NONE);
		this.prefix = prefix;
		this.xTitle = xTitle;
		WidgetIds.tag(this, prefix + ":charts");
		GridLayoutFactory.fillDefaults().spacing(0, 2).applyTo(this);
		Composite top = new Composite(this, SWT.NONE);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(top);
		GridLayoutFactory.fillDefaults().numColumns(3).applyTo(top);
		instant = WidgetIds.tag(new Label(top, SWT.NONE), prefix + ":crosshair");
		GridDataFactory.fillDefaults().grab(true, false).applyTo(instant);
		WidgetIds.style(new Label(top, SWT.NONE), "deepstress-muted")
				.setText("drag: zoom · shift-drag: pan · wheel: zoom · double-click: all");
		Button reset = WidgetIds.tag(new Button(top, SWT.PUSH), prefix + ":reset");
		reset.setText("Reset zoom");
		reset.addListener(SWT.Selection, e -> resetRange());
		note = WidgetIds.style(WidgetIds.tag(new Label(this, SWT.WRAP), prefix + ":charts-note"), "deepstress-muted");
		GridDataFactory.fillDefaults().grab(true, false).exclude(true).applyTo(note);
		note.setVisible(false);
		body = new Composite(this, SWT.NONE);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(body);
		GridLayoutFactory.fillDefaults().spacing(0, 0).applyTo(body);
		showInstant();
	}

	/**
	 * Shows these charts, top to bottom. Charts of the same ids in the same order keep their widgets (only the data
	 * changes: a live view calls this every second); the zoom stays, the crosshair stays at its instant.
	 */
	public void setGroups(List<ChartGroup> next) {
		checkWidget();
		List<String> ids = next.stream().map(ChartGroup::id).toList();
		if (!ids.equals(new ArrayList<>(charts.keySet()))) {
			for (Chart c : charts.values()) {
				c.getParent().dispose();
			}
			charts.clear();
			readouts.clear();
			for (int i = 0; i < next.size(); i++) {
				create(next.get(i), i == next.size() - 1);
			}
		}
		groups = List.copyOf(next);
		for (ChartGroup g : groups) {
			fill(charts.get(g.id()), g);
		}
		applyRange();
		showInstant();
		body.layout(true, true);
	}

	/** A sentence in place of the charts (no data), or null to hide it. */
	public void setMessage(String message) {
		checkWidget();
		boolean show = message != null && !message.isEmpty();
		note.setText(show ? message : "");
		note.setVisible(show);
		((org.eclipse.swt.layout.GridData) note.getLayoutData()).exclude = !show;
		layout(true, true);
	}

	private void create(ChartGroup g, boolean last) {
		Composite cell = new Composite(body, SWT.NONE);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(cell);
		GridLayoutFactory.fillDefaults().spacing(0, 0).applyTo(cell);
		Label readout = WidgetIds.tag(new Label(cell, SWT.NONE), prefix + ":readout-" + g.id());
		GridDataFactory.fillDefaults().grab(true, false).applyTo(readout);
		Chart chart = WidgetIds.tag(new Chart(cell, SWT.NONE), prefix + ":chart-" + g.id());
		GridDataFactory.fillDefaults().grab(true, true).minSize(SWT.DEFAULT, 90).applyTo(chart);
		chart.getTitle().setText(g.title());
		chart.getLegend().setVisible(false);
		chart.getAxisSet().getXAxis(0).getTitle().setText(last ? xTitle : "");
		chart.getAxisSet().getXAxis(0).getTitle().setVisible(last);
		chart.getAxisSet().getYAxis(0).getTitle().setText(g.axisTitle());
		if (g.secondaryTitle() != null) {
			int id = chart.getAxisSet().createYAxis();
			IAxis right = chart.getAxisSet().getYAxis(id);
			right.setPosition(IAxis.Position.Secondary);
			right.getTitle().setText(g.secondaryTitle());
		}
		new ChartMouse(this, chart);
		io.deepstress.ui.parts.ChartExport.install(chart); // the context menu: PNG or SVG of this chart
		charts.put(g.id(), chart);
		readouts.put(g.id(), readout);
	}

	private void fill(Chart chart, ChartGroup g) {
		chart.suspendUpdate(true);
		try {
			for (ISeries<?> s : chart.getSeriesSet().getSeries()) {
				boolean kept = g.series().stream().anyMatch(t -> t.label().equals(s.getId()));
				if (!kept) {
					chart.getSeriesSet().deleteSeries(s.getId());
				}
			}
			int color = 0;
			for (TimeSeries t : g.series()) {
				ILineSeries<?> line = (ILineSeries<?>) chart.getSeriesSet().getSeries(t.label());
				if (line == null) {
					line = (ILineSeries<?>) chart.getSeriesSet().createSeries(ISeries.SeriesType.LINE, t.label());
					line.setSymbolType(ILineSeries.PlotSymbolType.NONE);
					line.setLineColor(getDisplay().getSystemColor(COLORS[color % COLORS.length]));
				}
				color++;
				line.setYAxisId(t.secondaryAxis() && chart.getAxisSet().getYAxisIds().length > 1
						? chart.getAxisSet().getYAxisIds()[1] : 0);
				line.setXSeries(t.x());
				line.setYSeries(t.y());
			}
			for (IAxis y : chart.getAxisSet().getYAxes()) {
				y.adjustRange();
			}
			if (g.percent()) {
				chart.getAxisSet().getYAxis(0).setRange(new Range(0, 100));
			}
		} finally {
			chart.suspendUpdate(false);
		}
	}

	/** Every point's range on the shared axis (the last bucket's second included); 0..1 when there is none. */
	public double[] fullRange() {
		double lo = Double.POSITIVE_INFINITY;
		double hi = Double.NEGATIVE_INFINITY;
		for (ChartGroup g : groups) {
			for (TimeSeries t : g.series()) {
				if (!t.isEmpty()) {
					lo = Math.min(lo, t.x()[0]);
					hi = Math.max(hi, t.x()[t.x().length - 1] + Math.min(1, t.holdSeconds()));
				}
			}
		}
		return lo > hi ? new double[] { 0, 1 } : new double[] { lo, Math.max(hi, lo + MIN_WIDTH_S) };
	}

	/** The range shown now. */
	public double[] range() {
		return view != null ? view.clone() : fullRange();
	}

	/** Shows {@code from..to} on every chart (at least a second wide). */
	public void setRange(double from, double to) {
		checkWidget();
		double lo = Math.min(from, to);
		double hi = Math.max(from, to);
		if (hi - lo < MIN_WIDTH_S) {
			double mid = (lo + hi) / 2;
			lo = mid - MIN_WIDTH_S / 2;
			hi = mid + MIN_WIDTH_S / 2;
		}
		view = new double[] { lo, hi };
		applyRange();
	}

	/** Zooms every chart by {@code factor} (below 1: in) around {@code centre}. */
	public void zoom(double factor, double centre) {
		double[] r = range();
		setRange(centre - (centre - r[0]) * factor, centre + (r[1] - centre) * factor);
	}

	/** Moves every chart's range by {@code seconds}. */
	public void pan(double seconds) {
		double[] r = range();
		setRange(r[0] + seconds, r[1] + seconds);
	}

	/** Shows everything again (a live view then follows the newest seconds). */
	public void resetRange() {
		checkWidget();
		view = null;
		applyRange();
	}

	private void applyRange() {
		double[] r = range();
		for (Chart c : charts.values()) {
			c.getAxisSet().getXAxis(0).setRange(new Range(r[0], r[1]));
			c.redraw();
		}
	}

	/** Puts the crosshair at {@code t} seconds on every chart (NaN hides it) and shows the values there. */
	public void setCrosshair(double t) {
		checkWidget();
		crosshair = t;
		showInstant();
		for (Chart c : charts.values()) {
			c.getPlotArea().getControl().redraw();
		}
	}

	/** The crosshair's instant, NaN when none. */
	public double crosshair() {
		return crosshair;
	}

	/** Every series' value at {@code t}: chart id to series label to value (NaN where none holds). */
	public Map<String, Map<String, Double>> valuesAt(double t) {
		Map<String, Map<String, Double>> out = new LinkedHashMap<>();
		for (ChartGroup g : groups) {
			Map<String, Double> values = new LinkedHashMap<>();
			for (TimeSeries s : g.series()) {
				values.put(s.label(), s.valueAt(t));
			}
			out.put(g.id(), values);
		}
		return out;
	}

	/** The text above chart {@code id}. */
	public String readout(String id) {
		Label l = readouts.get(id);
		return l == null ? null : l.getText();
	}

	/** The chart of group {@code id}, or null. */
	public Chart chart(String id) {
		return charts.get(id);
	}

	/** The ids of the charts shown, top to bottom. */
	public List<String> groupIds() {
		return List.copyOf(charts.keySet());
	}

	private void showInstant() {
		boolean at = !Double.isNaN(crosshair);
		instant.setText(at ? String.format(Locale.ROOT, "at %.1f s", crosshair)
				: groups.isEmpty() ? "" : "move the mouse over a chart to read every value at one instant");
		for (ChartGroup g : groups) {
			Label l = readouts.get(g.id());
			StringBuilder text = new StringBuilder(g.title()).append(':');
			for (TimeSeries s : g.series()) {
				text.append("  ").append(s.label()).append(' ')
						.append(at ? format(s.valueAt(crosshair), s.unit()) : "");
			}
			l.setText(text.toString().stripTrailing());
		}
		instant.getParent().layout(true);
	}

	/** A value as the readouts show it: "–" for none, else one decimal (none from 100 up), then the unit. */
	public static String format(double v, String unit) {
		if (Double.isNaN(v) || Double.isInfinite(v)) {
			return "–";
		}
		String n = Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
		return unit == null || unit.isEmpty() ? n : n + " " + unit;
	}
}
