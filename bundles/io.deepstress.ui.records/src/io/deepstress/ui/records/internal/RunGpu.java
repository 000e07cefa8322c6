package io.deepstress.ui.records.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.deepstress.core.gpu.GpuSample;

/**
 * The numbers behind the Run Charts view's GPU chart, kept apart from SWT: each GPU's utilisation during a
 * run, x in seconds since the run's start, one line per GPU ({@link GpuSample#gpuKey()}: host and UUID, or
 * host and index) in the order the GPUs first appear. Samples without a utilisation (the source could not
 * give one) are left out, never drawn as zero; a long run's lines are thinned to every k-th point, at most
 * about {@code maxPoints} each.
 *
 * @param lines   one line per GPU
 * @param samples how many GPU samples the run has (with or without a utilisation)
 */
record RunGpu(List<Line> lines, int samples) {

	/**
	 * One GPU's line.
	 *
	 * @param key         the series id, {@link GpuSample#gpuKey()}
	 * @param label       for the legend: host, index and product name
	 * @param seconds     seconds since the run's start
	 * @param utilisation percent
	 */
	record Line(String key, String label, double[] seconds, double[] utilisation) {
	}

	static RunGpu of(long startEpochMillis, List<GpuSample> samples, int maxPoints) {
		Map<String, List<GpuSample>> byGpu = new LinkedHashMap<>();
		for (GpuSample s : samples) {
			if (s.utilization() != null) {
				byGpu.computeIfAbsent(s.gpuKey(), k -> new ArrayList<>()).add(s);
			}
		}
		List<Line> lines = new ArrayList<>();
		for (Map.Entry<String, List<GpuSample>> e : byGpu.entrySet()) {
			List<GpuSample> points = e.getValue();
			int step = Math.max(1, (points.size() + maxPoints - 1) / maxPoints);
			int n = (points.size() + step - 1) / step;
			double[] x = new double[n];
			double[] y = new double[n];
			for (int i = 0; i < n; i++) {
				GpuSample s = points.get(i * step);
				x[i] = (s.epochMillis() - startEpochMillis) / 1000.0;
				y[i] = s.utilization();
			}
			GpuSample first = points.get(0);
			lines.add(new Line(e.getKey(), first.host() + " gpu" + first.index() + (first.name() == null ? "" : " " + first.name()),
					x, y));
		}
		return new RunGpu(List.copyOf(lines), samples.size());
	}
}
