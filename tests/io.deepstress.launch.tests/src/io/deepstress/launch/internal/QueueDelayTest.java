package io.deepstress.launch.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.deepstress.core.launch.LaunchHandle;
import io.deepstress.core.launch.LaunchRequest;
import io.deepstress.core.launch.LaunchResult;
import io.deepstress.core.launch.LaunchService;
import io.deepstress.core.launch.RunPlan;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.TokenSource;
import io.deepstress.core.timeline.TimelineFormat;
import io.deepstress.core.timeline.TimelinePoint;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/**
 * The open loop's queueing delay per second: each request's scheduled arrival against when it was sent, from the
 * builder's exact arithmetic and from a saturated open loop against the simulator (two slots of ~0.3 s each cannot
 * keep up with 20 arrivals a second, so the delay grows by about 0.1 s per request).
 */
class QueueDelayTest {

	private final LaunchFixture fixture = new LaunchFixture();
	private final LaunchService launches = fixture.service(LaunchService.class);

	@AfterEach
	void close() {
		fixture.close();
	}

	@Test
	void theBuilderTakesPercentilesOfTheFirstAttemptsSentInEachSecond() {
		long o = 10_000_000_000L; // the monotonic clock's origin of the run
		TimelineBuilder b = new TimelineBuilder(o);
		List<RequestResult> batch = new ArrayList<>();
		// second 0: 100 requests sent 1..100 ms after their arrival; second 1: sent on time
		for (int i = 0; i < 100; i++) {
			long start = o + (long) (i * 5e6);
			batch.add(result(i, start, start - (i + 1) * 1_000_000L, 1, false));
		}
		for (int i = 0; i < 10; i++) {
			long start = o + (long) (1e9 + i * 5e6);
			batch.add(result(100 + i, start, start, 1, false));
		}
		// a retry and a warm-up request with a huge delay do not count
		batch.add(result(200, o + 2_000_000, o - 8_000_000_000L, 2, false));
		batch.add(result(201, o + 3_000_000, o - 8_000_000_000L, 1, true));
		b.onResults(batch);
		List<TimelinePoint> points = b.points();
		assertEquals(50, points.get(0).queueDelayP50Ms(), 1.0);
		assertEquals(99, points.get(0).queueDelayP99Ms(), 1.5);
		assertTrue(points.get(1).queueDelayP99Ms() <= 0.01, "on time: " + points.get(1));
		assertEquals(99, (double) TimelineFormat.points(points).get(0).get("queue_delay_p99_ms"), 1.5);
	}

	@Test
	void aClosedLoopHasNoQueueingDelay() {
		TimelineBuilder b = new TimelineBuilder(0);
		b.onResults(List.of(result(0, 1_000_000, -1, 1, false)));
		assertTrue(Double.isNaN(b.points().get(0).queueDelayP99Ms()));
	}

	@Test
	void aSaturatedOpenLoopsDelayGrowsAsTheSimulatorsServiceTimeSays() throws Exception {
		try (Simulator sim = Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ofMillis(200))
				.withItl(Duration.ofMillis(20)).withOutputTokenRange(5, 5))) {
			RunConfig base = TimelineTest.config("queue", sim.baseUrl(), 1, 40);
			RunConfig open = new RunConfig(base.name(), base.target(), base.request(), base.datasets(),
					new Load.OpenLoop(20, false, 2), base.limits(), base.timeouts(), base.retry());
			LaunchHandle launch = launches.launch(LaunchRequest.of(RunPlan.of(open)));
			LaunchResult result = launch.completion().get(120, TimeUnit.SECONDS);
			List<TimelinePoint> points = launch.timeline(result.summaries().get(0).runId()).orElseThrow().points();
			// 40 arrivals in 2 s; two at a time take >= 0.28 s each: the last is sent >= 5.3 s after the start,
			// i.e. >= 3.3 s after its arrival at 1.95 s
			double worst = points.stream().mapToDouble(TimelinePoint::queueDelayP99Ms).filter(d -> !Double.isNaN(d))
					.max().orElse(-1);
			assertTrue(worst > 3000, "worst p99 " + worst + " in " + points);
			// the first requests wait far less than the last ones
			double first = points.stream().mapToDouble(TimelinePoint::queueDelayP50Ms).filter(d -> !Double.isNaN(d))
					.findFirst().orElse(-1);
			assertTrue(first >= 0 && first < worst / 2, first + " vs " + worst + " in " + points);
		}
	}

	private static RequestResult result(long index, long startNanos, long scheduledNanos, int attempt, boolean warmup) {
		return new RequestResult("r" + index, index, "d", "p", attempt, true, warmup, startNanos, 0, 1_000_000L,
				2_000_000L, 0, -1, -1, -1, 1, TokenSource.USAGE, 10, 4, 200, null, null, -1, -1, 0, null,
				scheduledNanos, null);
	}
}
