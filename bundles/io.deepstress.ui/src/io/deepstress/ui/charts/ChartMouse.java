package io.deepstress.ui.charts;

import org.eclipse.swt.SWT;
import org.eclipse.swt.events.PaintEvent;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.IAxis;
import org.eclipse.swtchart.ICustomPaintListener;

/**
 * The mouse on one chart of a {@link StackedCharts}: the crosshair follows it, a left drag zooms to the dragged range,
 * a shift- or middle-drag pans, the wheel zooms around the pointer, a double-click shows everything; all of it through
 * the stack, so every chart moves together. Also paints the crosshair and the dragged band on the plot area.
 */
final class ChartMouse implements ICustomPaintListener {

	private static final int DRAG_PIXELS = 4;
	private static final double WHEEL_IN = 0.8;

	private final StackedCharts stack;
	private final Chart chart;
	private final Control plot;
	/** Pixel where a zoom drag started, or -1. */
	private int zoomFrom = -1;
	private int zoomTo = -1;
	/** Data coordinate where a pan started, or NaN. */
	private double panFrom = Double.NaN;

	ChartMouse(StackedCharts stack, Chart chart) {
		this.stack = stack;
		this.chart = chart;
		this.plot = chart.getPlotArea().getControl();
		chart.getPlotArea().addCustomPaintListener(this);
		plot.addListener(SWT.MouseMove, this::moved);
		plot.addListener(SWT.MouseDown, this::down);
		plot.addListener(SWT.MouseUp, this::up);
		plot.addListener(SWT.MouseWheel, this::wheel);
		plot.addListener(SWT.MouseDoubleClick, e -> stack.resetRange());
	}

	private IAxis x() {
		return chart.getAxisSet().getXAxis(0);
	}

	private void moved(Event e) {
		double t = x().getDataCoordinate(e.x);
		if (!Double.isNaN(panFrom)) {
			stack.pan(panFrom - t); // the point grabbed stays under the pointer
			return;
		}
		if (zoomFrom >= 0) {
			zoomTo = e.x;
		}
		stack.setCrosshair(t);
	}

	private void down(Event e) {
		if (e.button == 2 || e.button == 1 && (e.stateMask & SWT.SHIFT) != 0) {
			panFrom = x().getDataCoordinate(e.x);
		} else if (e.button == 1) {
			zoomFrom = e.x;
			zoomTo = e.x;
		}
	}

	private void up(Event e) {
		if (zoomFrom >= 0 && Math.abs(e.x - zoomFrom) > DRAG_PIXELS) {
			stack.setRange(x().getDataCoordinate(zoomFrom), x().getDataCoordinate(e.x));
		}
		zoomFrom = -1;
		zoomTo = -1;
		panFrom = Double.NaN;
		plot.redraw();
	}

	private void wheel(Event e) {
		if (e.count == 0) {
			return;
		}
		stack.zoom(e.count > 0 ? WHEEL_IN : 1 / WHEEL_IN, x().getDataCoordinate(e.x));
		e.doit = false;
	}

	@Override
	public void paintControl(PaintEvent e) {
		Point size = plot.getSize();
		if (zoomFrom >= 0 && zoomTo != zoomFrom) {
			e.gc.setAlpha(60);
			e.gc.setBackground(plot.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
			e.gc.fillRectangle(Math.min(zoomFrom, zoomTo), 0, Math.abs(zoomTo - zoomFrom), size.y);
			e.gc.setAlpha(255);
		}
		double t = stack.crosshair();
		if (!Double.isNaN(t)) {
			int px = x().getPixelCoordinate(t);
			if (px >= 0 && px <= size.x) {
				e.gc.setForeground(plot.getDisplay().getSystemColor(SWT.COLOR_BLACK));
				e.gc.setLineStyle(SWT.LINE_DASH);
				e.gc.drawLine(px, 0, px, size.y);
				e.gc.setLineStyle(SWT.LINE_SOLID);
			}
		}
	}

	@Override
	public boolean drawBehindSeries() {
		return false;
	}
}
