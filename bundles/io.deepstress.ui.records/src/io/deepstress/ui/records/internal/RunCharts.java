package io.deepstress.ui.records.internal;

import java.util.List;

import io.deepstress.core.run.RequestResult;

/**
 * The numbers behind the Run Charts view, kept apart from SWT so they can be checked alone: the
 * response-time histogram and the generation speed per request (the original tool's two charts; speed =
 * chars / E2E as in DESIGN.md), from a run's stored attempts (final, measured, successful ones).
 */
record RunCharts(double[] binStartsSeconds, double[] binCounts, double binWidthSeconds, double[] requestIndex,
		double[] charsPerSecond, int requests) {

	static final int BINS = 30;

	static RunCharts of(List<RequestResult> attempts) {
		List<RequestResult> ok = attempts.stream().filter(r -> r.last() && !r.warmup() && r.succeeded() && r.e2eNanos() > 0)
				.toList();
		int n = ok.size();
		double[] index = new double[n];
		double[] speed = new double[n];
		double min = Double.POSITIVE_INFINITY;
		double max = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < n; i++) {
			RequestResult r = ok.get(i);
			double e2e = r.e2eNanos() / 1e9;
			index[i] = r.index();
			speed[i] = r.chars() / e2e;
			min = Math.min(min, e2e);
			max = Math.max(max, e2e);
		}
		if (n == 0) {
			return new RunCharts(new double[0], new double[0], 0, index, speed, 0);
		}
		// equal-width bins over [min, max]; one bin of 1 ms when every request took the same time
		double width = max > min ? (max - min) / BINS : 0.001;
		int bins = max > min ? BINS : 1;
		double[] starts = new double[bins];
		double[] counts = new double[bins];
		for (int b = 0; b < bins; b++) {
			starts[b] = min + b * width;
		}
		for (RequestResult r : ok) {
			int b = (int) Math.min(bins - 1, Math.floor((r.e2eNanos() / 1e9 - min) / width));
			counts[b]++;
		}
		return new RunCharts(starts, counts, width, index, speed, n);
	}
}
