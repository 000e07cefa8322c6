package io.deepstress.launch.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import io.deepstress.core.events.DeepStressTopics;
import io.deepstress.core.events.RunTopics;
import io.deepstress.core.launch.LaunchHandle;
import io.deepstress.core.launch.LaunchRequest;
import io.deepstress.core.launch.LaunchResult;
import io.deepstress.core.launch.LaunchService;
import io.deepstress.core.launch.RunPlan;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.timeline.LiveTimeline;
import io.deepstress.core.timeline.TimelinePoint;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/**
 * A running test's newest timeline seconds on {@code deepstress/run/timeline}: about once a second, and put together
 * (a later post of a second replaces an earlier) they are the run's final timeline.
 */
class LiveTimelineTest {

	private final LaunchFixture fixture = new LaunchFixture();
	private final LaunchService launches = fixture.service(LaunchService.class);
	private final List<LiveTimeline> heard = Collections.synchronizedList(new ArrayList<>());
	private final ServiceRegistration<EventHandler> listening;

	LiveTimelineTest() {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		Hashtable<String, Object> props = new Hashtable<>();
		props.put(EventConstants.EVENT_TOPIC, RunTopics.TIMELINE);
		listening = context.registerService(EventHandler.class,
				e -> heard.add((LiveTimeline) e.getProperty(DeepStressTopics.DATA)), props);
	}

	@AfterEach
	void close() {
		listening.unregister();
		fixture.close();
	}

	@Test
	void theNewestSecondsArePostedAboutOnceASecondAndAddUpToTheFinalTimeline() throws Exception {
		try (Simulator sim = Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ofMillis(100))
				.withItl(Duration.ofMillis(20)).withOutputTokenRange(20, 20))) {
			LaunchHandle launch = launches.launch(LaunchRequest.of(RunPlan.of(TimelineTest.config("live-timeline",
					sim.baseUrl(), 4, 32))));
			LaunchResult result = launch.completion().get(120, TimeUnit.SECONDS);
			RunSummary s = result.summaries().get(0);
			List<TimelinePoint> last = launch.timeline(s.runId()).orElseThrow().points();
			// the post at the run's end is delivered asynchronously
			LaunchFixture.waitUntil("the post at the end", Duration.ofSeconds(10), () -> merged(s.runId()).size() == last.size());
			List<LiveTimeline> mine;
			synchronized (heard) {
				mine = heard.stream().filter(t -> t.runId().equals(s.runId())).toList();
			}
			// at most one a second while it ran, and one at the end
			assertTrue(mine.size() >= 2 && mine.size() <= Math.ceil(s.durationSeconds()) + 2,
					mine.size() + " posts in " + s.durationSeconds() + " s");
			for (LiveTimeline t : mine) {
				assertTrue(t.recent().size() <= LiveTimelinePosts.SECONDS, t.recent().size() + " seconds in one post");
				assertEquals(mine.get(0).startEpochMillis(), t.startEpochMillis());
			}
			List<TimelinePoint> live = merged(s.runId());
			for (int k = 0; k < last.size(); k++) {
				TimelinePoint a = live.get(k);
				TimelinePoint b = last.get(k);
				assertEquals(b.tS(), a.tS());
				assertEquals(b.started(), a.started(), "started in second " + k);
				assertEquals(b.completed(), a.completed(), "completed in second " + k);
				assertEquals(b.failed(), a.failed(), "failed in second " + k);
				assertEquals(b.outputTokensPerS(), a.outputTokensPerS(), 1e-6, "tokens in second " + k);
				assertEquals(b.ttftP50Ms(), a.ttftP50Ms(), 1e-9, "TTFT p50 in second " + k);
			}
			assertEquals(s.total(), live.stream().mapToLong(TimelinePoint::completed).sum());
		}
	}

	/** The posts of a run put together by second, the later one winning. */
	private List<TimelinePoint> merged(String runId) {
		TreeMap<Double, TimelinePoint> bySecond = new TreeMap<>();
		synchronized (heard) {
			heard.stream().filter(t -> t.runId().equals(runId)).forEach(t -> t.recent().forEach(p -> bySecond.put(p.tS(), p)));
		}
		return new ArrayList<>(bySecond.values());
	}

	@Test
	void theNewestSecondsOfTheBuilderReadOpenSecondsWithoutClosingThem() {
		TimelineBuilder b = new TimelineBuilder(0);
		for (int i = 0; i < 10; i++) { // one request a second, first token at 0.1 s + 10 ms per second
			b.onResults(List.of(new io.deepstress.core.run.RequestResult("r" + i, i, "d", "p", 1, true, false,
					(long) (i * 1e9), 0, 100_000_000L + i * 10_000_000L, 500_000_000L, 4, 20_000_000L, 30_000_000L,
					20_000_000L, 5, io.deepstress.core.run.TokenSource.USAGE, 10, 20, 200, null, null)));
		}
		List<TimelinePoint> recent = b.recent(3);
		assertEquals(List.of(7.0, 8.0, 9.0), recent.stream().map(TimelinePoint::tS).toList());
		assertEquals(170.0, recent.get(0).ttftP50Ms(), 1.5); // HdrHistogram at 2 significant digits
		assertTrue(b.openSeconds() > 0, "still open");
		List<TimelinePoint> all = b.points();
		assertEquals(all.subList(7, 10), recent);
	}
}
