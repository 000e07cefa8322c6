package io.deepstress.store.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import io.deepstress.core.batch.AgentClock;
import io.deepstress.core.batch.AgentRecord;
import io.deepstress.core.batch.BatchMerge;
import io.deepstress.core.batch.MergedBatch;
import io.deepstress.core.batch.RunHistograms;
import io.deepstress.core.batch.Shard;
import io.deepstress.core.timeline.RunTimeline;
import io.deepstress.core.timeline.ServerMetricsStatus;
import io.deepstress.core.timeline.TimelinePoint;

/**
 * The merge of a batch of 16 agents (benchmarks/measure.sh merge; not a test): each agent's run stored in a real
 * Derby with its histograms (20,000 requests' TTFT/E2E/TPOT, 2,000,000 inter-token gaps, spread over four decades so
 * that the encodings are not trivially small), a 10-minute timeline and its agent record; then
 * {@link BatchMerge#merge} read from the store and added, five times. Claim: under 1 s. Written to
 * target/merge-benchmark.txt.
 */
class MergeBenchmark {

	static final int AGENTS = 16;
	static final int REQUESTS = 20_000;
	static final int GAPS_PER_REQUEST = 100;
	static final int SECONDS = 600;

	@Test
	void mergeOfSixteenAgents() throws Exception {
		Path dir = Path.of(System.getProperty("deepstress.test.dir"), "merge-" + UUID.randomUUID());
		DerbyRunStore store = DerbyRunStore.open(dir.resolve("db"), null);
		try {
			String batch = "bench-" + UUID.randomUUID();
			SplittableRandom random = new SplittableRandom(16);
			long t0 = System.currentTimeMillis() - 3_600_000;
			long encoded = 0;
			for (int a = 0; a < AGENTS; a++) {
				String id = AgentStoreTest.run(store, "agent " + a, batch);
				Histogram ttft = RunHistograms.histogram(), e2e = RunHistograms.histogram(), itl = RunHistograms.histogram(),
						tpot = RunHistograms.histogram();
				for (int r = 0; r < REQUESTS; r++) {
					long first = (long) (Math.exp(random.nextDouble() * 4 + 9)); // 8 ms .. 440 ms in µs
					ttft.recordValue(first);
					e2e.recordValue(first * 10 + random.nextInt(1_000_000));
					tpot.recordValue(5_000 + random.nextInt(40_000));
					for (int g = 0; g < GAPS_PER_REQUEST; g++) {
						itl.recordValue(1_000 + (long) (Math.exp(random.nextDouble() * 5) * 1_000));
					}
				}
				RunHistograms h = new RunHistograms(ttft, e2e, itl, tpot);
				encoded += h.encoded().values().stream().mapToLong(b -> b.length).sum();
				store.saveHistograms(id, h);
				List<TimelinePoint> points = new ArrayList<>(SECONDS);
				for (int s = 0; s < SECONDS; s++) {
					points.add(new TimelinePoint(s, 64, 33, 33, 0, 3300, 120, 400, 20, 30));
				}
				long start = t0 + random.nextInt(2_000);
				store.saveTimeline(new RunTimeline(id, start, points, List.of(), ServerMetricsStatus.off("bench")));
				store.saveAgent(new AgentRecord(id, new Shard(a, AGENTS),
						new AgentClock(random.nextInt(400) - 200, 20, AgentClock.DATE, ""), "agent-" + a));
			}
			long[] times = new long[5];
			MergedBatch m = null;
			for (int i = 0; i < times.length; i++) {
				long s0 = System.nanoTime();
				m = BatchMerge.merge(store, batch);
				times[i] = System.nanoTime() - s0;
			}
			Arrays.sort(times);
			String report = String.format(Locale.ROOT,
					"merge of %d agents (%,d requests and %,d ITL gaps each, %d-second timelines), histograms %.1f kB"
							+ " per agent compressed%nmerge (store reads + addition): median %.0f ms, best %.0f ms, worst %.0f"
							+ " ms (claim: < 1000 ms)%nmerged: %,d TTFT values, p99 %.1f ms; %d timeline seconds%n",
					AGENTS, REQUESTS, REQUESTS * GAPS_PER_REQUEST, SECONDS, encoded / 1024.0 / AGENTS, times[2] / 1e6,
					times[0] / 1e6, times[4] / 1e6, m.ttft().count(), m.ttft().p99(), m.timeline().size());
			System.out.print(report);
			Files.writeString(Path.of(System.getProperty("deepstress.test.dir")).resolve("../merge-benchmark.txt"), report);
		} finally {
			store.close();
		}
	}
}
