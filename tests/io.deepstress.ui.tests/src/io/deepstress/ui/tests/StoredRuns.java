package io.deepstress.ui.tests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.LatencyStats;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.LiveSnapshot;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunOrigin;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.run.Timeouts;
import io.deepstress.core.run.TokenSource;
import io.deepstress.core.services.RunStore;

/** Runs written through the real store's recorder, for views to show: finished, or still running. */
final class StoredRuns {

	private StoredRuns() {
	}

	/** A run that has started and sent its results, but not ended: stored as running until {@link #finish}. */
	record Running(RunStore.Recorder recorder, String id, String name, long startMillis, int requests) {

		/** Ends the run as completed and waits until that is written. */
		void finish() throws InterruptedException {
			StoredRuns.finish(this);
		}
	}

	/** The store as the GPU monitor sees it while a run is active: the sink it hands its samples to. */
	static io.deepstress.core.gpu.GpuSampleSink gpuSink(RunStore store) throws Exception {
		org.osgi.framework.BundleContext context = org.osgi.framework.FrameworkUtil.getBundle(StoredRuns.class)
				.getBundleContext();
		return context.getServiceReferences(io.deepstress.core.gpu.GpuSampleSink.class, null).stream()
				.map(context::getService).filter(s -> s == store).findFirst()
				.orElseThrow(() -> new AssertionError("the store is no GPU sample sink"));
	}

	static String record(RunStore store, String name, RunOrigin origin, int requests) throws InterruptedException {
		return finish(start(store, name, origin, requests));
	}

	/** A finished run that started at this time (epoch millis), for views that order runs by their start. */
	static String record(RunStore store, String name, RunOrigin origin, int requests, long startMillis)
			throws InterruptedException {
		return finish(start(store, name, origin, requests, startMillis));
	}

	/** A finished run whose requests' TTFT is about {@code ttftMs} (a spread of 0.4 ms), E2E 20 ms. */
	static String recordWithTtft(RunStore store, String name, RunOrigin origin, int requests, long startMillis,
			double ttftMs) throws InterruptedException {
		return finish(start(store, name, origin, requests, startMillis, (long) (ttftMs * 1e6)));
	}

	static Running start(RunStore store, String name, RunOrigin origin, int requests) throws InterruptedException {
		return start(store, name, origin, requests, System.currentTimeMillis());
	}

	private static Running start(RunStore store, String name, RunOrigin origin, int requests, long startMillis)
			throws InterruptedException {
		return start(store, name, origin, requests, startMillis, -1);
	}

	private static Running start(RunStore store, String name, RunOrigin origin, int requests, long startMillis,
			long ttftNanos) throws InterruptedException {
		RunConfig config = new RunConfig(name, new ApiTarget("http://127.0.0.1:1/v1", ApiKind.CHAT, "m", Map.of(), null),
				RequestOptions.defaults(), List.of(new DatasetShare(new Dataset("d", List.of(new Prompt("1", "x"))), 1)),
				new Load.ClosedLoop(2), Limits.requests(requests), Timeouts.defaults(), RetryPolicy.none());
		RunStore.Recorder recorder = store.recorder(config, origin);
		String id = UUID.randomUUID().toString();
		long now = startMillis;
		recorder.onSnapshot(new LiveSnapshot(id, name, 0.1, 0, 0, 0, 0, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN,
				Double.NaN, Double.NaN));
		List<RequestResult> results = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			long ttft = ttftNanos < 0 ? 5_000_000 : ttftNanos + (i % 5) * 100_000L;
			results.add(new RequestResult("r" + i, i, "d", "1", 1, true, false, 0, now * 1000, ttft, 20_000_000, 3,
					4_000_000, 5_000_000, 4_000_000, 4, TokenSource.USAGE, 7, 12, 200, null, null));
		}
		recorder.onResults(results);
		if (!recorder.awaitWritten(10_000)) {
			throw new AssertionError("not written: " + recorder.lastError());
		}
		return new Running(recorder, id, name, now, requests);
	}

	private static String finish(Running run) throws InterruptedException {
		RunStore.Recorder recorder = run.recorder();
		String id = run.id();
		String name = run.name();
		long now = run.startMillis();
		int requests = run.requests();
		LatencyStats l = new LatencyStats(requests, 5, 5, 5, 5, 5, 5);
		recorder.onFinished(new RunSummary(id, name, "m", "closed loop, concurrency 2", 2, RunStatus.COMPLETED, null, now,
				now + 1000, 1, requests, requests, 0, requests, 4L * requests, 7L * requests, 12L * requests, 0, requests,
				4.0 * requests, Double.NaN, Double.NaN, l, l, l, l, Map.of(), List.of(), 0.02, 200, 200));
		if (!recorder.awaitWritten(10_000)) {
			throw new AssertionError("not written: " + recorder.lastError());
		}
		return id;
	}
}
