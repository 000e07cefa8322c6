package io.deepstress.ui.parts;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.eclipse.e4.ui.di.UISynchronize;

/**
 * A view's work off the UI thread: one daemon thread per view runs the queries, and only the answer of the
 * latest request is shown (on the UI thread); older answers are dropped. Close it when the view goes.
 */
public final class Background implements AutoCloseable {

	private final ExecutorService worker;
	private final UISynchronize sync;
	private long generation;

	public Background(String threadName, UISynchronize sync) {
		this.sync = sync;
		this.worker = Executors.newSingleThreadExecutor(r -> {
			Thread t = new Thread(r, threadName);
			t.setDaemon(true);
			return t;
		});
	}

	/**
	 * Runs {@code work} off the UI thread and hands its result, or its failure, to {@code show} on the UI
	 * thread, unless {@code latest} was called again meanwhile. Call from the UI thread.
	 */
	public <T> void latest(Supplier<T> work, BiConsumer<T, Throwable> show) {
		long mine = ++generation;
		CompletableFuture.supplyAsync(work, worker).whenComplete((result, failure) -> sync.asyncExec(() -> {
			if (mine == generation) {
				show.accept(result, failure == null ? null : rootCause(failure));
			}
		}));
	}

	/** Marks every pending answer as out of date (e.g. when the view shows something without a query). */
	public void cancelPending() {
		generation++;
	}

	/**
	 * What to show of a failure: the wrappers of the asynchronous call taken off; a refusal meant for the
	 * user (IllegalArgumentException or IllegalStateException, as the services throw them) as it is, even
	 * when it wraps its technical cause; anything else by its root cause.
	 */
	static Throwable rootCause(Throwable t) {
		Throwable failure = t;
		while ((failure instanceof java.util.concurrent.CompletionException
				|| failure instanceof java.util.concurrent.ExecutionException) && failure.getCause() != null) {
			failure = failure.getCause();
		}
		if (failure instanceof IllegalArgumentException || failure instanceof IllegalStateException) {
			return failure;
		}
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root;
	}

	@Override
	public void close() {
		// work under way (a database write) finishes; nothing new starts
		worker.shutdown();
	}
}
