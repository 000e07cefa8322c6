package io.deepstress.engine.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.junit.jupiter.api.Test;

import io.deepstress.core.run.HttpTiming;

/**
 * The hot-path cost of the HTTP timing breakdown: one {@link HttpTimer} per attempt taking Jetty's events (queued,
 * request begin with the connection look-up, response begin and headers, first content) and building its
 * {@link HttpTiming}, timed over many rounds on real Jetty request objects (not sent). A benchmark, not a test:
 * {@code benchmarks/measure.sh http-timing}; figures in target/http-timing-benchmark.txt (BENCHMARKS.md).
 */
class HttpTimingBenchmark {

	@Test
	void theTimerCostsAFewNanoTimeCallsPerRequest() throws Exception {
		int rounds = Integer.getInteger("httptiming.bench.rounds", 2_000_000);
		HttpClient client = new HttpClient();
		client.start();
		try {
			ConnectionClock clock = new ConnectionClock();
			Request request = client.newRequest("http://127.0.0.1:1/v1/chat/completions");
			long sink = 0;
			for (int warm = 0; warm < 3; warm++) {
				sink += once(clock, request, rounds / 10);
			}
			long t0 = System.nanoTime();
			sink += once(clock, request, rounds);
			double perRequest = (System.nanoTime() - t0) / (double) rounds;
			long n0 = System.nanoTime();
			for (int i = 0; i < rounds; i++) {
				sink += System.nanoTime();
			}
			double nanoTime = (System.nanoTime() - n0) / (double) rounds;
			String report = String.format(Locale.ROOT,
					"HTTP timing per attempt: %.1f ns (%d rounds; one System.nanoTime() here costs %.1f ns; sink %d)%n",
					perRequest, rounds, nanoTime, sink & 1);
			System.out.print(report);
			Path out = Path.of(System.getProperty("httptiming.bench.out", "target/http-timing-benchmark.txt"));
			Files.createDirectories(out.toAbsolutePath().getParent());
			Files.writeString(out, report);
			assertTrue(perRequest > 0);
		} finally {
			client.stop();
		}
	}

	private static long once(ConnectionClock clock, Request request, int rounds) {
		long sink = 0;
		for (int i = 0; i < rounds; i++) {
			HttpTimer t = new HttpTimer(clock);
			t.onQueued(request);
			t.onBegin(request);
			t.onBegin((org.eclipse.jetty.client.Response) null);
			t.onHeaders((org.eclipse.jetty.client.Response) null);
			t.content();
			t.content();
			HttpTiming timing = t.timing();
			sink += timing.headersNanos();
		}
		return sink;
	}
}
