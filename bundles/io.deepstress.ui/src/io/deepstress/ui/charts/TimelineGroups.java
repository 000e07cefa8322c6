package io.deepstress.ui.charts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.timeline.ServerMeaning;
import io.deepstress.core.timeline.ServerSeries;
import io.deepstress.core.timeline.TimelinePoint;

/**
 * The charts of one run on its own clock ({@code t_s}, seconds since its start), kept apart from SWT: client latency
 * (TTFT p50/p99 of the requests whose first token came in each second), output tokens per second, requests (in
 * flight, completed and failed per second), the server's queue (running, waiting) and KV-cache usage when they were
 * scraped, and one chart per GPU (utilisation and memory in %, temperature and power on the right-hand axis) from the
 * GPU samples placed on the run's clock by their wall-clock time. Charts without any data are left out.
 */
public final class TimelineGroups {

	/** Chart ids. */
	public static final String LATENCY = "latency";
	public static final String THROUGHPUT = "throughput";
	public static final String REQUESTS = "requests";
	public static final String SERVER_QUEUE = "server-queue";
	public static final String KV_CACHE = "kv-cache";
	/** A GPU's chart id: this and the GPU's place in the order they first appear (0, 1, ...). */
	public static final String GPU = "gpu-";

	/** Series labels. */
	public static final String TTFT_P50 = "TTFT p50";
	public static final String TTFT_P99 = "TTFT p99";
	public static final String OUTPUT_TOKENS = "output tok/s";
	public static final String IN_FLIGHT = "in flight";
	public static final String COMPLETED = "completed/s";
	public static final String FAILED = "failed/s";
	public static final String UTILISATION = "util";
	public static final String MEMORY = "memory";
	public static final String TEMPERATURE = "temp";
	public static final String POWER = "power";

	private TimelineGroups() {
	}

	/**
	 * @param startEpochMillis the wall-clock instant of {@code t_s = 0} (for the GPU samples)
	 */
	public static List<ChartGroup> of(List<TimelinePoint> points, List<ServerSeries> server, List<GpuSample> gpu,
			long startEpochMillis) {
		List<ChartGroup> out = new ArrayList<>();
		out.addAll(client(points));
		out.addAll(server(server));
		out.addAll(gpus(gpu, s -> (s.epochMillis() - startEpochMillis) / 1000.0));
		return out;
	}

	/** The client's charts of a timeline (none when it has no second). */
	public static List<ChartGroup> client(List<TimelinePoint> points) {
		if (points.isEmpty()) {
			return List.of();
		}
		double[] x = points.stream().mapToDouble(TimelinePoint::tS).toArray();
		return List.of(
				ChartGroup.of(LATENCY, "Client latency (requests whose first token came in the second)", "ms",
						List.of(TimeSeries.of(TTFT_P50, "ms", x, y(points, TimelinePoint::ttftP50Ms), 1),
								TimeSeries.of(TTFT_P99, "ms", x, y(points, TimelinePoint::ttftP99Ms), 1))),
				ChartGroup.of(THROUGHPUT, "Output tokens per second", "tok/s",
						List.of(TimeSeries.of(OUTPUT_TOKENS, "tok/s", x, y(points, TimelinePoint::outputTokensPerS), 1))),
				ChartGroup.of(REQUESTS, "Requests (completed and failed: those that ended in the second)", "requests",
						List.of(TimeSeries.of(IN_FLIGHT, "", x, y(points, TimelinePoint::inFlight), 1),
								TimeSeries.of(COMPLETED, "", x, y(points, p -> p.completed()), 1),
								TimeSeries.of(FAILED, "", x, y(points, p -> p.failed()), 1))));
	}

	/** The server's queue and KV-cache charts, from the series with those meanings (none when not scraped). */
	public static List<ChartGroup> server(List<ServerSeries> series) {
		List<TimeSeries> queue = new ArrayList<>();
		List<TimeSeries> kv = new ArrayList<>();
		for (ServerSeries s : series) {
			String m = s.meaning();
			if (ServerMeaning.RUNNING.equals(m) || ServerMeaning.WAITING.equals(m)) {
				queue.add(serverLine(s, m, 1, queue));
			} else if (ServerMeaning.KV_CACHE_USAGE.equals(m)) {
				kv.add(serverLine(s, "KV cache", 100, kv));
			}
		}
		List<ChartGroup> out = new ArrayList<>();
		if (!queue.isEmpty()) {
			out.add(ChartGroup.of(SERVER_QUEUE, "Server queue (scraped /metrics)", "requests", queue));
		}
		if (!kv.isEmpty()) {
			out.add(new ChartGroup(KV_CACHE, "Server KV-cache usage", "%", null, true, kv));
		}
		return out;
	}

	private static TimeSeries serverLine(ServerSeries s, String name, double scale, List<TimeSeries> before) {
		double[] x = new double[s.points().size()];
		double[] y = new double[x.length];
		for (int i = 0; i < x.length; i++) {
			x[i] = s.points().get(i)[0];
			y[i] = s.points().get(i)[1] * scale;
		}
		String label = name;
		int n = 2;
		while (taken(before, label)) {
			label = name + " #" + n++;
		}
		return TimeSeries.of(label, scale == 100 ? "%" : "", x, y, hold(x));
	}

	private static boolean taken(List<TimeSeries> lines, String label) {
		return lines.stream().anyMatch(l -> l.label().equals(label));
	}

	/**
	 * One chart per GPU ({@link GpuSample#gpuKey()}, in the order they first appear), {@code clock} placing a sample on
	 * the shared axis. A reading the source could not give is NaN (a gap, never zero).
	 */
	public static List<ChartGroup> gpus(List<GpuSample> samples, ToDoubleFunction<GpuSample> clock) {
		Map<String, List<GpuSample>> byGpu = new LinkedHashMap<>();
		for (GpuSample s : samples) {
			byGpu.computeIfAbsent(s.gpuKey(), k -> new ArrayList<>()).add(s);
		}
		List<ChartGroup> out = new ArrayList<>();
		int n = 0;
		for (List<GpuSample> list : byGpu.values()) {
			double[] x = list.stream().mapToDouble(clock).toArray();
			double hold = hold(x);
			GpuSample first = list.get(0);
			String title = first.host() + " gpu" + first.index() + (first.name() == null ? "" : " " + first.name());
			out.add(new ChartGroup(GPU + n++, title, "%", "°C / W", true, List.of(
					TimeSeries.of(UTILISATION, "%", x, y(list, s -> s.utilization() == null ? Double.NaN : s.utilization()),
							hold),
					TimeSeries.of(MEMORY, "%", x, y(list, TimelineGroups::memoryPercent), hold),
					TimeSeries.of(TEMPERATURE, "°C", x,
							y(list, s -> s.temperatureC() == null ? Double.NaN : s.temperatureC()), hold).onSecondaryAxis(),
					TimeSeries.of(POWER, "W", x, y(list, s -> s.powerW() == null ? Double.NaN : s.powerW()), hold)
							.onSecondaryAxis())));
		}
		return out;
	}

	/** Memory used as % of the total, NaN when either is unknown. */
	public static double memoryPercent(GpuSample s) {
		if (s.memoryUsedMiB() == null || s.memoryTotalMiB() == null || s.memoryTotalMiB() <= 0) {
			return Double.NaN;
		}
		return 100.0 * s.memoryUsedMiB() / s.memoryTotalMiB();
	}

	/** How long a sampled series' value holds: twice its median interval, at least 1.5 s. */
	static double hold(double[] x) {
		if (x.length < 2) {
			return 1.5;
		}
		double[] d = new double[x.length - 1];
		for (int i = 1; i < x.length; i++) {
			d[i - 1] = x[i] - x[i - 1];
		}
		Arrays.sort(d);
		return Math.max(1.5, 2 * d[d.length / 2]);
	}

	private static <T> double[] y(List<T> items, ToDoubleFunction<T> f) {
		return items.stream().mapToDouble(f).toArray();
	}
}
