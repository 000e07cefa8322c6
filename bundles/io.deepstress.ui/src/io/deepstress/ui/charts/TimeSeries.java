package io.deepstress.ui.charts;

import java.util.Arrays;

/**
 * One line of a {@link StackedCharts} chart: points on the shared time axis (seconds), oldest first. A point's value
 * holds from its instant for {@code holdSeconds} (a per-second bucket: 1; a sample taken every second: a little more
 * than its interval), so the crosshair reads the value in force at an instant, or none ("–") in a gap.
 *
 * @param label         the series' name, as the readout shows it ({@code TTFT p50})
 * @param unit          appended to the value in the readout ({@code ms}, {@code %}), or empty
 * @param x             seconds on the shared axis, ascending
 * @param y             the values, NaN where there is none
 * @param holdSeconds   how long a point's value holds
 * @param secondaryAxis whether the line is drawn against the chart's right-hand axis
 */
public record TimeSeries(String label, String unit, double[] x, double[] y, double holdSeconds, boolean secondaryAxis) {

	public TimeSeries {
		if (x.length != y.length) {
			throw new IllegalArgumentException(label + ": " + x.length + " x values for " + y.length + " y values");
		}
	}

	/** A series on the chart's left-hand axis. */
	public static TimeSeries of(String label, String unit, double[] x, double[] y, double holdSeconds) {
		return new TimeSeries(label, unit, x, y, holdSeconds, false);
	}

	/** The same series drawn against the right-hand axis. */
	public TimeSeries onSecondaryAxis() {
		return new TimeSeries(label, unit, x, y, holdSeconds, true);
	}

	/** The value in force at {@code t}: the last point at or before {@code t} while it holds; NaN when none. */
	public double valueAt(double t) {
		int i = Arrays.binarySearch(x, t);
		if (i < 0) {
			i = -i - 2; // the last point before t
		} else {
			while (i + 1 < x.length && x[i + 1] == t) {
				i++;
			}
		}
		if (i < 0 || t - x[i] >= holdSeconds) {
			return Double.NaN;
		}
		return y[i];
	}

	/** Whether the series has no point at all. */
	public boolean isEmpty() {
		return x.length == 0;
	}
}
