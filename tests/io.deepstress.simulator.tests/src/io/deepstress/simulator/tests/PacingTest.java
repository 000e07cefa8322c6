package io.deepstress.simulator.tests;

import static io.deepstress.simulator.tests.Http.chat;
import static io.deepstress.simulator.tests.Http.millis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.deepstress.simulator.ServerRecord;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/** TTFT and inter-token latency as a client measures them, and as the server records them. */
class PacingTest {

	static final long TTFT_MS = 100;
	static final long ITL_MS = 10;
	static final int TOKENS = 5;
	static Simulator sim;

	@BeforeAll
	static void start() throws Exception {
		sim = Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ofMillis(TTFT_MS))
				.withItl(Duration.ofMillis(ITL_MS)).withDefaultOutputTokens(TOKENS));
		// warm up the JIT on both sides so the measured requests are not the first ones
		for (int i = 0; i < 3; i++) {
			Http.Stream s = Http.stream(Http.post(sim.baseUrl() + "/chat/completions", chat("warm up", true, null)).build());
			assertTrue(s.endsWithDone());
		}
	}

	@AfterAll
	static void stop() {
		sim.close();
	}

	@Test
	void firstContentArrivesAfterTtft() throws Exception {
		String id = "ttft-" + UUID.randomUUID();
		Http.Stream s = Http.stream(Http.post(sim.baseUrl() + "/chat/completions", chat("time me", true, null))
				.header("X-Request-Id", id).build());
		assertNull(s.failure());
		List<String> contents = Http.contents(s);
		assertEquals(TOKENS, contents.size());
		Http.Event firstContent = s.events().get(1); // after the role chunk
		assertTrue(Tree.string(Tree.get(Tree.get(Tree.at(firstContent.json().get("choices"), 0), "delta"), "content"))
				.length() > 0);
		long clientTtft = firstContent.nanos() - s.startNanos();
		assertTrue(clientTtft >= Duration.ofMillis(TTFT_MS).toNanos(), "client TTFT " + millis(clientTtft) + " ms");
		assertTrue(clientTtft <= Duration.ofMillis(TTFT_MS + 250).toNanos(), "client TTFT " + millis(clientTtft) + " ms");

		ServerRecord r = sim.record(id).orElseThrow();
		long serverTtft = r.firstContentNanos() - r.arrivalNanos();
		assertEquals(Duration.ofMillis(TTFT_MS).toNanos(), serverTtft, Duration.ofMillis(5).toNanos(),
				"server TTFT " + serverTtft + " ns");
		// one monotonic clock for both sides (same process here, same machine in general)
		assertTrue(s.startNanos() <= r.arrivalNanos());
		assertTrue(r.firstContentNanos() <= firstContent.nanos());
		long decode = r.lastContentNanos() - r.firstContentNanos();
		assertEquals(Duration.ofMillis((TOKENS - 1) * ITL_MS).toNanos(), decode, Duration.ofMillis(5).toNanos(),
				"time from first to last token " + decode + " ns");
	}

	@Test
	void tokensArriveOneItlApartWithoutDrift() throws Exception {
		Http.Stream s = Http.stream(Http.post(sim.baseUrl() + "/chat/completions", chat("pace", true, null)).build());
		List<Http.Event> content = s.events().subList(1, 1 + TOKENS);
		long span = content.get(TOKENS - 1).nanos() - content.get(0).nanos();
		long expected = Duration.ofMillis((TOKENS - 1) * ITL_MS).toNanos();
		assertTrue(span >= expected - Duration.ofMillis(5).toNanos(), "span " + millis(span) + " ms");
		assertTrue(span <= expected + Duration.ofMillis(250).toNanos(), "span " + millis(span) + " ms");
	}

	@Test
	void nonStreamedAnswerComesAfterTtftPlusAllTokens() throws Exception {
		String id = "body-" + UUID.randomUUID();
		long start = System.nanoTime();
		HttpResponse<String> r = Http.send(Http.post(sim.baseUrl() + "/chat/completions", chat("whole", false, null))
				.header("X-Request-Id", id).build());
		long elapsed = System.nanoTime() - start;
		assertEquals(200, r.statusCode());
		long expected = Duration.ofMillis(TTFT_MS + (TOKENS - 1) * ITL_MS).toNanos();
		assertTrue(elapsed >= expected, "elapsed " + millis(elapsed) + " ms");
		assertTrue(elapsed <= expected + Duration.ofMillis(250).toNanos(), "elapsed " + millis(elapsed) + " ms");
		ServerRecord record = sim.record(id).orElseThrow();
		assertEquals(expected, record.firstContentNanos() - record.arrivalNanos(), Duration.ofMillis(5).toNanos());
		assertEquals(record.firstContentNanos(), record.lastContentNanos());
		assertTrue(record.endNanos() >= record.lastContentNanos());
		assertEquals(TOKENS, Http.words(Tree.string(Tree.get(Tree.get(
				Tree.at(Http.object(r.body()).get("choices"), 0), "message"), "content"))));
	}
}
