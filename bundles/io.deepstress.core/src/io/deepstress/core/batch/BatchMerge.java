package io.deepstress.core.batch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.deepstress.core.run.RunRecord;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.RunQuery;
import io.deepstress.core.services.RunStore;
import io.deepstress.core.timeline.RunTimeline;
import io.deepstress.core.timeline.TimelinePoint;

/**
 * Merges the runs of a batch, e.g. the agents of {@code deepstress run --batch ID --shard I/N}, into one set of
 * figures ({@link MergedBatch}); the one merge the CLI ({@code deepstress runs merge}) and the workbench's batch view
 * both use. Reads only the store: the runs' summaries, their stored histograms, agent records and timelines.
 */
public final class BatchMerge {

	/** The most runs a batch merge reads. */
	public static final int MAX_RUNS = 10_000;

	private BatchMerge() {
	}

	/**
	 * The merged figures of batch {@code batchId}.
	 *
	 * @throws IllegalArgumentException when the store has no run of that batch
	 */
	public static MergedBatch merge(RunStore store, String batchId) {
		List<RunRecord> records = store.list(RunQuery.all(MAX_RUNS).withBatch(batchId));
		if (records.isEmpty()) {
			throw new IllegalArgumentException("no runs in batch " + batchId);
		}
		List<Part> parts = new ArrayList<>();
		for (RunRecord r : records) {
			String id = r.summary().runId();
			Optional<AgentRecord> agent = store.agent(id);
			parts.add(new Part(r.summary(), agent.orElse(null), store.histograms(id).orElse(null),
					store.timeline(id).orElse(null)));
		}
		return merge(batchId, parts);
	}

	/**
	 * One run of a batch as the store keeps it.
	 *
	 * @param summary    its summary
	 * @param agent      its agent record, or null (a run without a shard)
	 * @param histograms its histograms, or null (not stored)
	 * @param timeline   its timeline, or null
	 */
	public record Part(RunSummary summary, AgentRecord agent, RunHistograms histograms, RunTimeline timeline) {

		long offset() {
			return agent == null ? 0 : agent.clock().offsetMillis();
		}
	}

	/** The merged figures of these runs of batch {@code batchId} (at least one). */
	public static MergedBatch merge(String batchId, List<Part> runs) {
		if (runs.isEmpty()) {
			throw new IllegalArgumentException("no runs in batch " + batchId);
		}
		List<Part> parts = new ArrayList<>(runs);
		parts.sort(Comparator.comparingInt((Part p) -> p.agent() == null ? Integer.MAX_VALUE : p.agent().shard().index())
				.thenComparingLong(p -> p.summary().startEpochMillis()));
		List<String> problems = new ArrayList<>();
		List<MergedBatch.Agent> agents = new ArrayList<>();
		RunHistograms sum = RunHistograms.empty();
		Map<String, Long> errors = new TreeMap<>();
		long total = 0, succeeded = 0, failed = 0, outputTokens = 0, inputTokens = 0;
		long windowStart = Long.MIN_VALUE, windowEnd = Long.MAX_VALUE;
		double rates = 0;
		Integer shardCount = null;
		for (Part p : parts) {
			RunSummary s = p.summary();
			long offset = p.offset();
			if (p.histograms() != null) {
				sum = sum.plus(p.histograms());
			} else {
				problems.add("run " + s.runId() + " has no stored histograms (recorded before they were kept): its "
						+ s.succeeded() + " requests are counted but not in the percentiles");
			}
			if (p.agent() != null) {
				if (shardCount == null) {
					shardCount = p.agent().shard().count();
				} else if (shardCount != p.agent().shard().count()) {
					problems.add("run " + s.runId() + " is shard " + p.agent().shard() + ", the others of " + shardCount);
				}
			}
			total += s.total();
			succeeded += s.succeeded();
			failed += s.failed();
			outputTokens += s.outputTokens();
			inputTokens += s.inputTokens();
			s.errors().forEach((k, v) -> errors.merge(k, v, Long::sum));
			if (Double.isFinite(s.requestsPerSecond())) {
				rates += s.requestsPerSecond();
			}
			long start = s.startEpochMillis() + offset;
			long end = s.endEpochMillis() + offset;
			windowStart = Math.max(windowStart, start);
			windowEnd = Math.min(windowEnd, end);
			agents.add(new MergedBatch.Agent(s.runId(), s.name(), p.agent() == null ? null : p.agent().shard(),
					s.status(), p.agent() == null ? AgentClock.unknown("not an agent run") : p.agent().clock(),
					p.agent() == null ? "" : p.agent().host(), start, end, s.succeeded(), s.failed(),
					s.requestsPerSecond(), p.histograms() != null));
		}
		if (shardCount != null) {
			missingShards(parts, shardCount, problems);
		}
		if (windowEnd < windowStart) {
			problems.add("the agents' runs did not overlap: the common window is empty");
			windowEnd = windowStart;
		}
		Timeline merged = timeline(parts);
		double[] window = merged.rates(windowStart, windowEnd);
		double rps = window == null ? rates : window[0];
		double tps = window == null ? sumOf(parts) : window[1];
		return new MergedBatch(batchId, agents, total, succeeded, failed, outputTokens, inputTokens, errors,
				RunHistograms.stats(sum.ttft()), RunHistograms.stats(sum.e2e()), RunHistograms.stats(sum.itl()),
				RunHistograms.stats(sum.tpot()), sum, windowStart, windowEnd, rps, tps, rates, merged.start,
				merged.points, problems);
	}

	private static double sumOf(List<Part> parts) {
		double t = 0;
		for (Part p : parts) {
			if (Double.isFinite(p.summary().outputTokensPerSecond())) {
				t += p.summary().outputTokensPerSecond();
			}
		}
		return t;
	}

	private static void missingShards(List<Part> parts, int count, List<String> problems) {
		boolean[] seen = new boolean[count];
		for (Part p : parts) {
			if (p.agent() != null && p.agent().shard().count() == count) {
				seen[p.agent().shard().index()] = true;
			}
		}
		List<Integer> missing = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			if (!seen[i]) {
				missing.add(i);
			}
		}
		if (!missing.isEmpty()) {
			problems.add("no run of shard " + missing + " of " + count + " in the batch (yet)");
		}
	}

	/** The agents' timelines on the reference clock, added second by second. */
	static Timeline timeline(List<Part> parts) {
		long reference = Long.MAX_VALUE;
		for (Part p : parts) {
			if (p.timeline() != null && !p.timeline().points().isEmpty()) {
				reference = Math.min(reference, p.timeline().startEpochMillis() + p.offset());
			}
		}
		if (reference == Long.MAX_VALUE) {
			return new Timeline(0, List.of());
		}
		TreeMap<Long, double[]> sums = new TreeMap<>();
		for (Part p : parts) {
			if (p.timeline() == null) {
				continue;
			}
			long shift = Math.round((p.timeline().startEpochMillis() + p.offset() - reference) / 1000.0);
			for (TimelinePoint point : p.timeline().points()) {
				double[] a = sums.computeIfAbsent((long) point.tS() + shift, k -> new double[12]);
				a[0] += point.inFlight();
				a[1] += point.started();
				a[2] += point.completed();
				a[3] += point.failed();
				a[4] += point.outputTokensPerS();
				weigh(a, 5, point.ttftP50Ms(), point.completed());
				weigh(a, 9, point.itlP50Ms(), point.completed() - point.failed());
				if (Double.isFinite(point.ttftP99Ms())) {
					a[7] = Math.max(a[7], point.ttftP99Ms());
				}
				if (Double.isFinite(point.itlP99Ms())) {
					a[11] = Math.max(a[11], point.itlP99Ms());
				}
			}
		}
		List<TimelinePoint> points = new ArrayList<>();
		long first = sums.firstKey();
		for (long t = first; t <= sums.lastKey(); t++) {
			double[] a = sums.getOrDefault(t, new double[12]);
			points.add(new TimelinePoint(t - first, a[0], (long) a[1], (long) a[2], (long) a[3], a[4], mean(a, 5),
					a[7] > 0 ? a[7] : Double.NaN, mean(a, 9), a[11] > 0 ? a[11] : Double.NaN));
		}
		return new Timeline(reference + first * 1000, points);
	}

	private static void weigh(double[] a, int at, double value, double weight) {
		if (Double.isFinite(value) && weight > 0) {
			a[at] += value * weight;
			a[at + 1] += weight;
		}
	}

	private static double mean(double[] a, int at) {
		return a[at + 1] > 0 ? a[at] / a[at + 1] : Double.NaN;
	}

	/** A merged timeline: {@code t_s = 0} at {@code start} on the reference clock. */
	record Timeline(long start, List<TimelinePoint> points) {

		/**
		 * Successful requests and output tokens per second over the whole seconds of this timeline inside [from, to),
		 * or null when none is.
		 */
		double[] rates(long from, long to) {
			double ok = 0, tokens = 0;
			int seconds = 0;
			for (TimelinePoint p : points) {
				long begin = start + Math.round(p.tS() * 1000);
				if (begin >= from && begin + 1000 <= to) {
					ok += p.completed() - p.failed();
					tokens += p.outputTokensPerS();
					seconds++;
				}
			}
			return seconds == 0 ? null : new double[] { ok / seconds, tokens / seconds };
		}
	}
}
