package io.deepstress.core.batch;

import java.util.Objects;

/**
 * What a run records as one agent of a batch: its shard, its clock against the server's, the host it ran on.
 *
 * @param runId the run
 * @param shard its part of the batch's load
 * @param clock its wall clock against the server's
 * @param host  the host name of the agent's machine (for messages), or empty
 */
public record AgentRecord(String runId, Shard shard, AgentClock clock, String host) {

	public AgentRecord {
		Objects.requireNonNull(runId, "runId");
		Objects.requireNonNull(shard, "shard");
		clock = clock == null ? AgentClock.unknown("not measured") : clock;
		host = host == null ? "" : host;
	}
}
