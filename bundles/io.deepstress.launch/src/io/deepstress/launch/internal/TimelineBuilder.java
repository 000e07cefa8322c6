package io.deepstress.launch.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;

import io.deepstress.core.run.RequestResult;
import io.deepstress.core.services.RunListener;
import io.deepstress.core.timeline.TimelinePoint;

/**
 * A run's client timeline, built from its attempts as they complete: per second (from {@code originNanos}, the
 * run's {@code t_s = 0} on the monotonic clock) the mean in flight, starts, completions, failures, output tokens and
 * TTFT/ITL percentiles and an open loop's queueing-delay percentiles (see docs/ARCHITECTURE.md, "Timeline").
 * <p>
 * Memory is bounded: counters are a few numbers per second; percentiles come from one HdrHistogram pair per second,
 * kept only for the last {@link #OPEN_SECONDS} seconds behind the newest completion, then turned into four numbers
 * and recycled. An attempt whose figure belongs to a second already closed (it completed more than
 * {@code OPEN_SECONDS} after its first token) still counts in the counters, not in that second's percentiles.
 */
final class TimelineBuilder implements RunListener {

	/** How long a second's histograms stay open for late completions. */
	static final int OPEN_SECONDS = 120;
	/** The longest timeline kept (a week); later seconds are not counted. */
	static final int MAX_SECONDS = 7 * 86_400;

	private static final long HIGHEST_MICROS = 3_600_000_000L;

	private final long originNanos;
	private double[] inFlight = new double[64];
	private long[] started = new long[64];
	private long[] completed = new long[64];
	private long[] failed = new long[64];
	private double[] tokens = new double[64];
	private double[] ttft50 = nans(64);
	private double[] ttft99 = nans(64);
	private double[] itl50 = nans(64);
	private double[] itl99 = nans(64);
	private double[] queue50 = nans(64);
	private double[] queue99 = nans(64);
	private final Map<Integer, Histogram[]> open = new HashMap<>();
	private final ArrayDeque<Histogram> spare = new ArrayDeque<>();
	private int last = -1;
	private int newest = -1;
	private long late;
	/** Every second before this one is closed. */
	private int closedBelow;

	TimelineBuilder(long originNanos) {
		this.originNanos = originNanos;
	}

	@Override
	public synchronized void onResults(List<RequestResult> batch) {
		for (RequestResult r : batch) {
			add(r);
		}
		closeOlderThan(newest - OPEN_SECONDS);
	}

	private void add(RequestResult r) {
		double s = Math.max(0, (r.startNanos() - originNanos) / 1e9);
		double e = s + Math.max(0, r.e2eNanos()) / 1e9;
		int first = second(s);
		int end = second(e);
		if (first < 0 || end < 0) {
			return;
		}
		ensure(end);
		newest = Math.max(newest, end);
		last = Math.max(last, end);
		started[first]++;
		spread(inFlight, s, e, 1);
		if (r.attempt() == 1 && !r.warmup() && r.queueDelayNanos() >= 0) {
			record(first, 2, r.queueDelayNanos());
		}
		boolean measured = r.last() && !r.warmup();
		if (!measured) {
			return;
		}
		completed[end]++;
		if (!r.succeeded()) {
			failed[end]++;
			return;
		}
		if (r.outputTokens() > 0) {
			double from = r.ttftNanos() >= 0 ? s + r.ttftNanos() / 1e9 : e;
			if (e - from <= 0) {
				tokens[end] += r.outputTokens();
			} else {
				spread(tokens, from, e, r.outputTokens() / (e - from));
			}
		}
		if (r.ttftNanos() >= 0) {
			record(second(s + r.ttftNanos() / 1e9), 0, r.ttftNanos());
		}
		if (r.itlCount() > 0 && r.itlMeanNanos() >= 0) {
			record(end, 1, r.itlMeanNanos());
		}
	}

	/** Adds {@code perSecond} times the overlap of [from, to] with each second to {@code into}. */
	private static void spread(double[] into, double from, double to, double perSecond) {
		int a = (int) from;
		int b = (int) to;
		if (a == b) {
			into[a] += (to - from) * perSecond;
			return;
		}
		into[a] += (a + 1 - from) * perSecond;
		for (int k = a + 1; k < b; k++) {
			into[k] += perSecond;
		}
		into[b] += (to - b) * perSecond;
	}

	private void record(int second, int which, long nanos) {
		if (second < 0 || second > last) {
			return;
		}
		if (second < closedBelow) {
			late++;
			return;
		}
		Histogram[] h = open.computeIfAbsent(second, k -> new Histogram[3]);
		if (h[which] == null) {
			h[which] = spare.isEmpty() ? new Histogram(HIGHEST_MICROS, 2) : spare.pop();
		}
		h[which].recordValue(Math.max(1, Math.min(HIGHEST_MICROS, nanos / 1000)));
	}

	private void closeOlderThan(int limit) {
		closedBelow = Math.max(closedBelow, limit);
		if (open.isEmpty()) {
			return;
		}
		var it = open.entrySet().iterator();
		while (it.hasNext()) {
			var entry = it.next();
			int k = entry.getKey();
			if (k < limit) {
				close(k, entry.getValue());
				it.remove();
			}
		}
	}

	private void close(int k, Histogram[] h) {
		if (h[0] != null) {
			ttft50[k] = h[0].getValueAtPercentile(50) / 1000.0;
			ttft99[k] = h[0].getValueAtPercentile(99) / 1000.0;
			recycle(h[0]);
		}
		if (h[1] != null) {
			itl50[k] = h[1].getValueAtPercentile(50) / 1000.0;
			itl99[k] = h[1].getValueAtPercentile(99) / 1000.0;
			recycle(h[1]);
		}
		if (h[2] != null) {
			queue50[k] = h[2].getValueAtPercentile(50) / 1000.0;
			queue99[k] = h[2].getValueAtPercentile(99) / 1000.0;
			recycle(h[2]);
		}
	}

	private void recycle(Histogram h) {
		h.reset();
		if (spare.size() < 2 * OPEN_SECONDS) {
			spare.push(h);
		}
	}

	private static int second(double t) {
		return t >= MAX_SECONDS ? -1 : (int) t;
	}

	private void ensure(int k) {
		if (k < inFlight.length) {
			return;
		}
		int n = Math.min(MAX_SECONDS, Math.max(k + 1, inFlight.length * 2));
		inFlight = Arrays.copyOf(inFlight, n);
		started = Arrays.copyOf(started, n);
		completed = Arrays.copyOf(completed, n);
		failed = Arrays.copyOf(failed, n);
		tokens = Arrays.copyOf(tokens, n);
		ttft50 = grow(ttft50, n);
		ttft99 = grow(ttft99, n);
		itl50 = grow(itl50, n);
		itl99 = grow(itl99, n);
		queue50 = grow(queue50, n);
		queue99 = grow(queue99, n);
	}

	private static double[] grow(double[] a, int n) {
		int old = a.length;
		double[] b = Arrays.copyOf(a, n);
		Arrays.fill(b, old, n, Double.NaN);
		return b;
	}

	private static double[] nans(int n) {
		double[] a = new double[n];
		Arrays.fill(a, Double.NaN);
		return a;
	}

	/** Figures that arrived after their second's percentiles were closed. */
	synchronized long late() {
		return late;
	}

	/** Histograms open now (for the memory bound's test). */
	synchronized int openSeconds() {
		return open.size();
	}

	/**
	 * The newest {@code seconds} seconds so far, for a live chart: an open second's percentiles are read from its
	 * histograms without closing it (later completions may still change them).
	 */
	synchronized List<TimelinePoint> recent(int seconds) {
		int from = Math.max(0, last - seconds + 1);
		List<TimelinePoint> out = new ArrayList<>(Math.max(0, last - from + 1));
		for (int k = from; k <= last; k++) {
			Histogram[] h = open.get(k);
			double t50 = ttft50[k];
			double t99 = ttft99[k];
			double i50 = itl50[k];
			double i99 = itl99[k];
			if (h != null && h[0] != null) {
				t50 = h[0].getValueAtPercentile(50) / 1000.0;
				t99 = h[0].getValueAtPercentile(99) / 1000.0;
			}
			if (h != null && h[1] != null) {
				i50 = h[1].getValueAtPercentile(50) / 1000.0;
				i99 = h[1].getValueAtPercentile(99) / 1000.0;
			}
			out.add(new TimelinePoint(k, inFlight[k], started[k], completed[k], failed[k], tokens[k], t50, t99, i50, i99));
		}
		return out;
	}

	/** The timeline so far, closing every second (call when the run has ended). */
	synchronized List<TimelinePoint> points() {
		closeOlderThan(Integer.MAX_VALUE);
		List<TimelinePoint> out = new ArrayList<>(last + 1);
		for (int k = 0; k <= last; k++) {
			out.add(new TimelinePoint(k, inFlight[k], started[k], completed[k], failed[k], tokens[k], ttft50[k], ttft99[k],
					itl50[k], itl99[k], queue50[k], queue99[k]));
		}
		return out;
	}
}
