package io.deepstress.store.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.deepstress.core.run.LatencyStats;
import io.deepstress.core.run.LiveSnapshot;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.run.TokenSource;

/** Results, snapshots and summaries for feeding recorders without an engine. */
final class TestData {

	private TestData() {
	}

	static RequestResult result(long index, boolean ok) {
		return new RequestResult("r-" + index, index, "ds", "p" + index, 1, true, false, 0, 1000 * index, 5_000_000,
				20_000_000, 3, 4_000_000, 5_000_000, 4_000_000, 4, TokenSource.USAGE, 7, 12, ok ? 200 : 500,
				ok ? null : io.deepstress.core.run.ErrorKind.HTTP_5XX, ok ? null : "HTTP 500: boom");
	}

	/** {@code r} as a request that sent a counted prompt, asked for an output length, in a conversation. */
	static RequestResult traffic(RequestResult r, long sent, long asked, int turn, String conversationId) {
		return new RequestResult(r.requestId(), r.index(), r.dataset(), r.promptId(), r.attempt(), r.last(), r.warmup(),
				r.startNanos(), r.startEpochMicros(), r.ttftNanos(), r.e2eNanos(), r.itlCount(), r.itlMeanNanos(),
				r.itlMaxNanos(), r.tpotNanos(), r.outputTokens(), r.tokenSource(), r.inputTokens(), r.chars(),
				r.httpStatus(), r.error(), r.errorMessage(), sent, asked, turn, conversationId, r.scheduledNanos(),
				r.httpTiming());
	}

	static LiveSnapshot snapshot(String runId) {
		return new LiveSnapshot(runId, "manual", 0.1, 0, 0, 0, 0, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
				Double.NaN);
	}

	static RunSummary summary(String runId, long total) {
		return summary(runId, total, 1, 9);
	}

	/** A completed run of {@code total} requests started at {@code startMillis} with this TTFT p50. */
	static RunSummary summary(String runId, long total, long startMillis, double ttftP50) {
		LatencyStats l = new LatencyStats(total, 10, ttftP50, 12, 13, 15, 20);
		var ds = List.of(new io.deepstress.core.run.DatasetStats("a", 1, 20, 19, 1, 80, 200, 2, 0.1, 100, 40),
				new io.deepstress.core.run.DatasetStats("b", 2, 5, 4, 1, 16, 50, 1, 0.25, 50, 16));
		return new RunSummary(runId, "manual", "m", "closed loop, concurrency 1", 1, RunStatus.COMPLETED, null, startMillis,
				startMillis + 3500, 3.5,
				total, total - 2, 2, total, 96, 10, 250, 0, 7, 27, Double.NaN, Double.NaN, l, l, l, l,
				Map.of("http-500", 2L), ds, 0.175, 75, 28);
	}

	/** An event bus that keeps what is posted or sent, in order. */
	static org.osgi.service.event.EventAdmin collecting(List<org.osgi.service.event.Event> events) {
		return new org.osgi.service.event.EventAdmin() {
			@Override
			public void postEvent(org.osgi.service.event.Event event) {
				events.add(event);
			}

			@Override
			public void sendEvent(org.osgi.service.event.Event event) {
				events.add(event);
			}
		};
	}

	/**
	 * Waits until the store's writer thread has done every write queued before this call: it runs them one
	 * after another, so a no-op write queued now ends after them. Instead of sleeping and hoping.
	 */
	static void awaitWriterIdle(DerbyRunStore store) throws InterruptedException {
		CountDownLatch done = new CountDownLatch(1);
		store.write(em -> {
		}, done::countDown, e -> done.countDown());
		if (!done.await(60, TimeUnit.SECONDS)) {
			throw new AssertionError("the store's writer thread did not get through its queue in 60 s");
		}
	}
}
