package io.deepstress.simulator.internal;

import java.util.ArrayDeque;

import io.deepstress.simulator.CapacityModel;

/**
 * The capacity model's slots: a request enters (at once when a slot is free, else in FIFO order when one is
 * left) and leaves exactly once when its answer ends. Without a slot limit every request enters at once; the
 * running count still drives the ITL growth.
 */
final class Admission {

	private final CapacityModel model;
	private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
	private int running;
	private long admitted;
	private int maxQueued;

	Admission(CapacityModel model) {
		this.model = model;
	}

	CapacityModel model() {
		return model;
	}

	/** Runs {@code onAdmit} once the request holds a slot: now, or on the thread of the answer that frees one. */
	void enter(Runnable onAdmit) {
		boolean now;
		synchronized (this) {
			now = model.slots() == 0 || running < model.slots();
			if (now) {
				running++;
				admitted++;
			} else {
				waiting.add(onAdmit);
				maxQueued = Math.max(maxQueued, waiting.size());
			}
		}
		if (now) {
			onAdmit.run();
		}
	}

	/** Frees the caller's slot; the first waiting request takes it. */
	void leave() {
		Runnable next;
		synchronized (this) {
			next = waiting.poll();
			if (next == null) {
				running--;
			} else {
				admitted++;
			}
		}
		if (next != null) {
			next.run();
		}
	}

	synchronized int running() {
		return running;
	}

	/** The ITL of a gap starting now: the base ITL stretched by the sequences running. */
	long itlNanos(long baseNanos) {
		double growth = model.itlGrowth();
		if (growth == 0) {
			return baseNanos;
		}
		int r = Math.max(1, running());
		return Math.round(baseNanos * (1 + growth * (r - 1)));
	}

	synchronized CapacityModel.State state() {
		return new CapacityModel.State(model.slots(), running, waiting.size(), admitted, maxQueued);
	}
}
