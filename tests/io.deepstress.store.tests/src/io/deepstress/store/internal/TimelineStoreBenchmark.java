package io.deepstress.store.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.deepstress.core.timeline.RunTimeline;
import io.deepstress.core.timeline.ServerMeaning;
import io.deepstress.core.timeline.ServerMetricsStatus;
import io.deepstress.core.timeline.ServerSeries;
import io.deepstress.core.timeline.TimelinePoint;

/**
 * The stored size of a 10-hour run's timeline with 10 server series scraped every second, and the time to read it
 * back (benchmarks/measure.sh timeline; not a test). Written to target/timeline-benchmark.txt.
 */
class TimelineStoreBenchmark {

	@Test
	void aTenHourTimeline() throws Exception {
		int seconds = 36_000;
		Random random = new Random(14);
		List<TimelinePoint> points = new ArrayList<>(seconds);
		for (int s = 0; s < seconds; s++) {
			points.add(new TimelinePoint(s, 60 + random.nextDouble() * 4, 20 + random.nextInt(5), 20 + random.nextInt(5),
					random.nextInt(20) == 0 ? 1 : 0, 2900 + random.nextDouble() * 200, 140 + random.nextDouble() * 30,
					400 + random.nextDouble() * 100, 19 + random.nextDouble() * 2, 24 + random.nextDouble() * 6));
		}
		List<ServerSeries> series = new ArrayList<>();
		String[] names = { "vllm:num_requests_running", "vllm:num_requests_waiting", "vllm:kv_cache_usage_perc",
				"vllm:prefix_cache_hit_rate", "vllm:num_preemptions_total", "vllm:prompt_tokens_total",
				"vllm:generation_tokens_total", "vllm:time_to_first_token_seconds", "vllm:inter_token_latency_seconds",
				"vllm:time_per_output_token_seconds" };
		for (String name : names) {
			List<double[]> p = new ArrayList<>(seconds);
			for (int s = 0; s < seconds; s++) {
				p.add(new double[] { s + 0.003 + random.nextDouble() * 0.01, random.nextDouble() * 100 });
			}
			series.add(new ServerSeries(name, ServerMeaning.RUNNING, Map.of("engine", "0", "model_name", "org/model"), p));
		}
		Path dir = Path.of(System.getProperty("deepstress.test.dir"), UUID.randomUUID().toString());
		DerbyRunStore store = TestStores.runStore(dir.resolve("db"), null);
		try {
			String old = Files.readString(Path.of(System.getProperty("deepstress.test.resources"), "export-v1", "export.json"));
			String runId = store.importJson(old.substring(0, old.length() - 1));
			long before = size(dir);
			RunTimeline t = new RunTimeline(runId, 0, points, series,
					new ServerMetricsStatus("http://h/metrics", ServerMetricsStatus.State.OK, "vllm", seconds, null));
			long t0 = System.nanoTime();
			store.saveTimeline(t);
			double saveMs = (System.nanoTime() - t0) / 1e6;
			long after = size(dir);
			int json = StoreJson.write(io.deepstress.core.timeline.TimelineFormat.toMap(t)).length();
			long[] reads = new long[5];
			for (int i = 0; i < reads.length; i++) {
				long r0 = System.nanoTime();
				store.timeline(runId).orElseThrow();
				reads[i] = System.nanoTime() - r0;
			}
			Arrays.sort(reads);
			String report = String.format(Locale.ROOT, "10-hour timeline (36,000 points) + 10 server series x 36,000 points%n"
					+ "JSON %.1f MB (stored gzipped); database growth %.1f MB; save %.0f ms; read back median %.0f ms (best %.0f)%n"
					+ "client timeline alone: %.1f MB of JSON%n",
					json / 1e6, (after - before) / 1e6, saveMs, reads[2] / 1e6, reads[0] / 1e6,
					StoreJson.write(io.deepstress.core.timeline.TimelineFormat.points(points)).length() / 1e6);
			System.out.print(TestStores.described(report.toString()));
			Files.writeString(Path.of(System.getProperty("deepstress.test.dir")).resolve("../" + TestStores.reportName("timeline-benchmark")), TestStores.described(report.toString()));
		} finally {
			store.close();
		}
	}

	private static long size(Path dir) throws Exception {
		try (Stream<Path> files = Files.walk(dir)) {
			return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
		}
	}
}
