package io.deepstress.simulator.tests;

import static io.deepstress.simulator.tests.Http.chat;
import static io.deepstress.simulator.tests.Http.millis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
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

	/*
	 * Each check measures several requests and compares medians and bounded tails; per request only what the
	 * clocks guarantee on any machine (never early, the client's start before the server's arrival). The
	 * bounds are those a machine whose cores are all busy keeps (seen with stress-ng --cpu 2 beside two
	 * builds: the pacer's own TTFT median 22 ms late): they tell pacing from no pacing or double pacing. The
	 * pacing's precision on a quiet machine is a benchmark figure (benchmarks/measure.sh engine prints the
	 * simulator's own TTFT and gaps; benchmarks/engine.sh its TTFT per load level).
	 */
	static final int REQUESTS = 8;
	/** How late a busy machine may make the median request (the tail gets five times this). */
	static final long BUSY_MS = 50;

	@Test
	void firstContentArrivesAfterTtft() throws Exception {
		List<Long> client = new ArrayList<>();
		List<Long> server = new ArrayList<>();
		List<Long> decode = new ArrayList<>();
		for (int i = 0; i < REQUESTS; i++) {
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
			ServerRecord r = sim.record(id).orElseThrow();
			long serverTtft = r.firstContentNanos() - r.arrivalNanos();
			assertTrue(serverTtft >= Duration.ofMillis(TTFT_MS).toNanos(), "server TTFT " + serverTtft + " ns");
			// one monotonic clock for both sides (same process here, same machine in general)
			assertTrue(s.startNanos() <= r.arrivalNanos());
			assertTrue(r.firstContentNanos() <= firstContent.nanos());
			client.add(clientTtft);
			server.add(serverTtft);
			decode.add(r.lastContentNanos() - r.firstContentNanos());
		}
		assertWithin(TTFT_MS, BUSY_MS, new Spread(client), "client TTFT");
		assertWithin(TTFT_MS, BUSY_MS, new Spread(server), "server TTFT");
		Spread decodeSpread = new Spread(decode);
		assertTrue(decodeSpread.median() <= Duration.ofMillis((TOKENS - 1) * ITL_MS + BUSY_MS).toNanos(),
				"time from first to last token at the server: " + decodeSpread);
	}

	/** The server's record of a request once the server has seen the exchange end (at most 20 s). */
	private static ServerRecord ended(String id) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		ServerRecord r = sim.record(id).orElseThrow();
		while (!r.ended() && System.nanoTime() < deadline) {
			Thread.sleep(5);
			r = sim.record(id).orElseThrow();
		}
		assertTrue(r.ended(), "the exchange ended: " + r);
		return r;
	}

	/** Median within {@code medianMs} of {@code expectedMs}, 90 % within 5 times that. */
	private static void assertWithin(long expectedMs, long medianMs, Spread spread, String what) {
		long expected = Duration.ofMillis(expectedMs).toNanos();
		long median = Duration.ofMillis(medianMs).toNanos();
		long tail = 5 * median;
		assertTrue(Math.abs(spread.median() - expected) <= median, what + ": median not within " + medianMs + " ms of "
				+ expectedMs + " ms: " + spread);
		assertTrue(Math.abs(spread.quantile(0.9) - expected) <= tail, what + ": 90 % not within " + tail / 1_000_000
				+ " ms of " + expectedMs + " ms: " + spread);
	}

	@Test
	void tokensArriveOneItlApartWithoutDrift() throws Exception {
		// 30 tokens, 290 ms from the first to the last: long against a busy machine's scheduling delays, so
		// that the span at both ends tells pacing (290 ms) from none (0) or drift (late tokens adding up)
		int tokens = 30;
		long expectedMs = (tokens - 1) * ITL_MS;
		try (Simulator paced = Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ofMillis(10))
				.withItl(Duration.ofMillis(ITL_MS)).withDefaultOutputTokens(tokens))) {
			List<Long> client = new ArrayList<>();
			List<Long> server = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				String id = "pace-" + UUID.randomUUID();
				Http.Stream s = Http.stream(Http.post(paced.baseUrl() + "/chat/completions", chat("pace", true, null))
						.header("X-Request-Id", id).build());
				List<Http.Event> content = s.events().subList(1, 1 + tokens);
				ServerRecord r = paced.record(id).orElseThrow();
				assertTrue(r.lastContentNanos() - r.arrivalNanos() >= Duration.ofMillis(10 + expectedMs).toNanos(),
						"the last token never early: " + r);
				assertTrue(content.get(tokens - 1).nanos() >= r.lastContentNanos(), "read after it was written");
				client.add(content.get(tokens - 1).nanos() - content.get(0).nanos());
				server.add(r.lastContentNanos() - r.firstContentNanos());
			}
			assertWithin(expectedMs, BUSY_MS, new Spread(server), "span from the first to the last token at the server");
			assertWithin(expectedMs, BUSY_MS, new Spread(client), "span from the first to the last token at the client");
		}
	}

	@Test
	void nonStreamedAnswerComesAfterTtftPlusAllTokens() throws Exception {
		long expected = Duration.ofMillis(TTFT_MS + (TOKENS - 1) * ITL_MS).toNanos();
		List<Long> elapsed = new ArrayList<>();
		List<Long> server = new ArrayList<>();
		for (int i = 0; i < REQUESTS; i++) {
			String id = "body-" + UUID.randomUUID();
			long start = System.nanoTime();
			HttpResponse<String> r = Http.send(Http.post(sim.baseUrl() + "/chat/completions", chat("whole", false, null))
					.header("X-Request-Id", id).build());
			long took = System.nanoTime() - start;
			assertEquals(200, r.statusCode());
			assertTrue(took >= expected, "elapsed " + millis(took) + " ms");
			// the client can have the whole body before the server has stamped the exchange's end
			ServerRecord record = ended(id);
			// the body's delay is timed from a moment just before the arrival is stamped: up to a few ms early
			assertTrue(record.firstContentNanos() - record.arrivalNanos() >= expected - Duration.ofMillis(5).toNanos(),
					record.toString());
			assertEquals(record.firstContentNanos(), record.lastContentNanos());
			assertTrue(record.endNanos() >= record.lastContentNanos());
			assertEquals(TOKENS, Http.words(Tree.string(Tree.get(Tree.get(
					Tree.at(Http.object(r.body()).get("choices"), 0), "message"), "content"))));
			elapsed.add(took);
			server.add(record.firstContentNanos() - record.arrivalNanos());
		}
		long expectedMs = TTFT_MS + (TOKENS - 1) * ITL_MS;
		assertWithin(expectedMs, BUSY_MS, new Spread(elapsed), "client's time to the whole answer");
		assertWithin(expectedMs, BUSY_MS, new Spread(server), "server's time to the body");
	}
}
