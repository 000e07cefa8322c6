package io.deepstress.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.util.tracker.ServiceTracker;

import io.deepstress.core.events.DeepStressTopics;
import io.deepstress.core.events.RunTopics;
import io.deepstress.core.model.ApiKind;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.LatencyStats;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.LiveSnapshot;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.run.TokenSource;
import io.deepstress.core.services.LoadEngine;
import io.deepstress.core.services.RunListener;
import io.deepstress.simulator.ServerRecord;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/** Client measurements against the simulator's server-side ground truth. */
class SimulatorMetricsTest {

	private final EngineFixture fixture = new EngineFixture();

	private static SimulatorSettings settings(long ttftMs, long itlMs, int tokens) {
		return SimulatorSettings.defaults().withTtft(Duration.ofMillis(ttftMs)).withItl(Duration.ofMillis(itlMs))
				.withDefaultOutputTokens(tokens);
	}

	@Test
	void ttftMatchesTheServersGroundTruthWithinFiveMillisecondsAtConcurrencyOne() throws Exception {
		try (Simulator sim = Simulator.start(settings(100, 10, 16))) {
			// warm-up requests first: the first ones of a fresh JVM also measure class loading and the JIT
			RunSummary summary = fixture.run(TestRuns.withLimits(TestRuns.simple(sim.baseUrl(), 20, 1),
					Limits.singlePass().withWarmup(10)), 60);
			assertEquals(20, summary.succeeded());
			for (RequestResult r : fixture.finals().stream().filter(r -> !r.warmup()).toList()) {
				ServerRecord truth = sim.record(r.requestId()).orElseThrow(() -> new AssertionError("no record " + r.requestId()));
				long serverTtft = truth.firstContentNanos() - truth.arrivalNanos();
				long diff = r.ttftNanos() - serverTtft;
				assertTrue(diff > -1_000_000L && diff < 5_000_000L,
						"client TTFT " + r.ttftNanos() / 1e6 + " ms vs server " + serverTtft / 1e6 + " ms");
				assertTrue(r.startNanos() <= truth.arrivalNanos(), "the client starts before the server sees it");
				assertEquals(16, r.outputTokens());
				assertEquals(TokenSource.USAGE, r.tokenSource());
				assertEquals(15, r.itlCount());
			}
			assertTrue(Math.abs(summary.ttft().p50() - 100) < 5, "TTFT p50 " + summary.ttft().p50());
		}
	}

	@Test
	void percentilesAreConsistentAndMatchThePacing() throws Exception {
		try (Simulator sim = Simulator.start(settings(30, 10, 20))) {
			RunSummary s = fixture.run(TestRuns.withLimits(TestRuns.simple(sim.baseUrl(), 50, 8), Limits.requests(200)), 60);
			assertEquals(200, s.succeeded());
			for (LatencyStats l : List.of(s.ttft(), s.e2e(), s.itl(), s.tpot())) {
				assertTrue(l.p50() <= l.p90() && l.p90() <= l.p95() && l.p95() <= l.p99() && l.p99() <= l.max(), l.toString());
				assertTrue(l.mean() <= l.max() && l.mean() > 0, l.toString());
			}
			assertEquals(200, s.ttft().count());
			assertEquals(200 * 19, s.itl().count(), "every gap of every request");
			assertTrue(Math.abs(s.itl().p50() - 10) < 3, "ITL p50 " + s.itl().p50());
			assertTrue(Math.abs(s.tpot().mean() - 10) < 3, "TPOT mean " + s.tpot().mean());
			assertTrue(s.e2e().p50() >= 30 + 19 * 10 - 1, "E2E p50 " + s.e2e().p50());
			assertEquals(200 * 20, s.outputTokens());
			double seconds = s.durationSeconds();
			assertEquals(s.succeeded() / seconds, s.requestsPerSecond(), 1e-6);
		}
	}

	@Test
	void openLoopAchievesTwoHundredRequestsPerSecondWithinTwoPercent() throws Exception {
		try (Simulator sim = Simulator.start(settings(5, 1, 8))) {
			RunConfig config = TestRuns.withLimits(TestRuns.simple(sim.baseUrl(), 50, 1), Limits.requests(600))
					.withLoad(new Load.OpenLoop(200, false, 128));
			RunSummary s = fixture.run(config, 60);
			assertEquals(600, s.succeeded());
			assertTrue(Math.abs(s.achievedRate() - 200) / 200 < 0.02, "achieved " + s.achievedRate());
			List<ServerRecord> records = new ArrayList<>(sim.records());
			records.sort((a, b) -> Long.compare(a.arrivalNanos(), b.arrivalNanos()));
			double serverRate = (records.size() - 1)
					/ ((records.get(records.size() - 1).arrivalNanos() - records.get(0).arrivalNanos()) / 1e9);
			assertTrue(Math.abs(serverRate - 200) / 200 < 0.02, "the server saw " + serverRate + " req/s");
		}
	}

	@Test
	void poissonArrivalsAverageTheRate() throws Exception {
		try (Simulator sim = Simulator.start(settings(1, 1, 2))) {
			RunConfig config = TestRuns.withLimits(TestRuns.simple(sim.baseUrl(), 10, 1), Limits.requests(400))
					.withLoad(new Load.OpenLoop(400, true, 64));
			RunSummary s = fixture.run(config, 60);
			assertEquals(400, s.succeeded());
			assertTrue(Math.abs(s.achievedRate() - 400) / 400 < 0.15, "Poisson achieved " + s.achievedRate());
		}
	}

	@Test
	void tenThousandRequestsKeepTheHeapFlat() throws Exception {
		try (Simulator sim = Simulator.start(settings(0, 0, 4))) {
			long[] used = new long[2];
			RunListener heapWatcher = new RunListener() {
				@Override
				public void onSnapshot(LiveSnapshot s) {
					if (used[0] == 0 && s.completed() >= 2_000) {
						used[0] = usedHeapAfterGc();
					} else if (used[1] == 0 && s.completed() >= 9_000) {
						used[1] = usedHeapAfterGc();
					}
				}

				@Override
				public void onFinished(RunSummary summary) {
					// a fast run can end between two snapshots (at most ten a second): measure at the end then
					if (used[1] == 0) {
						used[1] = usedHeapAfterGc();
					}
				}
			};
			RunConfig config = TestRuns.withLimits(TestRuns.simple(sim.baseUrl(), 100, 32), Limits.requests(10_000));
			RunSummary s = new JettyLoadEngine().start(config, heapWatcher).completion().get(120, TimeUnit.SECONDS);
			assertEquals(10_000, s.succeeded());
			assertTrue(used[0] > 0 && used[1] > 0, "heap measured at 2,000 and at 9,000 (or 10,000) requests");
			long growth = used[1] - used[0];
			assertTrue(growth < 4L << 20, "heap grew by " + (growth >> 10) + " KiB over the last 7,000-8,000 requests");
		}
	}

	private static long usedHeapAfterGc() {
		Runtime rt = Runtime.getRuntime();
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return rt.totalMemory() - rt.freeMemory();
	}

	@Test
	void reasoningCompletionsAndNonStreamedRequestsAgainstTheSimulator() throws Exception {
		try (Simulator sim = Simulator.start(settings(20, 2, 6).withReasoningTokens(3))) {
			fixture.run(TestRuns.simple(sim.baseUrl(), 1, 1), 30);
			RequestResult chat = fixture.only();
			assertEquals(9, chat.outputTokens(), "reasoning tokens are generated tokens");
			ServerRecord truth = sim.record(chat.requestId()).orElseThrow();
			assertEquals(3, truth.reasoningTokens());
		}
		try (Simulator sim = Simulator.start(settings(20, 2, 6))) {
			EngineFixture completions = new EngineFixture();
			RunConfig base = TestRuns.simple(sim.baseUrl(), 1, 1);
			completions.run(TestRuns.withTarget(base, new ApiTarget(sim.baseUrl(), ApiKind.COMPLETIONS, "deepstress-sim", null, null)), 30);
			assertEquals(6, completions.only().outputTokens());
			assertTrue(completions.only().succeeded(), completions.only().errorMessage());
			EngineFixture plain = new EngineFixture();
			plain.run(TestRuns.withRequest(base, new RequestOptions(false, 5, null, null, false)), 30);
			assertEquals(5, plain.only().outputTokens(), "max_tokens honoured, usage in the body");
			assertEquals(-1, plain.only().ttftNanos());
		}
	}

	@Test
	void simulatorFaultsBecomeErrorKinds() throws Exception {
		try (Simulator sim = Simulator.start(settings(5, 2, 10).withRate429(1).withRetryAfterSeconds(0))) {
			RunSummary s = fixture.run(TestRuns.simple(sim.baseUrl(), 3, 1), 30);
			assertEquals(3L, s.errors().get("http-429"));
		}
		try (Simulator sim = Simulator.start(settings(5, 2, 10).withAbortRate(1))) {
			EngineFixture f = new EngineFixture();
			RunSummary s = f.run(TestRuns.simple(sim.baseUrl(), 2, 1), 30);
			assertEquals(2L, s.errors().get("protocol"), s.errors().toString());
		}
		try (Simulator sim = Simulator.start(settings(5, 2, 10).withMalformedRate(1))) {
			EngineFixture f = new EngineFixture();
			RunSummary s = f.run(TestRuns.simple(sim.baseUrl(), 2, 1), 30);
			assertEquals(2L, s.errors().get("protocol"), s.errors().toString());
			assertTrue(f.finals().get(0).errorMessage().contains("malformed"), f.finals().get(0).errorMessage());
		}
		try (Simulator sim = Simulator.start(settings(5, 2, 10).withStallRate(1))) {
			EngineFixture f = new EngineFixture();
			RunSummary s = f.run(TestRuns.withTimeouts(TestRuns.simple(sim.baseUrl(), 2, 2), 1000, 5000, 500), 30);
			assertEquals(2L, s.errors().get("timeout-total"), s.errors().toString());
		}
		try (Simulator sim = Simulator.start(settings(5, 2, 10).withRate500(1))) {
			EngineFixture f = new EngineFixture();
			RunConfig config = TestRuns.withRetry(TestRuns.simple(sim.baseUrl(), 1, 1),
					new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(100)));
			RunSummary s = f.run(config, 30);
			assertEquals(3, s.attempts(), "first attempt and two retries");
			assertEquals(1L, s.errors().get("http-500"));
		}
	}

	@Test
	void theOsgiServicePostsTheRunOnTheEventBus() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		ServiceTracker<LoadEngine, LoadEngine> tracker = new ServiceTracker<>(context, LoadEngine.class, null);
		tracker.open();
		List<Event> events = new CopyOnWriteArrayList<>();
		Dictionary<String, Object> props = new Hashtable<>();
		props.put(EventConstants.EVENT_TOPIC, RunTopics.ALL);
		ServiceRegistration<EventHandler> reg = context.registerService(EventHandler.class, events::add, props);
		try (Simulator sim = Simulator.start(settings(10, 5, 20))) {
			LoadEngine engine = tracker.waitForService(10_000);
			assertNotNull(engine, "LoadEngine registered by DS");
			RunSummary s = engine.start(TestRuns.withLimits(TestRuns.simple(sim.baseUrl(), 10, 4), Limits.requests(60)),
					RunListener.NONE).completion().get(60, TimeUnit.SECONDS);
			long deadline = System.currentTimeMillis() + 5000;
			while (events.stream().noneMatch(e -> e.getTopic().equals(RunTopics.FINISHED))
					&& System.currentTimeMillis() < deadline) {
				Thread.sleep(20);
			}
			List<String> topics = events.stream().map(Event::getTopic).toList();
			assertEquals(RunTopics.STARTED, topics.get(0));
			assertEquals(s, events.stream().filter(e -> e.getTopic().equals(RunTopics.FINISHED)).findFirst().orElseThrow()
					.getProperty(DeepStressTopics.DATA));
			long results = events.stream().filter(e -> e.getTopic().equals(RunTopics.RESULTS))
					.mapToLong(e -> ((List<?>) e.getProperty(DeepStressTopics.DATA)).size()).sum();
			assertEquals(60, results, "every attempt on the bus, in batches");
			long progress = topics.stream().filter(RunTopics.PROGRESS::equals).count();
			double seconds = (s.endEpochMillis() - s.startEpochMillis()) / 1000.0;
			assertTrue(progress <= seconds * 10 + 2, progress + " progress events in " + seconds + " s");
		} finally {
			reg.unregister();
			tracker.close();
		}
	}
}
