package io.deepstress.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import io.deepstress.core.batch.AgentClock;
import io.deepstress.core.batch.AgentRecord;
import io.deepstress.core.batch.BatchMerge;
import io.deepstress.core.batch.MergedBatch;
import io.deepstress.core.batch.RunHistograms;
import io.deepstress.core.batch.Shard;
import io.deepstress.core.run.LatencyStats;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.timeline.RunTimeline;
import io.deepstress.core.timeline.ServerMetricsStatus;
import io.deepstress.core.timeline.TimelinePoint;

/**
 * The merge of a batch's agents: percentiles of the added histograms equal those of one histogram of every agent's
 * values (exact at the histogram's precision), the compressed encoding keeps a histogram whole, counts add up, and the
 * agents' timelines are put on the reference clock by their measured offsets before they are added.
 */
class BatchMergeTest {

	private static RunSummary summary(String id, long start, long end, long ok, double rps) {
		return new RunSummary(id, id, "m", "closed loop", 1, RunStatus.COMPLETED, null, start, end, (end - start) / 1000.0,
				ok, ok, 0, ok, ok * 10, ok * 5, ok * 40, 0, rps, rps * 10, Double.NaN, Double.NaN, LatencyStats.EMPTY,
				LatencyStats.EMPTY, LatencyStats.EMPTY, LatencyStats.EMPTY, Map.of(), List.of(), Double.NaN, Double.NaN,
				Double.NaN);
	}

	/** A timeline of {@code seconds} buckets, each with {@code perSecond} requests done. */
	private static RunTimeline timeline(String id, long start, int seconds, long perSecond) {
		List<TimelinePoint> points = new ArrayList<>();
		for (int t = 0; t < seconds; t++) {
			points.add(new TimelinePoint(t, 2, perSecond, perSecond, 0, perSecond * 10.0, 100, 200, 20, 30));
		}
		return new RunTimeline(id, start, points, List.of(), ServerMetricsStatus.off("test"));
	}

	@Test
	void addedHistogramsHaveThePercentilesOfTheUnionAndSurviveTheirEncoding() {
		SplittableRandom random = new SplittableRandom(7);
		Histogram union = RunHistograms.histogram();
		List<BatchMerge.Part> parts = new ArrayList<>();
		for (int agent = 0; agent < 4; agent++) {
			Histogram ttft = RunHistograms.histogram(), e2e = RunHistograms.histogram();
			int n = 500 + agent * 300;
			for (int i = 0; i < n; i++) { // each agent its own distribution: averaging percentiles would be wrong
				long v = (long) (Math.exp(random.nextDouble() * 3 + agent) * 1000);
				ttft.recordValue(v);
				e2e.recordValue(v * 4);
				union.recordValue(v);
			}
			RunHistograms h = RunHistograms.decode(new RunHistograms(ttft, e2e, RunHistograms.histogram(),
					RunHistograms.histogram()).encoded());
			assertEquals(ttft, h.ttft(), "the compressed encoding gives the histogram back");
			parts.add(new BatchMerge.Part(summary("r" + agent, 1_000_000, 1_010_000, n, n / 10.0),
					new AgentRecord("r" + agent, new Shard(agent, 4), AgentClock.unknown("test"), "host" + agent), h, null));
		}
		MergedBatch m = BatchMerge.merge("b", parts);
		assertEquals(union.getTotalCount(), m.ttft().count());
		for (double q : new double[] { 50, 90, 95, 99 }) {
			assertEquals(union.getValueAtPercentile(q) / 1000.0, percentile(m.ttft(), q), 1e-9, "p" + q);
		}
		assertEquals(union.getMaxValue() / 1000.0, m.ttft().max(), 1e-9);
		assertEquals(union.getMean() / 1000.0, m.ttft().mean(), 1e-9);
		assertEquals(500 + 800 + 1100 + 1400, m.succeeded());
		assertEquals(10 * m.succeeded(), m.outputTokens());
		assertEquals(List.of(), m.problems());
		assertEquals(List.of("0/4", "1/4", "2/4", "3/4"), m.agents().stream().map(a -> a.shard().toString()).toList());
	}

	private static double percentile(LatencyStats s, double q) {
		return q == 50 ? s.p50() : q == 90 ? s.p90() : q == 95 ? s.p95() : s.p99();
	}

	@Test
	void clockOffsetsPutTheAgentsTimelinesOnTheServersClock() {
		long t0 = 1_700_000_000_000L;
		// agent 0's clock is right; agent 1's is 3 s behind the server (offset +3000): its local start t0 - 3000 is
		// t0 on the server's clock, so both runs cover the same seconds and add up there
		BatchMerge.Part a = new BatchMerge.Part(summary("a", t0, t0 + 10_000, 100, 10),
				new AgentRecord("a", new Shard(0, 2), new AgentClock(0, 1, AgentClock.SIMULATOR, ""), ""), null,
				timeline("a", t0, 10, 10));
		BatchMerge.Part b = new BatchMerge.Part(summary("b", t0 - 3000, t0 + 7000, 50, 5),
				new AgentRecord("b", new Shard(1, 2), new AgentClock(3000, 1, AgentClock.DATE, ""), ""), null,
				timeline("b", t0 - 3000, 10, 5));
		MergedBatch m = BatchMerge.merge("b", List.of(a, b));
		assertEquals(t0, m.timelineStartEpochMillis());
		assertEquals(10, m.timeline().size(), "on one clock the two runs overlap second for second");
		for (TimelinePoint p : m.timeline()) {
			assertEquals(15, p.completed());
			assertEquals(4, p.inFlight(), 1e-9);
			assertEquals(150, p.outputTokensPerS(), 1e-9);
		}
		assertEquals(t0, m.windowStartEpochMillis());
		assertEquals(t0 + 10_000, m.windowEndEpochMillis());
		assertEquals(15, m.requestsPerSecond(), 1e-9, "over the common window");
		assertEquals(15, m.sumOfAgentRates(), 1e-9);
		assertTrue(m.problems().get(0).contains("no stored histograms"), m.problems().toString());

		// without the offset the same runs are 3 s apart: 13 seconds, only 7 in common
		BatchMerge.Part bUncorrected = new BatchMerge.Part(b.summary(),
				new AgentRecord("b", new Shard(1, 2), AgentClock.unknown("not measured"), ""), null, b.timeline());
		MergedBatch apart = BatchMerge.merge("b", List.of(a, bUncorrected));
		assertEquals(t0 - 3000, apart.timelineStartEpochMillis());
		assertEquals(13, apart.timeline().size());
		assertEquals(5, apart.timeline().get(0).completed());
		assertEquals(15, apart.timeline().get(3).completed());
		assertEquals(10, apart.timeline().get(12).completed());
		assertEquals(7.0, apart.windowSeconds(), 1e-9);
	}

	@Test
	void aMissingShardIsNamed() {
		long t0 = 1_700_000_000_000L;
		MergedBatch m = BatchMerge.merge("b", List.of(new BatchMerge.Part(summary("a", t0, t0 + 1000, 1, 1),
				new AgentRecord("a", new Shard(1, 3), AgentClock.unknown("x"), ""), RunHistograms.empty(), null)));
		assertEquals(List.of("no run of shard [0, 2] of 3 in the batch (yet)"), m.problems());
		assertEquals(1, m.requestsPerSecond(), 1e-9, "no timeline: the agents' own rates");
	}
}
