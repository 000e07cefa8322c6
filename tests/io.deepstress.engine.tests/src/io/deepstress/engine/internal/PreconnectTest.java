package io.deepstress.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.deepstress.core.run.HttpTiming;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.NetworkOptions;
import io.deepstress.core.run.RequestResult;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/**
 * An open loop or a trace replay opens the connections its first burst needs before its first arrival: how many
 * (the busiest 100 ms of a trace, a rate's expected arrivals, within the cap; one for HTTP/2; none for a closed
 * loop), and a real open loop against the simulator whose requests all find a connection open.
 */
class PreconnectTest {

	private static final NetworkOptions.Http H1 = NetworkOptions.Http.HTTP_1_1;

	@Test
	void aTraceOpensWhatItsBusiestHundredMillisecondsNeed() {
		// three at 0, one at 50 ms (4 within 100 ms), then two at 150 and 160 ms
		Load.Scheduled trace = new Load.Scheduled(List.of(0L, 0L, 0L, 50_000L, 150_000L, 160_000L), 1, 64);
		assertEquals(4, Preconnect.busiestWindow(trace));
		assertEquals(4, Preconnect.count(trace, H1));
		assertEquals(3, Preconnect.count(new Load.Scheduled(trace.offsetsMicros(), 1, 3), H1), "within the cap");
		// at half speed the 50 ms arrival is 100 ms after the first ones: three in any 100 ms
		assertEquals(3, Preconnect.count(new Load.Scheduled(trace.offsetsMicros(), 0.5, 64), H1));
		assertEquals(1, Preconnect.count(trace, NetworkOptions.Http.HTTP_2), "HTTP/2 multiplexes one connection");
	}

	@Test
	void aRateOpensItsExpectedArrivalsOfAHundredMilliseconds() {
		assertEquals(21, Preconnect.count(new Load.OpenLoop(200, false, 64), H1));
		assertEquals(8, Preconnect.count(new Load.OpenLoop(200, true, 8), H1));
		assertEquals(2, Preconnect.count(new Load.OpenLoop(1, false, 64), H1));
		assertEquals(Preconnect.MOST, Preconnect.count(new Load.OpenLoop(100_000, false, 10_000), H1));
		assertEquals(0, Preconnect.count(new Load.ClosedLoop(8), H1), "a closed loop sets its own clock");
	}

	@Test
	void theFirstArrivalsOfAnOpenLoopFindTheirConnectionsOpen() throws Exception {
		try (Simulator sim = Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ofMillis(2))
				.withItl(Duration.ofMillis(1)).withOutputTokenRange(4, 4))) {
			EngineFixture fixture = new EngineFixture();
			// 50 req/s: six connections opened ahead; each request lasts a few ms, so they suffice
			fixture.run(TestRuns.withLimits(TestRuns.simple(sim.baseUrl(), 12, 1).withLoad(new Load.OpenLoop(50, false, 16)),
					Limits.requests(12)), 60);
			List<RequestResult> results = fixture.finals();
			assertEquals(12, results.size());
			for (RequestResult r : results) {
				assertNull(r.error(), r.errorMessage());
				HttpTiming t = r.httpTiming();
				assertTrue(t.reused(), "request " + r.index() + " found a connection open: " + t);
				assertEquals(-1, t.connectNanos(), "and paid no connect: " + t);
			}
		}
	}
}
