package io.deepstress.core.gpu;

import java.util.concurrent.atomic.AtomicLong;

import io.deepstress.core.gpu.GpuSourceState.Status;

/**
 * The state bookkeeping every {@link GpuSource} needs: current status with its message and since-time,
 * sample and skipped counters, and telling the listener of each change (a listener's failure never
 * reaches the source). Once {@link #closing()} has been called only {@link Status#STOPPED} is accepted.
 * Thread-safe.
 */
public final class GpuSourceStatus {

	private final GpuHost host;
	private final GpuSourceListener listener;
	private final AtomicLong samples = new AtomicLong();
	private final AtomicLong skipped = new AtomicLong();
	private Status status = Status.STARTING;
	private String message;
	private long since = System.currentTimeMillis();
	private boolean closing;

	public GpuSourceStatus(GpuHost host, GpuSourceListener listener) {
		this.host = host;
		this.listener = listener;
	}

	/** The state now. */
	public synchronized GpuSourceState state() {
		return new GpuSourceState(host.id(), host.name(), status, message, since, samples.get(), skipped.get());
	}

	/** The current status. */
	public synchronized Status status() {
		return status;
	}

	/** Counts delivered samples. */
	public void delivered(int count) {
		samples.addAndGet(count);
	}

	/** Counts a line or reading that could not be understood. */
	public void skipped() {
		skipped.incrementAndGet();
	}

	/** Changes the status and tells the listener; ignored after {@link #closing()} unless STOPPED. */
	public void set(Status newStatus, String newMessage) {
		GpuSourceState state;
		synchronized (this) {
			if (closing && newStatus != Status.STOPPED) {
				return;
			}
			status = newStatus;
			message = newMessage;
			since = System.currentTimeMillis();
			state = state();
		}
		announce(state);
	}

	/** From now on only the final STOPPED status is taken. */
	public synchronized void closing() {
		closing = true;
	}

	/** Tells the listener the current state (e.g. at start). */
	public void announce() {
		announce(state());
	}

	private void announce(GpuSourceState state) {
		try {
			listener.onState(state);
		} catch (RuntimeException e) {
			// a listener must not stop the source
		}
	}
}
