package io.deepstress.simulator.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.deepstress.simulator.CapacityModel;
import io.deepstress.simulator.ServerRecord;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/**
 * The capacity model: K slots, FIFO queue (TTFT includes the wait), prefill per prompt token, ITL growing with the
 * running batch, running and queued counts. Checked on the server's own records with lower bounds the pacer
 * guarantees (it never runs a step early) and generous upper bounds for a busy machine.
 */
class CapacityModelTest {

	static final long TTFT_MS = 20;
	static final long ITL_MS = 20;
	static final int TOKENS = 10;
	/** One answer's service time once admitted: TTFT + 9 gaps. */
	static final long SERVICE_MS = TTFT_MS + (TOKENS - 1) * ITL_MS;

	private static SimulatorSettings settings() {
		return SimulatorSettings.defaults().withTtft(Duration.ofMillis(TTFT_MS)).withItl(Duration.ofMillis(ITL_MS))
				.withDefaultOutputTokens(TOKENS);
	}

	@Test
	void beyondKSlotsRequestsQueueAndTheirTtftIncludesTheWait() throws Exception {
		try (Simulator sim = Simulator.start(settings(), CapacityModel.slots(2))) {
			AtomicInteger maxRunning = new AtomicInteger();
			AtomicInteger maxQueued = new AtomicInteger();
			List<ServerRecord> records = burst(sim, 6, true, () -> {
				CapacityModel.State s = sim.capacity();
				maxRunning.accumulateAndGet(s.running(), Math::max);
				maxQueued.accumulateAndGet(s.queued(), Math::max);
			});
			long[] ttft = records.stream().mapToLong(r -> millis(r.firstContentNanos() - r.arrivalNanos())).sorted()
					.toArray();
			// two admitted at once; two wait for a whole answer, two for two answers
			assertTrue(ttft[0] >= TTFT_MS && ttft[1] < SERVICE_MS, Arrays.toString(ttft));
			assertTrue(ttft[2] >= SERVICE_MS && ttft[3] >= SERVICE_MS, Arrays.toString(ttft));
			assertTrue(ttft[4] >= 2 * SERVICE_MS && ttft[5] >= 2 * SERVICE_MS, Arrays.toString(ttft));
			assertTrue(ttft[5] < 2 * SERVICE_MS + 2_000, "bounded wait: " + Arrays.toString(ttft));
			assertEquals(2, maxRunning.get(), "never more than K running");
			CapacityModel.State end = sim.capacity();
			assertEquals(new CapacityModel.State(2, 0, 0, 6, end.maxQueued()), end);
			assertTrue(end.maxQueued() >= 3 && maxQueued.get() <= 4, end + " seen queued " + maxQueued);
			Map<String, Object> stats = Http.object(Http.get(sim.baseUrl().replace("/v1", "/sim/stats")).body());
			assertEquals(2L, ((Number) stats.get("slots")).longValue());
			assertEquals(0L, ((Number) stats.get("running")).longValue());
			assertEquals(0L, ((Number) stats.get("queued")).longValue());
			assertEquals(6L, ((Number) stats.get("admitted")).longValue());
		}
	}

	@Test
	void withoutTheModelNothingWaits() throws Exception {
		try (Simulator sim = Simulator.start(settings())) {
			List<ServerRecord> records = burst(sim, 6, true, () -> {
			});
			long[] ttft = records.stream().mapToLong(r -> millis(r.firstContentNanos() - r.arrivalNanos())).sorted()
					.toArray();
			assertTrue(ttft[2] < SERVICE_MS, "the median request did not wait: " + Arrays.toString(ttft));
			assertEquals(new CapacityModel.State(0, 0, 0, 0, 0), sim.capacity());
		}
	}

	@Test
	void aNonStreamedAnswerWaitsForItsSlotToo() throws Exception {
		try (Simulator sim = Simulator.start(settings(), CapacityModel.slots(1))) {
			List<ServerRecord> records = burst(sim, 3, false, () -> {
			});
			// one slot: the k-th answer cannot end before k service times after the first arrival (measured from each
			// request's own arrival it could, by the few ms the burst's requests arrive apart)
			long first = records.stream().mapToLong(ServerRecord::arrivalNanos).min().orElseThrow();
			long[] ends = records.stream().mapToLong(r -> millis(r.endNanos() - first)).sorted().toArray();
			assertTrue(ends[0] >= SERVICE_MS && ends[1] >= 2 * SERVICE_MS && ends[2] >= 3 * SERVICE_MS,
					Arrays.toString(ends));
			assertEquals(0, sim.capacity().running());
		}
	}

	@Test
	void prefillTimeGrowsWithThePrompt() throws Exception {
		try (Simulator sim = Simulator.start(settings(),
				CapacityModel.UNLIMITED.withPrefillPerToken(Duration.ofMillis(2)))) {
			String longPrompt = "word ".repeat(100);
			String id = UUID.randomUUID().toString();
			Http.Stream s = Http.stream(Http.post(sim.baseUrl() + "/completions", Http.completion(longPrompt, true, null))
					.header("X-Request-Id", id).build());
			assertTrue(s.endsWithDone());
			ServerRecord r = sim.record(id).orElseThrow();
			long ttft = millis(r.firstContentNanos() - r.arrivalNanos());
			assertTrue(r.promptTokens() >= 100, r.toString());
			assertTrue(ttft >= TTFT_MS + 2L * r.promptTokens() - 1, ttft + " ms for " + r.promptTokens() + " tokens");
			assertTrue(ttft < TTFT_MS + 2L * r.promptTokens() + 2_000, ttft + " ms");
		}
	}

	@Test
	void itlGrowsWithTheRunningBatch() throws Exception {
		try (Simulator sim = Simulator.start(settings(), CapacityModel.UNLIMITED.withItlGrowth(1.0))) {
			List<ServerRecord> alone = burst(sim, 1, true, () -> {
			});
			long soloDecode = millis(alone.get(0).lastContentNanos() - alone.get(0).firstContentNanos());
			List<ServerRecord> four = burst(sim, 4, true, () -> {
			});
			long[] decode = four.stream().mapToLong(r -> millis(r.lastContentNanos() - r.firstContentNanos())).sorted()
					.toArray();
			// the first chunk may be stamped late, the last one is due at its absolute time: 50 ms for a busy machine
			assertTrue(soloDecode >= (TOKENS - 1) * ITL_MS - 50,
					"alone: " + soloDecode);
			// four running: each gap about 4 x ITL while all four decode
			assertTrue(decode[1] >= 2 * (TOKENS - 1) * ITL_MS, "four at once: " + Arrays.toString(decode)
					+ ", alone " + soloDecode);
		}
	}

	@Test
	void badModelsAreRefused() {
		assertThrowsNamed("slots", () -> new CapacityModel(-1, Duration.ZERO, 0));
		assertThrowsNamed("prefillPerToken", () -> new CapacityModel(1, Duration.ofMillis(-1), 0));
		assertThrowsNamed("itlGrowth", () -> new CapacityModel(1, Duration.ZERO, Double.NaN));
	}

	private static void assertThrowsNamed(String field, Runnable r) {
		IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
				r::run);
		assertTrue(e.getMessage().contains(field), e.getMessage());
	}

	/** Sends {@code n} requests at once, calls {@code probe} every 5 ms until all ended, returns their records. */
	private static List<ServerRecord> burst(Simulator sim, int n, boolean stream, Runnable probe) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(n);
		try {
			List<String> ids = new ArrayList<>();
			List<Future<Http.Stream>> futures = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				String id = UUID.randomUUID().toString();
				ids.add(id);
				futures.add(pool.submit(() -> Http.stream(Http.post(sim.baseUrl() + "/completions",
						Http.completion("capacity", stream, null)).header("X-Request-Id", id).build())));
			}
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
			while (futures.stream().anyMatch(f -> !f.isDone()) && System.nanoTime() < deadline) {
				probe.run();
				Thread.sleep(5);
			}
			for (Future<Http.Stream> f : futures) {
				Http.Stream s = f.get(1, TimeUnit.SECONDS);
				assertEquals(200, s.status());
			}
			probe.run();
			return ids.stream().map(id -> sim.record(id).orElseThrow()).toList();
		} finally {
			pool.shutdownNow();
		}
	}

	private static long millis(long nanos) {
		return TimeUnit.NANOSECONDS.toMillis(nanos);
	}
}
