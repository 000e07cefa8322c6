package io.deepstress.ui.charts;

import java.util.List;

/**
 * One chart of a {@link StackedCharts} view.
 *
 * @param id             stable id: the chart is tagged {@code <prefix>:chart-<id>}, its readout {@code <prefix>:readout-<id>}
 * @param title          the chart's title
 * @param axisTitle      the left-hand axis' title
 * @param secondaryTitle the right-hand axis' title, or null when no series uses it
 * @param percent        whether the left-hand axis is fixed at 0..100
 * @param series         the lines
 */
public record ChartGroup(String id, String title, String axisTitle, String secondaryTitle, boolean percent,
		List<TimeSeries> series) {

	public ChartGroup {
		series = List.copyOf(series);
	}

	/** A chart with one axis. */
	public static ChartGroup of(String id, String title, String axisTitle, List<TimeSeries> series) {
		return new ChartGroup(id, title, axisTitle, null, false, series);
	}
}
