package io.deepstress.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.deepstress.core.metrics.Saturation;
import io.deepstress.core.metrics.SaturationDetector;
import io.deepstress.core.metrics.SaturationWatch;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.RunListener;

/**
 * Live saturation detection against a server of known capacity: at most {@value #SLOTS} requests served at once,
 * {@value #SERVICE_MS} ms each, the rest waiting in FIFO order, so it completes at most 20 requests per second.
 */
class SaturationTest {

	static final int SLOTS = 2;
	static final long SERVICE_MS = 100;

	private static ScriptedServer capacityServer() throws Exception {
		Semaphore slots = new Semaphore(SLOTS, true);
		return new ScriptedServer((c, n) -> {
			slots.acquire();
			try {
				c.pause(SERVICE_MS);
			} finally {
				slots.release();
			}
			c.respond(200, "OK", "application/json", "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
					+ "\"content\":\"ok\"}}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1}}");
		});
	}

	/** An open loop at {@code rate} for {@code seconds}, watched; returns the findings. */
	private static List<Saturation> watch(double rate, int seconds) throws Exception {
		List<Saturation> found = new CopyOnWriteArrayList<>();
		try (ScriptedServer server = capacityServer()) {
			RunConfig c = TestRuns.simple(server.baseUrl(), 10, 1);
			c = new RunConfig(c.name(), c.target(), new RequestOptions(false, 16, 0.5, null, false), c.datasets(),
					new Load.OpenLoop(rate, false, 2000), Limits.duration(Duration.ofSeconds(seconds)),
					TestRuns.timeouts(5000, 60_000, 60_000), c.retry());
			SaturationWatch watch = new SaturationWatch(SaturationDetector.defaults(), found::add);
			EngineFixture fixture = new EngineFixture();
			RunSummary s = fixture.engine.start(c, RunListener.all(fixture, watch)).completion().get(120,
					TimeUnit.SECONDS);
			assertTrue(s.succeeded() > 0, "the server answered");
			// the same test on the recorded samples (as a report replays a stored run) agrees with the live one
			Optional<Saturation> replayed = SaturationDetector.defaults().replay(s.runId(), fixture.all());
			assertEquals(!found.isEmpty(), replayed.isPresent(), "live " + found + ", replayed " + replayed);
		}
		return found;
	}

	@Test
	void anOpenLoopAtTwiceTheCapacityIsFoundSaturated() throws Exception {
		List<Saturation> found = watch(40, 16);
		assertEquals(1, found.size(), "found once: " + found);
		Saturation s = found.get(0);
		// the server completes at most 20/s; what it does complete is about that
		assertTrue(s.throughput() <= 21 && s.throughput() > 10, s.describe());
		assertTrue(s.inFlightSlopeLow() > 5, "about 20 more waiting each second: " + s.describe());
		assertTrue(s.atSecond() >= SaturationDetector.defaults().window() && s.atSecond() <= 15, s.describe());
	}

	@Test
	void anOpenLoopAtHalfTheCapacityIsNot() throws Exception {
		assertEquals(List.of(), watch(10, 16));
	}
}
