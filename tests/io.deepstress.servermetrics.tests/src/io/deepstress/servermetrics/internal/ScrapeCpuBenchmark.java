package io.deepstress.servermetrics.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.deepstress.core.timeline.ServerMetricsSource;

/**
 * The cost of scraping a /metrics of 2,000 series every second (benchmarks/measure.sh servermetrics; not a test):
 * the JVM's CPU time while scraping a loopback server for {@code servermetrics.bench.seconds} (default 20), minus
 * the same window idle, as a share of one core; and the parse time of one such text. The loopback server writes a
 * prepared byte array (its own cost is in the figure, so the figure is an upper bound).
 */
class ScrapeCpuBenchmark {

	/** A vLLM-like text: 8 models x (10 gauges/counters + 3 histograms of 20 buckets + sum + count) + filler = 2,000. */
	static String text(int series) {
		StringBuilder b = new StringBuilder(series * 120);
		int n = 0;
		for (int m = 0; n < series; m++) {
			String labels = "engine=\"0\",model_name=\"org/model-" + m + "\"";
			b.append("vllm:num_requests_running{").append(labels).append("} ").append(m % 7).append('\n');
			b.append("vllm:num_requests_waiting{").append(labels).append("} ").append(m % 3).append('\n');
			b.append("vllm:kv_cache_usage_perc{").append(labels).append("} 0.").append(m % 10).append('\n');
			b.append("vllm:generation_tokens_total{").append(labels).append("} ").append(1000 * m).append(".0\n");
			n += 4;
			for (int h = 0; h < 3 && n < series; h++) {
				String name = h == 0 ? "vllm:time_to_first_token_seconds" : h == 1 ? "vllm:inter_token_latency_seconds"
						: "vllm:e2e_request_latency_seconds";
				for (int k = 0; k < 20 && n < series; k++, n++) {
					b.append(name).append("_bucket{").append(labels).append(",le=\"").append(0.001 * (1 << k)).append("\"} ")
							.append(k * 10).append(".0\n");
				}
				b.append(name).append("_sum{").append(labels).append("} 12.5\n");
				b.append(name).append("_count{").append(labels).append("} 200.0\n");
				n += 2;
			}
		}
		return b.toString();
	}

	private static double cpuSeconds() {
		return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
	}

	@Test
	void scrapingTwoThousandSeriesEverySecond() throws Exception {
		int seconds = Integer.getInteger("servermetrics.bench.seconds", 20);
		String text = text(2000);
		int lines = text.split("\n").length;
		long[] parse = new long[200];
		for (int i = 0; i < parse.length; i++) {
			long t0 = System.nanoTime();
			PrometheusText.parse(text);
			parse[i] = System.nanoTime() - t0;
		}
		Arrays.sort(parse);
		PrometheusScraper scraper = new PrometheusScraper();
		try (LoopbackServer server = new LoopbackServer(LoopbackServer.text(text))) {
			double idle0 = cpuSeconds();
			Thread.sleep(seconds * 1000L);
			double idle = cpuSeconds() - idle0;
			double busy0 = cpuSeconds();
			ServerMetricsSource.Scrape s = scraper.start(server.url(), System.nanoTime(), Set.of());
			Thread.sleep(seconds * 1000L);
			s.close();
			double busy = cpuSeconds() - busy0;
			double share = (busy - idle) / seconds;
			String report = String.format(Locale.ROOT, "server metrics scrape benchmark, %d s windows, load average %s%n"
					+ "text: %d sample lines, %d bytes%n"
					+ "parse one text: median %.2f ms, p90 %.2f ms (200 parses)%n"
					+ "scrapes: %d, state %s, series kept %d%n"
					+ "JVM CPU while scraping minus idle: %.3f s over %d s = %.2f %% of one core (idle window %.3f s)%n",
					seconds, Files.readString(Path.of("/proc/loadavg")).trim(), lines, text.getBytes(StandardCharsets.UTF_8).length,
					parse[100] / 1e6, parse[180] / 1e6, s.status().scrapes(), s.status().state(), s.series().size(),
					busy - idle, seconds, 100 * share, idle);
			System.out.print(report);
			Files.writeString(Path.of(System.getProperty("servermetrics.bench.out", "server-metrics-benchmark.txt")), report);
		} finally {
			scraper.deactivate();
		}
	}
}
