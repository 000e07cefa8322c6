package io.deepstress.simulator.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Times every step of every answer: a few lanes, each one daemon thread that owns a binary heap of due times
 * (absolute {@link System#nanoTime()} values) and runs each step as soon as its time has come, exactly like a
 * {@link java.util.concurrent.ScheduledThreadPoolExecutor} would, but without a lock, a future object or a
 * wake-up per step. An answer is pinned to one lane, so its steps run one after the other on the same thread;
 * a step scheduled from that thread (the usual case: a write completed at once and the next chunk is due) goes
 * straight into the heap, one scheduled from elsewhere (the first step, or a write that completed later) through
 * a lock-free queue that wakes the lane only when the new step is due before the lane would wake anyway.
 */
final class Pacer implements AutoCloseable {

	/** A step: run once its due time has come, on its lane's thread. */
	interface Step {
		void run();

		/** Called instead of {@link #run()} when the step threw. */
		void failed(Throwable failure);
	}

	private final Lane[] lanes;
	private final AtomicInteger nextLane = new AtomicInteger();

	Pacer(String name, int lanes) {
		this.lanes = new Lane[Math.max(1, lanes)];
		for (int i = 0; i < this.lanes.length; i++) {
			this.lanes[i] = new Lane(name + "-" + (i + 1));
			this.lanes[i].start();
		}
	}

	/** The lane for a new answer (round robin). */
	Lane lane() {
		return lanes[Math.floorMod(nextLane.getAndIncrement(), lanes.length)];
	}

	@Override
	public void close() {
		for (Lane lane : lanes) {
			lane.closed = true;
			LockSupport.unpark(lane);
		}
	}

	static final class Lane extends Thread {

		private static final long NEVER = Long.MAX_VALUE;
		private static final long RUNNING = Long.MIN_VALUE;

		/** Steps scheduled from other threads, with their due times; drained by the lane. */
		private final ConcurrentLinkedQueue<Entry> incoming = new ConcurrentLinkedQueue<>();
		/** When the lane will look at its heap next: a time, NEVER (only new steps wake it) or RUNNING. */
		private volatile long wakeAt;
		private volatile boolean closed;

		// the heap, touched by this thread only
		private long[] dues = new long[256];
		private Step[] steps = new Step[256];
		private int size;

		private Lane(String name) {
			super(name);
			setDaemon(true);
		}

		/** Runs {@code step} on this lane once {@link System#nanoTime()} has reached {@code dueNanos}. */
		void schedule(long dueNanos, Step step) {
			if (closed) {
				throw new IllegalStateException("the simulator is closing");
			}
			if (Thread.currentThread() == this) {
				push(dueNanos, step);
				return;
			}
			incoming.add(new Entry(dueNanos, step));
			long wake = wakeAt;
			if (wake != RUNNING && (wake == NEVER || dueNanos - wake < 0)) { // due before the lane would wake
				LockSupport.unpark(this);
			}
		}

		@Override
		public void run() {
			while (!closed) {
				wakeAt = RUNNING;
				drain();
				long now = System.nanoTime();
				while (size > 0 && dues[0] - now <= 0) {
					Step step = pop();
					try {
						step.run();
					} catch (Throwable e) {
						try {
							step.failed(e);
						} catch (Throwable ignored) {
							// a failing failure handler must not stop the lane
						}
					}
					if (!incoming.isEmpty()) {
						drain(); // a lane that is behind must still see new answers (their first steps are due too)
					}
					if (size > 0 && dues[0] - now > 0) {
						now = System.nanoTime();
					}
				}
				long next = size > 0 ? dues[0] : NEVER;
				wakeAt = next;
				if (!incoming.isEmpty()) {
					continue; // scheduled while we were looking: take it in first
				}
				if (next == NEVER) {
					LockSupport.park(this);
				} else {
					long delay = next - System.nanoTime();
					if (delay > 0) {
						LockSupport.parkNanos(this, delay);
					}
				}
			}
			size = 0;
			incoming.clear();
		}

		private void drain() {
			Entry e;
			while ((e = incoming.poll()) != null) {
				push(e.due, e.step);
			}
		}

		private void push(long due, Step step) {
			if (size == dues.length) {
				dues = java.util.Arrays.copyOf(dues, size * 2);
				steps = java.util.Arrays.copyOf(steps, size * 2);
			}
			int i = size++;
			while (i > 0) {
				int parent = (i - 1) >>> 1;
				if (dues[parent] - due <= 0) {
					break;
				}
				dues[i] = dues[parent];
				steps[i] = steps[parent];
				i = parent;
			}
			dues[i] = due;
			steps[i] = step;
		}

		private Step pop() {
			Step top = steps[0];
			int last = --size;
			long due = dues[last];
			Step step = steps[last];
			steps[last] = null;
			if (last > 0) {
				int i = 0;
				int half = last >>> 1;
				while (i < half) {
					int child = 2 * i + 1;
					int right = child + 1;
					if (right < last && dues[right] - dues[child] < 0) {
						child = right;
					}
					if (due - dues[child] <= 0) {
						break;
					}
					dues[i] = dues[child];
					steps[i] = steps[child];
					i = child;
				}
				dues[i] = due;
				steps[i] = step;
			}
			return top;
		}
	}

	private record Entry(long due, Step step) {
	}
}
