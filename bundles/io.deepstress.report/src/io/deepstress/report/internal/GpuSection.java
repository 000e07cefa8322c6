package io.deepstress.report.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.report.Html;
import io.deepstress.core.report.ReportContext;
import io.deepstress.core.report.ReportSection;
import io.deepstress.core.report.SvgChart;
import io.deepstress.core.run.RunRecord;

/** The GPUs recorded with the runs: utilisation, memory, power and temperature; a chart of utilisation for a run. */
final class GpuSection implements ReportSection {

	@Override
	public int order() {
		return 700;
	}

	@Override
	public Optional<String> html(ReportContext c) {
		StringBuilder rows = new StringBuilder();
		StringBuilder charts = new StringBuilder();
		for (RunRecord r : c.runs()) {
			List<GpuSample> samples = c.store().gpuSamples(r.summary().runId());
			Map<String, List<GpuSample>> byGpu = new LinkedHashMap<>();
			samples.forEach(s -> byGpu.computeIfAbsent(s.gpuKey(), k -> new ArrayList<>()).add(s));
			for (List<GpuSample> gpu : byGpu.values()) {
				GpuSample first = gpu.get(0);
				rows.append(Html.row(Html.escape(EnvironmentSection.label(r.summary())),
						Html.escape(first.host() + " #" + first.index() + (first.name() != null ? " " + first.name() : "")),
						Integer.toString(gpu.size()), Html.num(mean(gpu, GpuSample::utilization), 1),
						Html.num(max(gpu, GpuSample::utilization), 1),
						Html.num(max(gpu, s -> s.memoryUsedMiB() == null ? null : s.memoryUsedMiB().doubleValue()), 0),
						Html.num(max(gpu, s -> s.memoryTotalMiB() == null ? null : s.memoryTotalMiB().doubleValue()), 0),
						Html.num(mean(gpu, GpuSample::powerW), 1), Html.num(max(gpu, GpuSample::powerW), 1),
						Html.num(max(gpu, GpuSample::temperatureC), 1)));
			}
			if (!c.isBatch() && !byGpu.isEmpty()) {
				SvgChart chart = SvgChart.of("gpu-utilisation", "GPU utilisation", "seconds since the run started", "%");
				long start = r.summary().startEpochMillis();
				for (List<GpuSample> gpu : byGpu.values()) {
					double[] x = gpu.stream().mapToDouble(s -> (s.epochMillis() - start) / 1000.0).toArray();
					double[] y = gpu.stream().mapToDouble(s -> s.utilization() == null ? Double.NaN : s.utilization())
							.toArray();
					chart.line(gpu.get(0).host() + " #" + gpu.get(0).index(), x, y);
				}
				charts.append(chart.svg());
			}
		}
		if (rows.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of("<section id=\"gpu\"><h2>GPUs</h2><table>" + Html.head("run", "GPU", "samples",
				"utilisation mean (%)", "max", "memory max (MiB)", "of (MiB)", "power mean (W)", "max",
				"temperature max (°C)") + rows + "</table>" + charts + "</section>\n");
	}

	private static double mean(List<GpuSample> s, Function<GpuSample, Double> f) {
		return s.stream().map(f).filter(Objects::nonNull).mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
	}

	private static double max(List<GpuSample> s, Function<GpuSample, Double> f) {
		return s.stream().map(f).filter(Objects::nonNull).mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
	}
}
