package io.deepstress.core.batch;

import java.util.ArrayList;
import java.util.List;

import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RunConfig;

/**
 * One of {@code count} equal parts of a load, run by one agent ({@code deepstress run --shard INDEX/COUNT}). Shards
 * are numbered from 0 to {@code count - 1}, so that a Kubernetes Indexed Job's {@code JOB_COMPLETION_INDEX} is the
 * index as it is. The parts of a load add up to it exactly: a count {@code n} splits into {@code n / count} each, the
 * first {@code n % count} shards taking one more; a rate splits into {@code rate / count} each; the prompts of every
 * dataset are dealt out (prompt {@code j} to shard {@code j % count}), so the shards' prompts are disjoint and
 * together all of them.
 *
 * @param index from 0 to {@code count - 1}
 * @param count at least 1
 */
public record Shard(int index, int count) {

	public Shard {
		if (count < 1) {
			throw new IllegalArgumentException("the shard count must be at least 1, not " + count);
		}
		if (index < 0 || index >= count) {
			throw new IllegalArgumentException("the shard index " + index + " is not from 0 to " + (count - 1)
					+ " (shards are numbered from 0, as JOB_COMPLETION_INDEX)");
		}
	}

	/**
	 * A shard from {@code INDEX/COUNT}, e.g. {@code 0/4}.
	 *
	 * @throws IllegalArgumentException naming the part that is wrong
	 */
	public static Shard parse(String spec) {
		if (spec == null || spec.isBlank()) {
			throw new IllegalArgumentException("a shard is INDEX/COUNT, e.g. 0/4");
		}
		int slash = spec.indexOf('/');
		if (slash < 0) {
			throw new IllegalArgumentException("'" + spec + "' is not INDEX/COUNT (e.g. 0/4): no '/'");
		}
		int index = number(spec.substring(0, slash).strip(), "index", spec);
		int count = number(spec.substring(slash + 1).strip(), "count", spec);
		return new Shard(index, count);
	}

	private static int number(String part, String what, String spec) {
		try {
			return Integer.parseInt(part);
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException("the shard " + what + " '" + part + "' in '" + spec
					+ "' is not a whole number (a shard is INDEX/COUNT, e.g. 0/4)");
		}
	}

	/** This shard's part of {@code total}: {@code total / count}, plus one for the first {@code total % count} shards. */
	public long part(long total) {
		return total / count + (index < total % count ? 1 : 0);
	}

	/** This shard's part of a rate: an equal share. */
	public double part(double rate) {
		return rate / count;
	}

	/** {@code INDEX/COUNT}. */
	@Override
	public String toString() {
		return index + "/" + count;
	}

	/**
	 * This shard's part of {@code config}: its concurrency (or open-loop rate and cap), request count, prompts and,
	 * for a trace replay, arrivals; its name followed by {@code shard I/N}. Warm-up requests and the duration limit
	 * stay as they are (every agent warms up its own connections and runs for the same time).
	 *
	 * @throws IllegalArgumentException when the load is too small to give every shard a part (a concurrency or cap
	 *                                  below the count)
	 */
	public RunConfig apply(RunConfig config) {
		Load load = load(config.load());
		boolean trace = config.load() instanceof Load.Scheduled;
		List<DatasetShare> datasets = new ArrayList<>();
		for (DatasetShare share : config.datasets()) {
			datasets.add(new DatasetShare(trace ? partitioned(share.dataset(), true) : partitioned(share.dataset(), false),
					share.weight()));
		}
		Limits l = config.limits();
		Limits limits = l.maxRequests() > 0 ? new Limits(part(l.maxRequests()), l.maxDuration(), l.onePass(), l.warmupRequests())
				: l;
		if (limits.maxRequests() == 0 && l.maxRequests() > 0) {
			throw new IllegalArgumentException(l.maxRequests() + " requests cannot be split into " + count
					+ " shards: each needs at least one");
		}
		return new RunConfig(config.name() + " shard " + this, config.target(), config.request(), datasets, load, limits,
				config.timeouts(), config.retry(), config.network());
	}

	private Load load(Load load) {
		return switch (load) {
		case Load.ClosedLoop c -> new Load.ClosedLoop(atLeastOne(c.concurrency(), "concurrency"));
		case Load.OpenLoop o -> new Load.OpenLoop(part(o.ratePerSecond()), o.poisson(),
				atLeastOne(o.maxConcurrency(), "concurrency cap"));
		case Load.Scheduled s -> {
			List<Long> mine = new ArrayList<>();
			for (int i = index; i < s.offsetsMicros().size(); i += count) {
				mine.add(s.offsetsMicros().get(i));
			}
			if (mine.isEmpty()) {
				throw new IllegalArgumentException("a trace of " + s.offsetsMicros().size()
						+ " arrivals cannot be split into " + count + " shards");
			}
			yield new Load.Scheduled(mine, s.speed(), atLeastOne(s.maxConcurrency(), "concurrency cap"));
		}
		};
	}

	private int atLeastOne(int total, String what) {
		int mine = (int) part(total);
		if (mine < 1) {
			throw new IllegalArgumentException("a " + what + " of " + total + " cannot be split into " + count
					+ " shards: each needs at least 1");
		}
		return mine;
	}

	/**
	 * This shard's prompts of {@code dataset}: the {@code j}-th prompt for every {@code j} with {@code j % count ==
	 * index}, in order. A dataset with fewer prompts than shards is not split (every shard sends all of it), unless
	 * {@code strict} (a trace, whose i-th arrival sends the i-th prompt), which then fails.
	 */
	public Dataset partitioned(Dataset dataset, boolean strict) {
		if (count == 1) {
			return dataset;
		}
		List<Prompt> all = dataset.prompts();
		if (all.size() < count) {
			if (strict) {
				throw new IllegalArgumentException("dataset '" + dataset.name() + "' has " + all.size()
						+ " prompts, fewer than the " + count + " shards");
			}
			return dataset;
		}
		List<Prompt> mine = new ArrayList<>(all.size() / count + 1);
		for (int j = index; j < all.size(); j += count) {
			mine.add(all.get(j));
		}
		return new Dataset(dataset.name(), mine);
	}
}
