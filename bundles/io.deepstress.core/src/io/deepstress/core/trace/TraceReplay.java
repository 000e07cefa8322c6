package io.deepstress.core.trace;

import java.nio.file.Path;
import java.util.List;

import io.deepstress.core.model.Dataset;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.RunConfig;

/**
 * A saved trace replay: which trace file, how fast, from where, and the tokenizer its prompts are cut with. A
 * configuration keeps this, not the trace's arrivals: the file is read (and its prompts synthesised) when a run
 * starts, as {@code deepstress run --dataset trace:FILE} does.
 *
 * @param file         a Mooncake JSON Lines trace
 * @param speed        time scale (2: twice as fast as recorded)
 * @param startSeconds skip the trace's first seconds (0: none)
 * @param tokenizer    what the prompts are counted and cut with ({@code cl100k}, {@code o200k}, {@code server} or
 *                     the path of a {@code tokenizer.json})
 * @param seed         the seed of the prompts' texts
 */
public record TraceReplay(String file, double speed, double startSeconds, String tokenizer, long seed) {

	public TraceReplay {
		if (file == null || file.isBlank()) {
			throw new IllegalArgumentException("A trace replay needs the trace file");
		}
		file = file.strip();
		if (!(speed > 0) || Double.isInfinite(speed)) {
			throw new IllegalArgumentException("The trace speed must be > 0");
		}
		if (!(startSeconds >= 0) || Double.isInfinite(startSeconds)) {
			throw new IllegalArgumentException("The trace start must be >= 0 seconds");
		}
		tokenizer = tokenizer == null || tokenizer.isBlank() ? "cl100k" : tokenizer.strip();
	}

	/** Reads the file: at most {@code maxRequests} requests (0: all) after the start offset. */
	public Trace read(long maxRequests) {
		return Trace.read(Path.of(file), Math.round(startSeconds * 1000), maxRequests);
	}

	/**
	 * {@code base} replaying {@code trace} with {@code prompts} (one per request, in order): the recorded arrivals at
	 * {@code speed}, at most {@code maxConcurrency} in flight, one request per arrival, no warm-up, {@code base}'s
	 * duration limit kept. The one rule for every client (workbench, CLI).
	 */
	public static RunConfig apply(RunConfig base, Trace trace, Dataset prompts, double speed, int maxConcurrency) {
		Limits limits = new Limits(prompts.prompts().size(), base.limits().maxDuration(), false, 0);
		return new RunConfig(base.name(), base.target(), base.request(), List.of(new DatasetShare(prompts, 1)),
				trace.schedule(speed, maxConcurrency), limits, base.timeouts(), base.retry(), base.network());
	}
}
