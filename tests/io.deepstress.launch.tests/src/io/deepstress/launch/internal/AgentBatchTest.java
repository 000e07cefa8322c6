package io.deepstress.launch.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.deepstress.core.batch.AgentClock;
import io.deepstress.core.batch.AgentRecord;
import io.deepstress.core.batch.BatchMerge;
import io.deepstress.core.batch.MergedBatch;
import io.deepstress.core.batch.RunHistograms;
import io.deepstress.core.batch.Shard;
import io.deepstress.core.launch.LaunchHandle;
import io.deepstress.core.launch.LaunchRequest;
import io.deepstress.core.launch.LaunchResult;
import io.deepstress.core.launch.LaunchService;
import io.deepstress.core.launch.RunPlan;
import io.deepstress.core.run.LatencyStats;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.RunStore;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/**
 * Four agents (four launches at once in this JVM, each {@code --shard i/4} of one load) against one simulator, recorded
 * into one store under one batch: each run keeps its histograms, shard and clock; the merged batch's percentiles equal
 * those of the union of the stored per-request samples (at the histogram's precision: the samples are stored in whole
 * microseconds, the engine rounds), its counts are the sums, and a clock offset recorded for one agent moves that
 * agent's seconds on the merged timeline.
 */
class AgentBatchTest {

	private final LaunchFixture fixture = new LaunchFixture();
	private final LaunchService launches = fixture.service(LaunchService.class);
	private final RunStore store = fixture.service(RunStore.class);

	@AfterEach
	void close() {
		fixture.close();
	}

	@Test
	void fourAgentsMergeIntoOneBatchWithThePercentilesOfAllTheirSamples() throws Exception {
		String batch = "agents-" + UUID.randomUUID();
		try (Simulator sim = Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ofMillis(30))
				.withItl(Duration.ofMillis(5)).withOutputTokenRange(4, 24).withSeed(11))) {
			RunConfig whole = TimelineTest.config("agents", sim.baseUrl(), 8, 120);
			List<LaunchHandle> agents = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				agents.add(launches.launch(LaunchRequest.of(RunPlan.of(whole).asAgent(batch, new Shard(i, 4)))));
			}
			List<RunSummary> runs = new ArrayList<>();
			for (LaunchHandle h : agents) {
				LaunchResult r = h.completion().get(180, TimeUnit.SECONDS);
				assertEquals(List.of(), r.unsaved());
				assertEquals(batch, r.batchId());
				runs.add(r.summaries().get(0));
			}
			long requests = 0;
			Histogram ttft = RunHistograms.histogram(), e2e = RunHistograms.histogram(), tpot = RunHistograms.histogram();
			long itlCount = 0;
			for (int i = 0; i < 4; i++) {
				RunSummary s = runs.get(i);
				assertEquals(30, s.total(), "a quarter of 120 requests");
				assertEquals("agents shard " + i + "/4", s.name());
				requests += s.succeeded();
				AgentRecord agent = store.agent(s.runId()).orElseThrow();
				assertEquals(new Shard(i, 4), agent.shard());
				assertEquals(AgentClock.SIMULATOR, agent.clock().source(), agent.clock().toString());
				assertTrue(Math.abs(agent.clock().offsetMillis()) <= agent.clock().uncertaintyMillis() + 2,
						"one machine, one clock: " + agent.clock());
				RunHistograms stored = store.histograms(s.runId()).orElseThrow();
				assertEquals(s.ttft().p99(), RunHistograms.stats(stored.ttft()).p99(), 1e-9, "the figures' own histogram");
				assertEquals(s.itl().count(), stored.itl().getTotalCount());
				for (RequestResult r : store.samples(s.runId())) {
					if (r.last() && !r.warmup() && r.succeeded()) {
						ttft.recordValue(r.ttftNanos() / 1000);
						e2e.recordValue(r.e2eNanos() / 1000);
						if (r.tpotNanos() >= 0) {
							tpot.recordValue(r.tpotNanos() / 1000);
						}
						itlCount += r.itlCount();
					}
				}
			}
			MergedBatch m = BatchMerge.merge(store, batch);
			assertEquals(4, m.agents().size());
			assertEquals(List.of(), m.problems());
			assertEquals(120, m.total());
			assertEquals(requests, m.succeeded());
			assertEquals(runs.stream().mapToLong(RunSummary::outputTokens).sum(), m.outputTokens());
			same("TTFT", ttft, m.ttft());
			same("E2E", e2e, m.e2e());
			same("TPOT", tpot, m.tpot());
			assertEquals(itlCount, m.itl().count(), "every gap of every agent's requests");
			assertTrue(m.requestsPerSecond() > 0 && m.windowSeconds() > 0, m.toString());

			// agent 3's clock 5 s behind the server's: its seconds move 5 s later on the merged timeline
			int before = m.timeline().size();
			RunSummary last = runs.get(3);
			store.saveAgent(new AgentRecord(last.runId(), new Shard(3, 4), new AgentClock(5_000, 1, AgentClock.DATE, ""), ""));
			MergedBatch shifted = BatchMerge.merge(store, batch);
			assertEquals(m.timelineStartEpochMillis(), shifted.timelineStartEpochMillis(), 1_000.0);
			assertTrue(shifted.timeline().size() >= before + 4, before + " seconds, then " + shifted.timeline().size());
			assertEquals(m.timeline().stream().mapToLong(p -> p.completed()).sum(),
					shifted.timeline().stream().mapToLong(p -> p.completed()).sum(), "the same requests, other seconds");
			assertEquals(last.startEpochMillis() + 5_000, shifted.agents().get(3).startEpochMillis());
		}
	}

	/** The merged figures equal the union's percentiles to within one histogram bucket of the stored microseconds. */
	private static void same(String what, Histogram union, LatencyStats merged) {
		assertEquals(union.getTotalCount(), merged.count(), what + " count");
		double[] q = { 50, 90, 95, 99 };
		double[] got = { merged.p50(), merged.p90(), merged.p95(), merged.p99() };
		for (int i = 0; i < q.length; i++) {
			long want = union.getValueAtPercentile(q[i]);
			double tolerance = (union.sizeOfEquivalentValueRange(want) + 1) / 1000.0;
			assertEquals(want / 1000.0, got[i], tolerance, what + " p" + q[i]);
		}
		assertEquals(union.getMaxValue() / 1000.0, merged.max(), (union.sizeOfEquivalentValueRange(union.getMaxValue()) + 1) / 1000.0);
	}
}
