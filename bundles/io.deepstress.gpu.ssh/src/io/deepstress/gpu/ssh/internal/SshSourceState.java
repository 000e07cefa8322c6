package io.deepstress.gpu.ssh.internal;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.gpu.GpuSourceListener;
import io.deepstress.core.gpu.GpuSourceState;
import io.deepstress.core.gpu.GpuSourceState.Status;

/**
 * The state of one SSH GPU source: status, message, since when, samples delivered and lines skipped, told to
 * the listener on each change. {@code since} changes only when the status does; an OK source is announced
 * again when lines were skipped since the last announcement. Once STOPPED, nothing changes any more.
 * Thread-safe; a listener's failure never reaches the source.
 */
final class SshSourceState {

	private static final System.Logger LOG = System.getLogger(SshSourceState.class.getName());

	private final GpuHost host;
	private final GpuSourceListener listener;
	private final AtomicLong samples = new AtomicLong();
	private final AtomicLong skipped = new AtomicLong();

	private Status status = Status.STARTING;
	private String message;
	private long since = System.currentTimeMillis();
	private long reportedSkipped;

	SshSourceState(GpuHost host, GpuSourceListener listener) {
		this.host = host;
		this.listener = listener;
	}

	synchronized GpuSourceState state() {
		return new GpuSourceState(host.id(), host.name(), status, message, since, samples.get(), skipped.get());
	}

	synchronized String message() {
		return message;
	}

	long samples() {
		return samples.get();
	}

	void skipped(long lines) {
		skipped.addAndGet(lines);
	}

	/** Changes the state and tells the listener (not after STOPPED). */
	void set(Status newStatus, String newMessage) {
		GpuSourceState state;
		synchronized (this) {
			if (status == Status.STOPPED) {
				return;
			}
			if (status != newStatus) {
				since = System.currentTimeMillis();
			}
			status = newStatus;
			message = newMessage;
			reportedSkipped = skipped.get();
			state = new GpuSourceState(host.id(), host.name(), status, message, since, samples.get(), reportedSkipped);
		}
		try {
			listener.onState(state);
		} catch (RuntimeException e) {
			LOG.log(Level.WARNING, "GPU listener failed", e);
		}
	}

	/** Counts a batch, makes the state OK (announced when it was not, or lines were skipped), hands it on. */
	void deliver(List<GpuSample> batch) {
		samples.addAndGet(batch.size());
		boolean announce;
		synchronized (this) {
			announce = status != Status.OK || reportedSkipped != skipped.get();
		}
		if (announce) {
			set(Status.OK, null);
		}
		try {
			listener.onSamples(batch);
		} catch (RuntimeException e) {
			LOG.log(Level.WARNING, "GPU listener failed", e);
		}
	}
}
