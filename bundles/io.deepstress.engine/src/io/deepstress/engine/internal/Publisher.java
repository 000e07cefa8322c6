package io.deepstress.engine.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.eclipse.jetty.util.thread.Scheduler;

import io.deepstress.core.events.RunTopics;
import io.deepstress.core.run.ClientHealthEvent;
import io.deepstress.core.run.ClientHealthReport;
import io.deepstress.core.run.LiveSnapshot;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.RunListener;

/**
 * What a run tells its listener and the event bus: the first snapshot, every {@value #TICK_MILLIS} ms the
 * attempts finished since the last tick (in batches of at most {@value #MAX_BATCH}) and a snapshot (when
 * something changed, else once a second), the watchdog's warnings, and at the end the summary. A listener's failure is logged and never stops the run.
 */
final class Publisher {

	static final long TICK_MILLIS = 100;
	/** A snapshot at least this often while nothing changes (the elapsed time still moves on the views). */
	static final long IDLE_SNAPSHOT_MILLIS = 1000;
	private static final int MAX_BATCH = 5_000;

	private final RunListener listener;
	private final BiConsumer<String, Object> bus;
	private final ConcurrentLinkedQueue<RequestResult> pending = new ConcurrentLinkedQueue<>();
	/** Whether the last watchdog window was client-limited. */
	private volatile boolean warned;
	private long lastChanges = Long.MIN_VALUE;
	private long lastSnapshotNanos;

	Publisher(RunListener listener, BiConsumer<String, Object> bus) {
		this.listener = listener == null ? RunListener.NONE : listener;
		this.bus = bus;
	}

	/** The run's first snapshot: the listener learns the run's id before any result. */
	void started(LiveSnapshot first) {
		safely(() -> listener.onSnapshot(first));
		bus.accept(RunTopics.STARTED, first);
	}

	/** An attempt to publish with the next tick. */
	void add(RequestResult result) {
		pending.add(result);
	}

	/**
	 * Publishes every tick until {@code over} says the run has finished: the attempts finished since the last
	 * tick, and a snapshot when {@code changes} (a count that moves with every request sent or attempt ended)
	 * moved, or else once every {@value #IDLE_SNAPSHOT_MILLIS} ms: a nearly idle run computes and posts about
	 * one snapshot a second instead of ten.
	 */
	void tickEvery(Scheduler scheduler, BooleanSupplier over, Supplier<LiveSnapshot> snapshot, LongSupplier changes) {
		scheduler.schedule(() -> {
			if (!over.getAsBoolean()) {
				publish(snapshot, changes);
				tickEvery(scheduler, over, snapshot, changes);
			}
		}, TICK_MILLIS, TimeUnit.MILLISECONDS);
	}

	private synchronized void publish(Supplier<LiveSnapshot> snapshot, LongSupplier changes) {
		flush();
		long now = System.nanoTime();
		long changed = changes.getAsLong();
		if (changed == lastChanges && now - lastSnapshotNanos < IDLE_SNAPSHOT_MILLIS * 1_000_000L) {
			return;
		}
		lastChanges = changed;
		lastSnapshotNanos = now;
		LiveSnapshot s = snapshot.get();
		safely(() -> listener.onSnapshot(s));
		bus.accept(RunTopics.PROGRESS, s);
	}

	/** Hands the pending attempts on now. */
	synchronized void flush() {
		while (!pending.isEmpty()) {
			List<RequestResult> batch = new ArrayList<>(Math.min(MAX_BATCH, pending.size()));
			RequestResult r;
			while (batch.size() < MAX_BATCH && (r = pending.poll()) != null) {
				batch.add(r);
			}
			List<RequestResult> immutable = List.copyOf(batch);
			safely(() -> listener.onResults(immutable));
			bus.accept(RunTopics.RESULTS, immutable);
		}
	}

	/**
	 * A window's report from the watchdog: published while the client limits the run, and once when it keeps
	 * up again (never while all is well, so a healthy run sends none).
	 */
	void clientHealth(String runId, ClientHealthReport window) {
		boolean limited = window.clientLimited();
		if (limited || warned) {
			warned = limited;
			bus.accept(RunTopics.CLIENT_HEALTH, new ClientHealthEvent(runId, window));
		}
	}

	/** The run's end: the remaining attempts, then the summary. */
	void finished(RunSummary summary) {
		flush();
		safely(() -> listener.onFinished(summary));
		bus.accept(summary.status() == RunStatus.ERROR ? RunTopics.FAILED : RunTopics.FINISHED, summary);
	}

	private static void safely(Runnable call) {
		try {
			call.run();
		} catch (RuntimeException e) {
			System.getLogger(Run.class.getName()).log(System.Logger.Level.WARNING, "run listener failed", e);
		}
	}
}
