package io.deepstress.report.internal;

import java.util.Arrays;
import java.util.List;

import io.deepstress.core.run.RequestResult;

/** Series over a run's time from its request samples: seconds from the first measured request. */
final class Timeline {

	final double[] endSeconds;
	final double[] ttftMs;
	final double[] e2eMs;
	final double[] second;
	final double[] okPerSecond;
	final double[] failedPerSecond;
	final double[] inflightTime;
	final double[] inflight;

	Timeline(List<RequestResult> samples) {
		List<RequestResult> m = samples.stream().filter(r -> r.last() && !r.warmup()).toList();
		long origin = m.stream().mapToLong(RequestResult::startEpochMicros).min().orElse(0);
		int n = m.size();
		endSeconds = new double[n];
		ttftMs = new double[n];
		e2eMs = new double[n];
		double last = 0;
		for (int i = 0; i < n; i++) {
			RequestResult r = m.get(i);
			endSeconds[i] = (end(r) - origin) / 1e6;
			last = Math.max(last, endSeconds[i]);
			ttftMs[i] = r.succeeded() && r.ttftNanos() >= 0 ? r.ttftNanos() / 1e6 : Double.NaN;
			e2eMs[i] = r.succeeded() && r.e2eNanos() >= 0 ? r.e2eNanos() / 1e6 : Double.NaN;
		}
		int seconds = (int) Math.ceil(last);
		second = new double[seconds];
		okPerSecond = new double[seconds];
		failedPerSecond = new double[seconds];
		for (int s = 0; s < seconds; s++) {
			second[s] = s + 0.5;
		}
		for (int i = 0; i < n; i++) {
			int s = Math.min(seconds - 1, (int) endSeconds[i]);
			if (s >= 0) {
				(m.get(i).succeeded() ? okPerSecond : failedPerSecond)[s]++;
			}
		}
		// requests in flight: +1 at each start, -1 at each end, sampled on a grid of at most 400 points
		long[] starts = m.stream().mapToLong(r -> r.startEpochMicros() - origin).sorted().toArray();
		long[] ends = m.stream().mapToLong(r -> end(r) - origin).sorted().toArray();
		int points = Math.max(2, Math.min(400, (int) Math.ceil(last * 10) + 1));
		inflightTime = new double[points];
		inflight = new double[points];
		int si = 0;
		int ei = 0;
		for (int p = 0; p < points; p++) {
			double t = last * p / (points - 1);
			long micros = (long) (t * 1e6);
			while (si < starts.length && starts[si] <= micros) {
				si++;
			}
			while (ei < ends.length && ends[ei] <= micros) {
				ei++;
			}
			inflightTime[p] = t;
			inflight[p] = si - ei;
		}
	}

	boolean isEmpty() {
		return endSeconds.length == 0;
	}

	private static long end(RequestResult r) {
		return r.startEpochMicros() + Math.max(0, r.e2eNanos()) / 1000;
	}

	static double[] copy(double[] a) {
		return Arrays.copyOf(a, a.length);
	}
}
