package io.deepstress.launch.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.deepstress.core.capacity.CapacityLevel;
import io.deepstress.core.capacity.CapacityListener;
import io.deepstress.core.capacity.CapacityRequest;
import io.deepstress.core.capacity.CapacityResult;
import io.deepstress.core.capacity.CapacitySearch;
import io.deepstress.core.launch.RunPlan;
import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Datasets;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunRecord;
import io.deepstress.core.run.Timeouts;
import io.deepstress.core.services.RunQuery;
import io.deepstress.core.services.RunStore;
import io.deepstress.core.slo.Slo;
import io.deepstress.simulator.CapacityModel;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/**
 * The capacity search through the DS service against the simulator's capacity model (K slots): beyond K every
 * request waits for a slot, so its TTFT grows by the wait and the SLO falls off a cliff; the search finds K and
 * its interval covers it, every level recorded as a run of the search's batch.
 */
class CapacitySearchTest {

	static final int K = 4;

	private final LaunchFixture fixture = new LaunchFixture();
	private final CapacitySearch searches = fixture.service(CapacitySearch.class);
	private final RunStore store = fixture.service(RunStore.class);

	@AfterEach
	void close() {
		fixture.close();
	}

	/** TTFT 10 ms once admitted; 8 to 16 tokens 50 ms apart, so an answer holds its slot for about half a second. */
	static Simulator simulator() {
		return Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ofMillis(10))
				.withItl(Duration.ofMillis(50)).withOutputTokenRange(8, 16), CapacityModel.slots(K));
	}

	static RunConfig config(String url) {
		return new RunConfig("capacity", new ApiTarget(url, ApiKind.CHAT, "deepstress-sim", null, null),
				new RequestOptions(true, null, null, null, true), List.of(new DatasetShare(Datasets.builtin(), 1)),
				new Load.ClosedLoop(1), Limits.requests(1), Timeouts.defaults(), RetryPolicy.none());
	}

	private static CapacityRequest request(String url, double min, double max) {
		// waiting for a slot at K + 1 users takes about 140 ms on average: far beyond 60 ms for most requests
		return new CapacityRequest(RunPlan.of(config(url)), Slo.parse("ttft<=60ms,attainment>=70%"),
				CapacityRequest.By.CONCURRENCY, min, max, Duration.ofMillis(1500), 3, 0.95, 0, 0.2, null);
	}

	@Test
	void findsKWithAnIntervalCoveringItInRepeatedSearchesEachOneBatch() throws Exception {
		try (Simulator sim = simulator()) {
			for (int search = 0; search < 2; search++) {
				List<String> heard = Collections.synchronizedList(new ArrayList<>());
				CapacitySearch.Handle h = searches.search(request(sim.baseUrl(), 2, 16).listenedBy(new CapacityListener() {
					@Override
					public void onLevel(int index, CapacityLevel level) {
						heard.add(index + ":" + (long) level.level() + (level.passed() ? "+" : "-"));
					}
				}));
				CapacityResult r = h.completion().get(120, TimeUnit.SECONDS);
				String levels = r.levels().stream().map(l -> (long) l.level() + (l.passed() ? "+" : "-") + " att "
						+ l.attainment() + " n " + l.total() + " runs " + l.runs().size()).toList().toString();
				assertEquals("found", r.stop(), r.message() + " " + levels);
				assertEquals(K, r.answer(), r.message() + " " + levels);
				assertTrue(r.low() <= K && K <= r.high(), r.message() + " " + levels);
				assertEquals("cliff", r.boundary(), levels);
				assertEquals(r.levels().size(), heard.size(), heard.toString());
				assertTrue(r.message().startsWith(K + " concurrent users at TTFT <= 60 ms, attainment >= 70 % (95 % CI "),
						r.message());
				// every level's runs are recorded under the search's batch, named after their level
				List<RunRecord> recorded = store.list(new RunQuery(null, null, null, h.batchId(), null, null,
						RunQuery.Sort.START, false, 0, 100));
				long runs = r.levels().stream().mapToLong(l -> l.runs().size()).sum();
				assertEquals(runs, recorded.size(), levels);
				assertTrue(recorded.stream().allMatch(rec -> rec.summary().name().matches("capacity c\\d+")),
						recorded.stream().map(rec -> rec.summary().name()).toList().toString());
				CapacityLevel at = r.answerLevel();
				assertTrue(at.passed() && at.goodputRps() > 0, levels);
				assertEquals(0, sim.capacity().running());
			}
		}
	}

	@Test
	void whenTheLowestLevelAlreadyFailsItSaysSoAndKeepsTheRun() throws Exception {
		try (Simulator sim = simulator()) {
			CapacitySearch.Handle h = searches.search(request(sim.baseUrl(), 8, 16));
			CapacityResult r = h.completion().get(60, TimeUnit.SECONDS);
			assertFalse(r.found());
			assertEquals("lowest-fails", r.stop(), r.message());
			assertEquals("Even the lowest level (8 concurrent users) misses the SLO TTFT <= 60 ms, attainment >= 70 %.",
					r.message());
			assertEquals(1, r.levels().size());
			assertEquals(r.levels().get(0).runs().size(), store.list(new RunQuery(null, null, null, h.batchId(), null,
					null, RunQuery.Sort.START, false, 0, 10)).size(), "what it ran is recorded");
		}
	}

	@Test
	void aStoppedSearchKeepsEveryFinishedLevelAndIsReportedAsPartial() throws Exception {
		try (Simulator sim = simulator()) {
			java.util.concurrent.CountDownLatch firstLevel = new java.util.concurrent.CountDownLatch(1);
			CapacitySearch.Handle h = searches.search(request(sim.baseUrl(), 2, 16).listenedBy(new CapacityListener() {
				@Override
				public void onLevel(int index, CapacityLevel level) {
					firstLevel.countDown();
				}
			}));
			assertTrue(firstLevel.await(60, TimeUnit.SECONDS), "a first level");
			h.cancel(); // Stop during the second level's run
			CapacityResult r = h.completion().get(60, TimeUnit.SECONDS);
			assertEquals("cancelled", r.stop(), r.message() + " " + r.levels().stream().map(l -> l.level() + ": n "
					+ l.total() + " failed " + l.failed() + " " + l.runs().stream().map(x -> x.summary().status() + " "
							+ x.summary().errors() + " " + x.summary().errorMessage()).toList()).toList());
			assertTrue(r.levels().size() >= 1, r.message());
			assertTrue(r.message().endsWith("(partial)") || !r.found(), r.message());
			long judgedRuns = r.levels().stream().mapToLong(l -> l.runs().size()).sum();
			List<RunRecord> recorded = store.list(new RunQuery(null, null, null, h.batchId(), null, null,
					RunQuery.Sort.START, false, 0, 100));
			assertTrue(recorded.size() >= judgedRuns, "every finished level's runs recorded (and the stopped one): "
					+ recorded.size() + " for " + judgedRuns);
		}
	}

	@Test
	void aDeadServerStopsOnTheErrorRateLimit() throws Exception {
		CapacitySearch.Handle h = searches.search(request("http://127.0.0.1:1/v1", 1, 16));
		CapacityResult r = h.completion().get(60, TimeUnit.SECONDS);
		assertFalse(r.found());
		assertEquals("error-rate", r.stop(), r.message());
		assertTrue(r.message().contains("more than 20 % of its requests failed"), r.message());
	}
}
