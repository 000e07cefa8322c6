package io.deepstress.launch.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.deepstress.core.launch.LaunchHandle;
import io.deepstress.core.launch.LaunchRequest;
import io.deepstress.core.launch.LaunchResult;
import io.deepstress.core.launch.LaunchService;
import io.deepstress.core.launch.RunPlan;
import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Datasets;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.run.Timeouts;
import io.deepstress.core.services.RunStore;
import io.deepstress.core.timeline.RunTimeline;
import io.deepstress.core.timeline.ServerMetricsStatus;
import io.deepstress.core.timeline.TimelinePoint;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/**
 * Every launched run gets a per-second client timeline, checked against the run's own totals and the simulator's
 * ground truth (a closed loop of 4 keeps 4 in flight; TTFT 100 ms; 20 tokens 20 ms apart), kept in the store and in
 * the run's export (which imports and re-exports to the same bytes).
 */
class TimelineTest {

	private final LaunchFixture fixture = new LaunchFixture();
	private final LaunchService launches = fixture.service(LaunchService.class);
	private final RunStore store = fixture.service(RunStore.class);

	@AfterEach
	void close() {
		fixture.close();
	}

	static RunConfig config(String name, String url, int concurrency, long requests) {
		return new RunConfig(name, new ApiTarget(url, ApiKind.CHAT, "deepstress-sim", null, null),
				new RequestOptions(true, null, null, null, true), List.of(new DatasetShare(Datasets.builtin(), 1)),
				new Load.ClosedLoop(concurrency), Limits.requests(requests), Timeouts.defaults(), RetryPolicy.none());
	}

	static double median(double[] values) {
		double[] v = values.clone();
		Arrays.sort(v);
		return v.length == 0 ? Double.NaN : v[v.length / 2];
	}

	@Test
	void aClosedLoopRunsTimelineMatchesItsTotalsAndTheSimulator() throws Exception {
		try (Simulator sim = Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ofMillis(100))
				.withItl(Duration.ofMillis(20)).withOutputTokenRange(20, 20))) {
			LaunchHandle launch = launches.launch(LaunchRequest.of(RunPlan.of(config("timeline", sim.baseUrl(), 4, 40))));
			LaunchResult result = launch.completion().get(120, TimeUnit.SECONDS);
			assertEquals(List.of(), result.unsaved());
			RunSummary s = result.summaries().get(0);
			RunTimeline t = launch.timeline(s.runId()).orElseThrow();
			List<TimelinePoint> points = t.points();

			assertEquals(s.runId(), t.runId());
			assertTrue(Math.abs(t.startEpochMillis() - s.startEpochMillis()) < 2000, t.startEpochMillis() + " vs " + s.startEpochMillis());
			for (int i = 0; i < points.size(); i++) {
				assertEquals(i, points.get(i).tS());
			}
			assertTrue(points.size() >= 4 && points.size() <= Math.ceil(s.durationSeconds()) + 3,
					points.size() + " seconds for a run of " + s.durationSeconds() + " s");
			assertEquals(s.total(), points.stream().mapToLong(TimelinePoint::completed).sum());
			assertEquals(s.failed(), points.stream().mapToLong(TimelinePoint::failed).sum());
			assertEquals(s.attempts(), points.stream().mapToLong(TimelinePoint::started).sum());
			assertEquals(s.outputTokens(), points.stream().mapToDouble(TimelinePoint::outputTokensPerS).sum(), 1e-6 * s.outputTokens());
			// Little's law per second: the mean in flight times a second is the attempt-seconds of that second,
			// and over the run they add up to the attempts' total time
			double attemptSeconds = store.samples(s.runId()).stream().mapToDouble(r -> r.e2eNanos() / 1e9).sum();
			// (the stored samples are rounded to microseconds)
			assertEquals(attemptSeconds, points.stream().mapToDouble(TimelinePoint::inFlight).sum(), 1e-3);

			// full seconds in the middle: the closed loop keeps 4 requests in flight (short gaps between them)
			double[] middle = points.subList(1, points.size() - 2).stream().mapToDouble(TimelinePoint::inFlight).toArray();
			assertTrue(median(middle) > 3.3 && median(middle) <= 4.0 + 1e-9, "in flight " + Arrays.toString(middle));
			for (TimelinePoint p : points) {
				assertTrue(p.inFlight() <= 4.0 + 1e-9, "never more than the concurrency: " + p);
			}
			// TTFT 100 ms from the server, a little more on the client; every second with a first token has p50 <= p99
			double[] ttft = points.stream().mapToDouble(TimelinePoint::ttftP50Ms).filter(v -> !Double.isNaN(v)).toArray();
			assertTrue(ttft.length >= points.size() - 2, "seconds with a TTFT: " + ttft.length);
			assertTrue(median(ttft) >= 99 && median(ttft) < 300, "TTFT p50 per second " + Arrays.toString(ttft));
			for (TimelinePoint p : points) {
				if (!Double.isNaN(p.ttftP50Ms())) {
					assertTrue(p.ttftP50Ms() <= p.ttftP99Ms(), p.toString());
				}
			}
			double[] itl = points.stream().mapToDouble(TimelinePoint::itlP50Ms).filter(v -> !Double.isNaN(v)).toArray();
			assertTrue(median(itl) >= 19.5 && median(itl) < 60, "ITL p50 per second " + Arrays.toString(itl));
			// tokens per second in the middle: 4 streams of 50 tokens/s while decoding, less the TTFT share
			double[] tps = points.subList(1, points.size() - 2).stream().mapToDouble(TimelinePoint::outputTokensPerS).toArray();
			assertTrue(median(tps) > 80 && median(tps) <= 205, "output tok/s " + Arrays.toString(tps));

			// the built-in-simulator rule does not apply to a URL: auto found the simulator's own /metrics
			assertEquals(ServerMetricsStatus.State.OK, t.serverStatus().state(), String.valueOf(t.serverStatus().reason()));

			// kept with the run, in its export, and an import of that export exports the same bytes
			RunTimeline stored = store.timeline(s.runId()).orElseThrow();
			assertEquals(points, stored.points()); // records compare doubles as Double.compare does: NaN equals NaN
			assertEquals(t.serverMetrics().size(), stored.serverMetrics().size());
			String export = store.exportJson(s.runId());
			assertTrue(export.contains("\"timeline\":{\"run_id\":\"" + s.runId() + "\""), export.substring(0, Math.min(300, export.length())));
			assertTrue(export.contains("\"t_s\":0"), "the points are in the export");
			assertTrue(store.delete(s.runId()));
			assertEquals(s.runId(), store.importJson(export));
			assertEquals(export, store.exportJson(s.runId()));
			assertEquals(points.size(), store.timeline(s.runId()).orElseThrow().points().size());
		}
	}

	@Test
	void theBuilderKeepsFewHistogramsOpenAndCountsLateFigures() {
		long origin = 0;
		TimelineBuilder b = new TimelineBuilder(origin);
		// 600 s of one request per second, each 0.5 s long with its first token at 0.1 s
		for (int i = 0; i < 600; i++) {
			b.onResults(List.of(result(i, (long) (i * 1e9), 100_000_000L, 500_000_000L)));
		}
		assertTrue(b.openSeconds() <= TimelineBuilder.OPEN_SECONDS + 2, "open " + b.openSeconds());
		// a request of 200 s whose first token came at its start: that second is closed already
		b.onResults(List.of(result(600, (long) (400 * 1e9), 1_000_000L, 200_000_000_000L)));
		assertEquals(1, b.late());
		List<TimelinePoint> points = b.points();
		assertEquals(601, points.size());
		assertEquals(100.0, points.get(10).ttftP50Ms(), 1.0);
		assertEquals(1.5, points.get(450).inFlight(), 1e-9); // half a second of its own request plus the long one
		assertEquals(2, points.get(400).started());
	}

	private static io.deepstress.core.run.RequestResult result(long index, long startNanos, long ttftNanos, long e2eNanos) {
		return new io.deepstress.core.run.RequestResult("r" + index, index, "d", "p", 1, true, false, startNanos, 0,
				ttftNanos, e2eNanos, 4, 20_000_000L, 30_000_000L, 20_000_000L, 5, io.deepstress.core.run.TokenSource.USAGE,
				10, 20, 200, null, null);
	}
}
