package io.deepstress.core.metrics;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * Saturation from one-second buckets (completions, mean latency, requests in flight): over the last
 * {@code window} buckets, least-squares slopes with confidence intervals (Student t). Saturated when requests in
 * flight grow (the lower bound of their slope is above 0), latency grows (likewise), and throughput has stopped
 * growing (the lower bound of its slope is not above 0). By Little's law (in flight = throughput × latency) a
 * server that keeps up lets throughput grow with what is in flight; one that is saturated holds throughput and
 * queues. No fixed threshold: each condition is a one-sided confidence bound (Student t on the window); as with
 * verdicts, a minimum practical effect keeps a precise but tiny drift from counting: the lower bound of the growth
 * of in flight and of latency over the window must be at least a fifth of their mean in the window. A closed loop at a fixed concurrency never grows its
 * in-flight, so it is never reported; an open loop below capacity keeps a flat in-flight.
 */
public final class SaturationDetector {

	/** One second of a run. */
	public record Bucket(double second, double completions, double latencyMs, double inFlight) {
	}

	/** Smallest growth over the window, relative to the window's mean, that counts for in flight and latency. */
	static final double MIN_GROWTH = 0.2;

	private final int window;
	private final double confidence;
	private final Deque<Bucket> buckets = new ArrayDeque<>();

	/**
	 * @param window     buckets in the fitted window, at least 4
	 * @param confidence confidence level of the slope bounds, e.g. 0.95
	 */
	public SaturationDetector(int window, double confidence) {
		if (window < 4) {
			throw new IllegalArgumentException("The window needs at least 4 seconds, got " + window);
		}
		if (!(confidence > 0.5 && confidence < 1)) {
			throw new IllegalArgumentException("The confidence must be between 0.5 and 1, got " + confidence);
		}
		this.window = window;
		this.confidence = confidence;
	}

	/** A 10-second window at 95 %. */
	public static SaturationDetector defaults() {
		return new SaturationDetector(10, 0.95);
	}

	public int window() {
		return window;
	}

	/**
	 * The same test on a finished run's stored samples (for reports): the buckets rebuilt from the requests' start
	 * and end times (in flight averaged over ten instants of each second), fed in order; the first finding.
	 */
	public Optional<Saturation> replay(String runId, java.util.List<io.deepstress.core.run.RequestResult> samples) {
		var m = samples.stream().filter(r -> r.last() && !r.warmup()).toList();
		if (m.isEmpty()) {
			return Optional.empty();
		}
		long origin = m.stream().mapToLong(io.deepstress.core.run.RequestResult::startEpochMicros).min().getAsLong();
		long[] starts = m.stream().mapToLong(r -> r.startEpochMicros() - origin).sorted().toArray();
		long[] ends = m.stream().mapToLong(r -> r.startEpochMicros() - origin + Math.max(0, r.e2eNanos()) / 1000).sorted()
				.toArray();
		int seconds = (int) (ends[ends.length - 1] / 1_000_000L);
		double[] done = new double[seconds + 1];
		double[] latency = new double[seconds + 1];
		for (var r : m) {
			if (r.succeeded() && r.e2eNanos() >= 0) {
				int s = (int) ((r.startEpochMicros() - origin + r.e2eNanos() / 1000) / 1_000_000L);
				done[s]++;
				latency[s] += r.e2eNanos() / 1e6;
			}
		}
		int si = 0, ei = 0;
		for (int s = 1; s < seconds; s++) { // the first (ramp-up) and the last (partial) seconds are left out
			double inFlight = 0;
			for (int k = 0; k < 10; k++) {
				long t = s * 1_000_000L + k * 100_000L;
				while (si < starts.length && starts[si] <= t) {
					si++;
				}
				while (ei < ends.length && ends[ei] <= t) {
					ei++;
				}
				inFlight += si - ei;
			}
			Optional<Saturation> found = add(runId, new Bucket(s, done[s], done[s] == 0 ? Double.NaN : latency[s] / done[s],
					inFlight / 10));
			if (found.isPresent()) {
				return found;
			}
		}
		return Optional.empty();
	}

	/**
	 * Adds the next bucket (a second without a completed request has no latency: NaN, and is skipped) and says
	 * whether the window now shows saturation.
	 */
	public Optional<Saturation> add(String runId, Bucket b) {
		if (Double.isNaN(b.latencyMs()) || Double.isNaN(b.inFlight())) {
			return Optional.empty();
		}
		buckets.addLast(b);
		while (buckets.size() > window) {
			buckets.removeFirst();
		}
		if (buckets.size() < window) {
			return Optional.empty();
		}
		SimpleRegression tp = new SimpleRegression();
		SimpleRegression lat = new SimpleRegression();
		SimpleRegression inf = new SimpleRegression();
		double sumTp = 0, sumLat = 0, sumInf = 0;
		for (Bucket x : buckets) {
			tp.addData(x.second(), x.completions());
			lat.addData(x.second(), x.latencyMs());
			inf.addData(x.second(), x.inFlight());
			sumTp += x.completions();
			sumLat += x.latencyMs();
			sumInf += x.inFlight();
		}
		int n = buckets.size();
		double meanTp = sumTp / n, meanLat = sumLat / n, meanInf = sumInf / n;
		// one-sided bounds at the confidence level: t quantile of n - 2 degrees of freedom
		double t = new TDistribution(n - 2).inverseCumulativeProbability(confidence);
		double tpHigh = tp.getSlope() + t * tp.getSlopeStdErr();
		double tpLow = tp.getSlope() - t * tp.getSlopeStdErr();
		double latLow = lat.getSlope() - t * lat.getSlopeStdErr();
		double infLow = inf.getSlope() - t * inf.getSlopeStdErr();
		// significant and practical: the lower bound of the growth over the window is at least a fifth of the level,
		// so that a precise but tiny drift (a replay has no noise) is not a queue
		boolean inFlightGrows = infLow > 0 && meanInf > 0 && infLow * n >= MIN_GROWTH * meanInf;
		boolean latencyGrows = latLow > 0 && latLow * n >= MIN_GROWTH * meanLat;
		// throughput is not shown to grow: the lower bound of its slope is not above 0
		boolean throughputLags = tpLow <= 0;
		if (inFlightGrows && latencyGrows && throughputLags) {
			return Optional.of(new Saturation(runId, b.second(), window, meanTp, tpHigh, meanLat, latLow, meanInf, infLow,
					confidence));
		}
		return Optional.empty();
	}
}
