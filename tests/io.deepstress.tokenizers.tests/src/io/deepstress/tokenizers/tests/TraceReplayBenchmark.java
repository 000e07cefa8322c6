package io.deepstress.tokenizers.tests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.junit.jupiter.api.Test;

/**
 * Trace replay precision (not part of the suite; run with {@code benchmarks/measure.sh trace}): a bursty trace
 * of {@code TRACE_REQUESTS} (default 2000) requests at about 200 req/s replayed against the in-process simulator,
 * each arrival's lateness at the server against the trace's time. The claim: p99 within 2 ms.
 */
class TraceReplayBenchmark {

	@Test
	void lateness() throws Exception {
		int n = Integer.getInteger("trace.requests", Integer.parseInt(System.getenv().getOrDefault("TRACE_REQUESTS", "2000")));
		int warm = Integer.getInteger("trace.warmup", Integer.parseInt(System.getenv().getOrDefault("TRACE_WARMUP", "2000")));
		Path dir = Files.createDirectories(Path.of(System.getProperty("deepstress.test.dir", "target/trace-bench")));
		TraceReplay.Lateness l = TraceReplay.replay(TraceReplay.write(dir, n, 200, 9), 1.0, warm, 2);
		String figures = String.format(Locale.ROOT,
				"trace replay, %d requests at ~200 req/s after %d warm-up requests at 2x: lateness at the server median %.2f ms, p90 %.2f, p99 %.2f,"
						+ " max %.2f ms; achieved %.1f req/s; %d succeeded%n",
				l.lateMs().size(), warm, l.quantile(0.5), l.quantile(0.9), l.quantile(0.99), l.quantile(1.0),
				l.summary().achievedRate(), l.summary().succeeded());
		// the tail's anatomy: the latest 2 % of arrivals, where their lateness went
		java.util.List<TraceReplay.Arrival> tail = new java.util.ArrayList<>(l.arrivals());
		tail.sort(java.util.Comparator.comparingDouble(TraceReplay.Arrival::lateMs).reversed());
		tail = tail.subList(0, Math.max(1, tail.size() / 50));
		double send = tail.stream().mapToDouble(TraceReplay.Arrival::sendMs).average().orElse(Double.NaN);
		double transit = tail.stream().mapToDouble(TraceReplay.Arrival::transitMs).average().orElse(Double.NaN);
		long fresh = tail.stream().filter(a -> Boolean.FALSE.equals(a.reused())).count();
		long freshAll = l.arrivals().stream().filter(a -> Boolean.FALSE.equals(a.reused())).count();
		figures += String.format(Locale.ROOT, "latest %d arrivals: mean send delay %.2f ms, mean transit %.2f ms, "
				+ "%d on a new connection (%d of all %d)%n", tail.size(), send, transit, fresh, freshAll, l.arrivals().size());
		for (TraceReplay.Arrival a : tail.subList(0, Math.min(12, tail.size()))) {
			figures += String.format(Locale.ROOT, "  line %d: late %.2f ms = send %.2f + transit %.2f (+ base), reused %s%n",
					a.line(), a.lateMs(), a.sendMs(), a.transitMs(), a.reused());
		}
		System.out.print(figures);
		Files.writeString(dir.resolve("trace-replay.txt"), figures);
	}
}
