package io.deepstress.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import io.deepstress.core.events.RunTopics;
import io.deepstress.core.run.ClientHealthEvent;
import io.deepstress.core.run.ClientHealthReport;
import io.deepstress.core.run.LatencyStats;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/**
 * The client-limited stamp: each watchdog threshold on its own, the live warning's transitions, and an open
 * loop far beyond what this client can send, provoked for real against the simulator.
 */
class ClientLimitedTest {

	private static Histogram micros(int count, long value) {
		Histogram h = new Histogram(3);
		h.recordValueWithCount(value, count);
		return h;
	}

	private static RunSummary summary(java.util.Map<String, Long> errors) {
		return new RunSummary("r", "n", "m", "closed loop, concurrency 1", 1, RunStatus.COMPLETED, null, 0, 1, 1, 2, 1,
				1, 2, 0, 0, 0, 0, 1, 0, Double.NaN, Double.NaN, LatencyStats.EMPTY, LatencyStats.EMPTY, LatencyStats.EMPTY,
				LatencyStats.EMPTY, errors, List.of(), 1, 1, 1);
	}

	private static HealthLimits.Measured healthy() {
		return new HealthLimits.Measured(10, 4, 5, 0.5, 0.01, micros(200, 1_000), micros(500, 500), 10e6, 10_000_000L,
				2_000_000L);
	}

	@Test
	void belowEveryThresholdNothingTrips() {
		ClientHealthReport r = HealthLimits.DEFAULT.report(healthy());
		assertFalse(r.clientLimited(), r.reasons().toString());
		assertEquals(50, r.processCpuPercentOfCore(), 1e-9);
		assertEquals(1.0, r.probeLagP99Ms(), 0.01);
		assertEquals(0.5, r.sendLatenessP99Ms(), 0.01);
		assertEquals(10, r.meanGapMs(), 1e-9);
		assertEquals(10, r.gcPauseTotalMs(), 1e-9);
		assertEquals(2, r.gcPauseMaxMs(), 1e-9);
	}

	@Test
	void eachThresholdTripsOnItsOwn() {
		HealthLimits l = HealthLimits.DEFAULT;
		HealthLimits.Measured h = healthy();
		assertReason(l.report(new HealthLimits.Measured(10, 4, 37, 0.5, 0.01, h.lagMicros(), h.latenessMicros(), 10e6,
				0, 0)), "client process CPU 370 % of a core > 360 % of 4 cores");
		assertReason(l.report(new HealthLimits.Measured(10, 4, 5, 0.5, 0.01, micros(200, 25_000), h.latenessMicros(),
				10e6, 0, 0)), "I/O-thread probe lag p99 25.0 ms > 20 ms");
		// the gap sets the lateness limit: 1 % of a 500 ms gap is 5 ms, so 3 ms is fine and 6 ms is not
		assertFalse(l.report(new HealthLimits.Measured(10, 4, 5, 0.5, 0.01, h.lagMicros(), micros(100, 3_000), 500e6,
				0, 0)).clientLimited());
		assertReason(l.report(new HealthLimits.Measured(10, 4, 5, 0.5, 0.01, h.lagMicros(), micros(100, 6_000), 500e6,
				0, 0)), "open-loop send lateness p99 6.0 ms > 5 ms (max of 2 ms and 1 % of the 500 ms mean gap)");
		assertReason(l.report(new HealthLimits.Measured(10, 4, 5, 0.5, 0.01, h.lagMicros(), micros(100, 2_500), 1e6,
				0, 0)), "open-loop send lateness p99 2.5 ms > 2 ms (max of 2 ms and 1 % of the 1 ms mean gap)");
		assertReason(l.report(new HealthLimits.Measured(10, 4, 5, 0.5, 0.2, h.lagMicros(), h.latenessMicros(), 10e6,
				0, 0)), "CPU steal 20 % > 10 %");
		assertReason(l.report(new HealthLimits.Measured(10, 4, 5, 0.5, 0.01, h.lagMicros(), h.latenessMicros(), 10e6,
				600_000_000L, 300_000_000L)), "GC pauses 6 % of the time > 5 %");
		// a machine busy with other work is recorded, not a stamp of its own (its effect shows as lag/lateness)
		assertFalse(l.report(new HealthLimits.Measured(10, 4, 5, 1.0, 0.01, h.lagMicros(), h.latenessMicros(), 10e6,
				0, 0)).clientLimited());
		// a stretch under a second: its CPU, steal and GC shares are not judged (start-up work)
		assertFalse(l.report(new HealthLimits.Measured(0.5, 4, 5, 0.5, 0.5, h.lagMicros(), h.latenessMicros(), 10e6,
				400_000_000L, 0)).clientLimited());
		// too few probes or sends for a p99: not judged
		assertFalse(l.report(new HealthLimits.Measured(10, 4, 5, 0.5, 0.01, micros(5, 90_000), micros(5, 90_000), 1e6,
				0, 0)).clientLimited());
	}

	private static void assertReason(ClientHealthReport r, String reason) {
		assertEquals(List.of(reason), r.reasons());
		assertTrue(r.clientLimited());
	}

	@Test
	void theLiveWarningIsPublishedWhileLimitedAndOnceWhenItClears() {
		List<Object[]> events = new ArrayList<>();
		Publisher publisher = new Publisher(null, (topic, payload) -> events.add(new Object[] { topic, payload }));
		ClientHealthReport ok = HealthLimits.DEFAULT.report(healthy());
		ClientHealthReport limited = HealthLimits.DEFAULT.report(new HealthLimits.Measured(1, 4, 1, 0.5, 0.5,
				micros(20, 1_000), micros(0, 0), Double.NaN, 0, 0));
		assertTrue(limited.clientLimited());
		publisher.clientHealth("r1", ok);
		assertTrue(events.isEmpty(), "a healthy window says nothing");
		publisher.clientHealth("r1", limited);
		publisher.clientHealth("r1", limited);
		publisher.clientHealth("r1", ok);
		publisher.clientHealth("r1", ok);
		assertEquals(3, events.size(), "two warnings and one all-clear");
		assertEquals(RunTopics.CLIENT_HEALTH, events.get(0)[0]);
		assertEquals(new ClientHealthEvent("r1", limited), events.get(1)[1]);
		assertFalse(((ClientHealthEvent) events.get(2)[1]).report().clientLimited());
	}

	@Test
	void anOpenLoopFarBeyondWhatThisClientSendsIsStampedClientLimited() throws Exception {
		try (Simulator sim = Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ZERO).withItl(Duration.ZERO)
				.withDefaultOutputTokens(2))) {
			// 1,000 arrivals due within 5 ms (200,000/s, no cap in the way): nobody sends that fast from one thread
			RunConfig base = TestRuns.withLimits(TestRuns.simple(sim.baseUrl(), 50, 1), Limits.requests(1000));
			RunConfig open = new RunConfig(base.name(), base.target(), base.request(), base.datasets(),
					new Load.OpenLoop(200_000, false, 1000), base.limits(), TestRuns.timeouts(5000, 20000, 30000),
					base.retry());
			RunSummary s = new EngineFixture().run(open, 120);
			ClientHealthReport h = s.clientHealth();
			assertNotNull(h);
			assertEquals(1000, h.sends(), h.toString());
			assertEquals(0.005, h.meanGapMs(), 1e-9);
			assertTrue(h.sendLatenessP99Ms() > 2, h.toString());
			assertTrue(s.clientLimited(), h.toString());
			assertTrue(s.clientLimitedReasons().stream().anyMatch(r -> r.startsWith("open-loop send lateness p99")),
					s.clientLimitedReasons().toString());
		}
	}

	@Test
	void clientErrorsAndTheWatchdogMakeOneStampWithBothReasons() {
		ClientHealthReport limited = HealthLimits.DEFAULT.report(new HealthLimits.Measured(1, 4, 1, 0.5, 0.5,
				micros(20, 1_000), micros(0, 0), Double.NaN, 0, 0));
		RunSummary plain = summary(java.util.Map.of("client", 3L));
		RunSummary both = plain.withClientHealth(limited);
		assertEquals(List.of("3 requests failed on this machine's own resources ('client' errors)",
				"CPU steal 50 % > 10 %"), both.clientLimitedReasons());
		RunSummary watchdogOnly = summary(java.util.Map.of()).withClientHealth(limited);
		assertTrue(watchdogOnly.clientLimited());
		RunSummary healthy = summary(java.util.Map.of())
				.withClientHealth(HealthLimits.DEFAULT.report(healthy()));
		assertFalse(healthy.clientLimited());
		assertTrue(healthy.clientLimitedReasons().isEmpty());
	}
}
