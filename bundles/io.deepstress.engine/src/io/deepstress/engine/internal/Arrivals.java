package io.deepstress.engine.internal;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.deepstress.core.metrics.WeightedSplit;
import io.deepstress.core.run.Load;

/**
 * The open loop's scheduler, on a thread of its own: requests arrive at the target rate (evenly spaced or
 * Poisson) or at a trace's recorded times, the datasets take turns by weight, and at most {@code maxConcurrency} are in flight (a request
 * waits for a permit, which {@link #release} gives back).
 */
final class Arrivals implements Runnable {

	/** What the arrivals drive. */
	interface Target {

		/** Whether the run issues no more requests. */
		boolean stopping();

		/** The next request of a dataset, or null when it (or the run) gives no more. */
		Work next(int dataset);

		/** Whether the request limit has been reached. */
		boolean allIssued();

		/** Sends a new request that was due at {@code dueNanos} ({@code System.nanoTime()}). */
		void send(Work work, long dueNanos);

		/** The scheduler failed: the run ends with this error. */
		void failed(String message);

		/** The arrivals ended, however. */
		void ended();
	}

	private final Load.OpenLoop load;
	/** The trace's arrival times instead of a rate, or null. */
	private final Load.Scheduled schedule;
	private final List<Double> weights;
	private final long seed;
	private final Target target;
	private final Semaphore permits;
	private final SendLateness lateness;
	private volatile long count;
	private volatile long firstNanos;
	private volatile long lastNanos;

	Arrivals(Load.OpenLoop load, List<Double> weights, long seed, Target target, SendLateness lateness) {
		this.load = load;
		this.schedule = null;
		this.weights = weights;
		this.seed = seed;
		this.target = target;
		this.permits = new Semaphore(load.maxConcurrency());
		this.lateness = lateness;
		lateness.meanGap(1e9 / load.ratePerSecond());
	}

	/** Arrivals at a trace's recorded times: the i-th arrival at {@link Load.Scheduled#dueNanos(int) dueNanos(i)}. */
	Arrivals(Load.Scheduled schedule, List<Double> weights, Target target, SendLateness lateness) {
		this.load = null;
		this.schedule = schedule;
		this.weights = weights;
		this.seed = 0;
		this.target = target;
		this.permits = new Semaphore(schedule.maxConcurrency());
		this.lateness = lateness;
		int n = schedule.offsetsMicros().size();
		lateness.meanGap(n > 1 ? schedule.dueNanos(n - 1) / (double) (n - 1) : Double.NaN);
	}

	/** A request of the open loop ended: its permit goes back. */
	void release() {
		permits.release();
	}

	/** Arrivals per second from the first to the last one; NaN with fewer than two. */
	double achievedRate() {
		long n = count;
		return n > 1 && lastNanos > firstNanos ? (n - 1) / ((lastNanos - firstNanos) / 1e9) : Double.NaN;
	}

	@Override
	public void run() {
		try {
			WeightedSplit.RoundRobin robin = new WeightedSplit.RoundRobin(weights);
			SplittableRandom random = new SplittableRandom(seed);
			double intervalNanos = load == null ? 0 : 1e9 / load.ratePerSecond();
			int arrivals = schedule == null ? Integer.MAX_VALUE : schedule.offsetsMicros().size();
			double offset = 0;
			long base = System.nanoTime();
			boolean[] exhausted = new boolean[weights.size()];
			long freed = Long.MIN_VALUE; // when the last wait for the concurrency cap ended
			int left = weights.size();
			while (!target.stopping() && left > 0 && count < arrivals) {
				long due = base + (schedule != null ? schedule.dueNanos((int) count) : (long) offset);
				long wait;
				while (!target.stopping() && (wait = due - System.nanoTime()) > 0) {
					LockSupport.parkNanos(wait);
				}
				if (target.stopping()) {
					break;
				}
				if (!permits.tryAcquire()) {
					while (!permits.tryAcquire(Publisher.TICK_MILLIS, TimeUnit.MILLISECONDS)) {
						if (target.stopping()) {
							return;
						}
					}
					freed = System.nanoTime();
				}
				Work work = null;
				for (int tries = 0; tries < weights.size() && work == null; tries++) {
					int d = robin.next();
					if (exhausted[d]) {
						continue;
					}
					work = target.next(d);
					if (work == null && !target.stopping()) {
						exhausted[d] = true;
						left--;
					}
				}
				if (work == null) {
					permits.release();
					if (target.stopping() || target.allIssued()) {
						break;
					}
					continue;
				}
				long now = System.nanoTime();
				if (count == 0) {
					firstNanos = now;
				}
				count++;
				lastNanos = now;
				lateness.record(due, freed, now);
				target.send(work, due);
				if (load != null) {
					offset += load.poisson() ? -Math.log(1 - random.nextDouble()) * intervalNanos : intervalNanos;
				}
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		} catch (RuntimeException e) {
			target.failed("the request scheduler failed: " + e);
		} finally {
			target.ended();
		}
	}
}
