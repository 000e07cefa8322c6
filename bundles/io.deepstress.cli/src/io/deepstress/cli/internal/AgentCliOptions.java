package io.deepstress.cli.internal;

import io.deepstress.core.batch.Shard;
import picocli.CommandLine.Option;

/**
 * {@code run --batch ID --shard I/N}: this process is one agent of a load spread over several machines, recording its
 * part into the shared records store under one batch (merged with {@code deepstress runs merge --batch ID}).
 */
final class AgentCliOptions {

	@Option(names = "--batch", paramLabel = "ID", description = { "record the run under this batch id (the same on"
			+ " every agent; merge with: deepstress runs merge --batch ID)" })
	String batch;

	@Option(names = "--shard", paramLabel = "I/N", description = { "run the I-th of N equal parts of the load, I from"
			+ " 0 to N-1 (Kubernetes: --shard $(JOB_COMPLETION_INDEX)/N): concurrency or rate and request count split,"
			+ " prompts dealt out; needs --batch" })
	String shard;

	/** The batch id, or null. */
	String batch() throws UsageException {
		if (batch != null && batch.isBlank()) {
			throw new UsageException("--batch: give a batch id");
		}
		return batch == null ? null : batch.strip();
	}

	/** The shard, or null. */
	Shard shard() throws UsageException {
		if (shard == null) {
			return null;
		}
		if (batch == null) {
			throw new UsageException("--shard needs --batch ID: every agent records into the same batch");
		}
		try {
			return Shard.parse(shard);
		} catch (IllegalArgumentException e) {
			throw new UsageException("--shard: " + e.getMessage());
		}
	}

	/** Refuses what contradicts an agent's run. */
	void check(boolean noSave) throws UsageException {
		if (batch != null && noSave) {
			throw new UsageException("--batch records the run under a batch: it cannot be combined with --no-save");
		}
	}
}
