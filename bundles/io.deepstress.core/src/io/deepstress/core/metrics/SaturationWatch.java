package io.deepstress.core.metrics;

import java.util.List;
import java.util.function.Consumer;

import io.deepstress.core.run.LiveSnapshot;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.services.RunListener;

/**
 * Watches a live run for saturation: buckets what it hears into seconds (measured completions and their mean E2E
 * from the results, requests in flight from the snapshots, by the time they arrive), feeds a
 * {@link SaturationDetector} at the end of each second and tells {@code onSaturation} once, at the first finding.
 */
public final class SaturationWatch implements RunListener {

	private final SaturationDetector detector;
	private final Consumer<Saturation> onSaturation;
	private final long startNanos = System.nanoTime();
	private String runId;
	private long second = -1;
	private double completions;
	private double latencySum;
	private double inFlightSum;
	private int inFlightCount;
	private boolean found;

	public SaturationWatch(SaturationDetector detector, Consumer<Saturation> onSaturation) {
		this.detector = detector;
		this.onSaturation = onSaturation;
	}

	@Override
	public synchronized void onSnapshot(LiveSnapshot snapshot) {
		runId = snapshot.runId();
		roll();
		inFlightSum += snapshot.inFlight();
		inFlightCount++;
	}

	@Override
	public synchronized void onResults(List<RequestResult> batch) {
		roll();
		for (RequestResult r : batch) {
			if (r.last() && !r.warmup() && r.succeeded() && r.e2eNanos() >= 0) {
				completions++;
				latencySum += r.e2eNanos() / 1e6;
			}
		}
	}

	/** Closes the seconds that have passed: the first (partial, ramp-up) is left out. */
	private void roll() {
		long now = (System.nanoTime() - startNanos) / 1_000_000_000L;
		if (second < 0) {
			second = now;
			return;
		}
		while (second < now) {
			if (second > 0 && !found) {
				var bucket = new SaturationDetector.Bucket(second, completions,
						completions == 0 ? Double.NaN : latencySum / completions,
						inFlightCount == 0 ? Double.NaN : inFlightSum / inFlightCount);
				var finding = detector.add(runId, bucket);
				if (finding.isPresent()) {
					found = true;
					onSaturation.accept(finding.get());
				}
			}
			second++;
			completions = 0;
			latencySum = 0;
			inFlightSum = 0;
			inFlightCount = 0;
		}
	}

	/** Whether saturation was found. */
	public synchronized boolean saturated() {
		return found;
	}
}
