package io.deepstress.launch.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.deepstress.core.capacity.CapacityLevel;
import io.deepstress.core.capacity.CapacityListener;
import io.deepstress.core.capacity.CapacityRecord;
import io.deepstress.core.capacity.CapacityRequest;
import io.deepstress.core.capacity.CapacityResult;
import io.deepstress.core.capacity.CapacitySearch;
import io.deepstress.core.capacity.CapacityStore;
import io.deepstress.core.launch.RunPlan;
import io.deepstress.core.slo.Slo;
import io.deepstress.simulator.Simulator;

/**
 * A capacity search is kept with its batch as it goes (every finished level), listed as partial when it was stopped,
 * and resumed from its finished levels (judged again from their stored runs, not run again) to the same answer as
 * a search run through: the simulator's K.
 */
class CapacityResumeTest {

	private final LaunchFixture fixture = new LaunchFixture();
	private final CapacitySearch searches = fixture.service(CapacitySearch.class);
	private final CapacityStore stored = fixture.service(CapacityStore.class);

	@AfterEach
	void close() {
		fixture.close();
	}

	private static CapacityRequest request(String url, String slo) {
		return new CapacityRequest(RunPlan.of(CapacitySearchTest.config(url)), Slo.parse(slo),
				CapacityRequest.By.CONCURRENCY, 2, 16, Duration.ofMillis(1500), 3, 0.95, 0, 0.2, null);
	}

	@Test
	void aStoppedSearchIsStoredAsPartialAndResumesToK() throws Exception {
		String slo = "ttft<=60ms,attainment>=70%";
		try (Simulator sim = CapacitySearchTest.simulator()) {
			CountDownLatch firstLevel = new CountDownLatch(1);
			CapacitySearch.Handle h = searches.search(request(sim.baseUrl(), slo).listenedBy(new CapacityListener() {
				@Override
				public void onLevel(int index, CapacityLevel level) {
					firstLevel.countDown();
				}
			}));
			assertTrue(firstLevel.await(60, TimeUnit.SECONDS), "a first level");
			h.cancel();
			CapacityResult stopped = h.completion().get(60, TimeUnit.SECONDS);
			CapacityRecord partial = stored.find(h.batchId()).orElseThrow();
			assertEquals(CapacityRecord.PARTIAL, partial.status(), partial.toString());
			assertEquals("cancelled", partial.stop());
			assertEquals(stopped.levels().size(), partial.levels().size());
			assertEquals(2, partial.levels().get(0).level());
			List<String> firstRuns = partial.levels().get(0).runIds();
			assertTrue(!firstRuns.isEmpty(), partial.toString());
			// each level's run keeps the saturation verdict: a 1.5 s run is shorter than the test's window
			var verdict = fixture.service(io.deepstress.core.services.RunStore.class).saturation(firstRuns.get(0))
					.orElseThrow();
			assertTrue(!verdict.saturated() && !verdict.tested(), verdict.toString());
			assertTrue(verdict.describe().startsWith("not tested: the run was shorter than one window"), verdict.describe());
			assertTrue(stored.list().stream().anyMatch(r -> r.batchId().equals(h.batchId()) && !r.complete()));

			// a different search is refused, naming what differs
			IllegalArgumentException differs = assertThrows(IllegalArgumentException.class,
					() -> searches.resume(request(sim.baseUrl(), "ttft<=80ms,attainment>=70%"), h.batchId()));
			assertTrue(differs.getMessage().contains("--slo was ttft<=60ms,attainment>=70%, now ttft<=80ms"),
					differs.getMessage());
			IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
					() -> searches.resume(request(sim.baseUrl(), slo), "no-such-batch"));
			assertTrue(unknown.getMessage().contains("No capacity search is stored under batch 'no-such-batch'"),
					unknown.getMessage());

			CapacitySearch.Handle resumed = searches.resume(request(sim.baseUrl(), slo), h.batchId());
			assertEquals(h.batchId(), resumed.batchId());
			CapacityResult r = resumed.completion().get(120, TimeUnit.SECONDS);
			String levels = r.levels().stream().map(l -> (long) l.level() + (l.passed() ? "+" : "-")).toList().toString();
			assertEquals("found", r.stop(), r.message() + " " + levels);
			assertEquals(CapacitySearchTest.K, r.answer(), r.message() + " " + levels);
			assertTrue(r.low() <= CapacitySearchTest.K && CapacitySearchTest.K <= r.high(), r.message());
			// the first level was not run again: the same runs
			assertEquals(firstRuns, r.levels().get(0).runs().stream().map(x -> x.summary().runId()).toList());
			CapacityRecord complete = stored.find(h.batchId()).orElseThrow();
			assertEquals(CapacityRecord.COMPLETE, complete.status());
			assertEquals(CapacitySearchTest.K, complete.answer());
			assertEquals(r.levels().size(), complete.levels().size());
			assertEquals(r.message(), complete.message());
			assertEquals(partial.startedMillis(), complete.startedMillis());
			assertNotEquals(partial.updatedMillis(), 0);

			IllegalArgumentException done = assertThrows(IllegalArgumentException.class,
					() -> searches.resume(request(sim.baseUrl(), slo), h.batchId()));
			assertTrue(done.getMessage().contains("is complete"), done.getMessage());
		}
	}
}
