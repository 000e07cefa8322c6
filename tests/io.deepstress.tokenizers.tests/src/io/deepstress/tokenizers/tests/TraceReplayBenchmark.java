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
		Path dir = Files.createDirectories(Path.of(System.getProperty("deepstress.test.dir", "target/trace-bench")));
		TraceReplay.Lateness l = TraceReplay.replay(TraceReplay.write(dir, n, 200, 9), 1.0);
		String figures = String.format(Locale.ROOT,
				"trace replay, %d requests at ~200 req/s: lateness at the server median %.2f ms, p90 %.2f, p99 %.2f,"
						+ " max %.2f ms; achieved %.1f req/s; %d succeeded%n",
				l.lateMs().size(), l.quantile(0.5), l.quantile(0.9), l.quantile(0.99), l.quantile(1.0),
				l.summary().achievedRate(), l.summary().succeeded());
		System.out.print(figures);
		Files.writeString(dir.resolve("trace-replay.txt"), figures);
	}
}
