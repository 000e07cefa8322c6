package io.deepstress.core.gpu;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.deepstress.core.gpu.GpuSourceState.Status;

/**
 * A GPU source that reads its host once per interval on a thread of its own (an HTTP exporter, a command run each
 * time), for providers in other bundles and plug-ins. A reading that fails puts the source in
 * {@link Status#RECONNECTING} with the reason and the next one tries again; one that fails for good (the command is
 * not there) makes it {@link Status#UNAVAILABLE} and stops the readings; a good one makes it {@link Status#OK}.
 */
public abstract class PolledGpuSource implements GpuSource {

	/** Why a reading gave nothing; {@code permanent} when trying again cannot help. */
	public static final class ReadFailure extends Exception {
		private static final long serialVersionUID = 1L;
		private final boolean permanent;

		public ReadFailure(String reason, boolean permanent) {
			super(reason);
			this.permanent = permanent;
		}

		public boolean permanent() {
			return permanent;
		}
	}

	private final GpuHost host;
	private final long intervalMillis;
	private final GpuSourceListener listener;
	private final ScheduledExecutorService timer;
	private ScheduledFuture<?> task;
	private volatile GpuSourceState state;
	private long samples;
	private long skipped;

	protected PolledGpuSource(GpuHost host, long intervalMillis, GpuSourceListener listener, String threadName) {
		this.host = Objects.requireNonNull(host, "host");
		this.intervalMillis = intervalMillis;
		this.listener = Objects.requireNonNull(listener, "listener");
		this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, threadName);
			t.setDaemon(true);
			return t;
		});
		this.state = new GpuSourceState(host.id(), host.name(), Status.STARTING, null, System.currentTimeMillis(), 0, 0);
	}

	/** One reading of the host's GPUs (never empty). */
	protected abstract List<GpuSample> read() throws ReadFailure, InterruptedException;

	/** Called by {@link #close()} after the readings stopped, e.g. to end a process still running. */
	protected void closing() {
	}

	/** Starts the readings, the first at once. */
	public final synchronized void start() {
		listener.onState(state);
		task = timer.scheduleAtFixedRate(this::readOnce, 0, intervalMillis, TimeUnit.MILLISECONDS);
	}

	/** The interval between readings. */
	protected final long intervalMillis() {
		return intervalMillis;
	}

	private void readOnce() {
		try {
			List<GpuSample> gpus = read();
			samples += gpus.size();
			set(Status.OK, null);
			listener.onSamples(gpus);
		} catch (ReadFailure e) {
			skipped++;
			if (e.permanent()) {
				set(Status.UNAVAILABLE, e.getMessage());
				synchronized (this) {
					task.cancel(false);
				}
			} else {
				set(Status.RECONNECTING, e.getMessage() + "; retrying every " + intervalMillis + " ms");
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		} catch (RuntimeException e) {
			skipped++;
			set(Status.RECONNECTING, host.name() + ": " + e);
		}
	}

	private void set(Status status, String message) {
		GpuSourceState old = state;
		boolean changed = old.status() != status || !Objects.equals(old.message(), message);
		state = new GpuSourceState(host.id(), host.name(), status, message,
				changed ? System.currentTimeMillis() : old.sinceEpochMillis(), samples, skipped);
		if (changed) {
			listener.onState(state);
		}
	}

	@Override
	public final GpuHost host() {
		return host;
	}

	@Override
	public final GpuSourceState state() {
		return state;
	}

	@Override
	public final void close() {
		timer.shutdownNow();
		closing();
		try {
			timer.awaitTermination(3, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		GpuSourceState old = state;
		state = new GpuSourceState(host.id(), host.name(), Status.STOPPED, null, System.currentTimeMillis(),
				old.samples(), old.skipped());
		listener.onState(state);
	}
}
