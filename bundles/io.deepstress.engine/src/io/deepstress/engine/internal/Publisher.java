package io.deepstress.engine.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
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
 * attempts finished since the last tick (in batches of at most {@value #MAX_BATCH}) and a snapshot, and at the
 * end the summary. A listener's failure is logged and never stops the run.
 */
final class Publisher {

	static final long TICK_MILLIS = 100;
	private static final int MAX_BATCH = 5_000;

	private final RunListener listener;
	private final BiConsumer<String, Object> bus;
	private final ConcurrentLinkedQueue<RequestResult> pending = new ConcurrentLinkedQueue<>();
	/** Whether the last watchdog window was client-limited. */
	private volatile boolean warned;

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

	/** Publishes every tick until {@code over} says the run has finished. */
	void tickEvery(Scheduler scheduler, BooleanSupplier over, Supplier<LiveSnapshot> snapshot) {
		scheduler.schedule(() -> {
			if (!over.getAsBoolean()) {
				publish(snapshot);
				tickEvery(scheduler, over, snapshot);
			}
		}, TICK_MILLIS, TimeUnit.MILLISECONDS);
	}

	private synchronized void publish(Supplier<LiveSnapshot> snapshot) {
		flush();
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
