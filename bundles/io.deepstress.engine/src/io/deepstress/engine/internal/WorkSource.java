package io.deepstress.engine.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.deepstress.core.model.Prompt;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.Limits;

/**
 * Which prompt a run sends next, from which dataset, under which request index: warm-up requests first (they
 * cycle through the dataset), then measured ones up to the request limit, either one pass over each dataset
 * or cycling through it. Thread-safe: every slot of a closed loop asks at once.
 */
final class WorkSource {

	private final List<DatasetShare> datasets;
	private final Limits limits;
	private final AtomicLong issued = new AtomicLong();
	private final AtomicLong[] passCursor;
	private final AtomicLong[] cycleCursor;

	WorkSource(List<DatasetShare> datasets, Limits limits) {
		this.datasets = datasets;
		this.limits = limits;
		this.passCursor = new AtomicLong[datasets.size()];
		this.cycleCursor = new AtomicLong[datasets.size()];
		for (int i = 0; i < datasets.size(); i++) {
			passCursor[i] = new AtomicLong();
			cycleCursor[i] = new AtomicLong();
		}
	}

	/** Whether the request limit has been reached (never without one). */
	boolean allIssued() {
		return limits.maxRequests() > 0 && issued.get() >= limits.maxRequests() + limits.warmupRequests();
	}

	/** The next request of a dataset, or null when the dataset gives no more. */
	Work next(int dataset) {
		List<Prompt> prompts = datasets.get(dataset).dataset().prompts();
		String name = datasets.get(dataset).dataset().name();
		int warmup = limits.warmupRequests();
		long max = limits.maxRequests();
		while (true) {
			long index = issued.get();
			boolean isWarmup = index < warmup;
			if (!isWarmup && max > 0 && index - warmup >= max) {
				return null;
			}
			Prompt prompt;
			if (isWarmup) {
				prompt = prompts.get((int) (index % prompts.size()));
			} else if (limits.onePass()) {
				long cursor = passCursor[dataset].get();
				if (cursor >= prompts.size()) {
					return null;
				}
				if (!issued.compareAndSet(index, index + 1)) {
					continue;
				}
				if (!passCursor[dataset].compareAndSet(cursor, cursor + 1)) {
					// another slot of this dataset took this prompt; take the next one under the same index
					long c = passCursor[dataset].getAndIncrement();
					if (c >= prompts.size()) {
						return null;
					}
					return first(index, dataset, name, prompts.get((int) c), false);
				}
				return first(index, dataset, name, prompts.get((int) cursor), false);
			} else {
				prompt = prompts.get((int) (cycleCursor[dataset].getAndIncrement() % prompts.size()));
			}
			if (issued.compareAndSet(index, index + 1)) {
				return first(index, dataset, name, prompt, isWarmup);
			}
		}
	}

	/**
	 * The first turn of a prompt: a conversation (id {@code c<index>}, unique in the run) when it has more user
	 * turns; a warm-up request sends only the first turn.
	 */
	private static Work first(long index, int dataset, String name, Prompt prompt, boolean warmup) {
		if (prompt.multiTurn() && !warmup) {
			return new Work(index, dataset, name, prompt, false, 0, "c" + index, List.of());
		}
		return new Work(index, dataset, name, prompt, warmup);
	}

	/**
	 * The next turn of {@code previous}'s conversation, after {@code answer}, under the next request index; null
	 * when the request limit is reached (the conversation ends there).
	 */
	Work nextTurn(Work previous, String answer) {
		long max = limits.maxRequests();
		int warmup = limits.warmupRequests();
		while (true) {
			long index = issued.get();
			if (max > 0 && index - warmup >= max) {
				return null;
			}
			if (issued.compareAndSet(index, index + 1)) {
				return previous.nextTurn(index, answer);
			}
		}
	}
}
