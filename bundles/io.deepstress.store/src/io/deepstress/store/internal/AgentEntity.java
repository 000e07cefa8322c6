package io.deepstress.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A run recorded as one agent of a batch (schema 14): its shard, its wall clock's offset against the server's, the
 * host it ran on. One row per agent run; runs without a shard have none.
 */
@Entity
@Table(name = "RUN_AGENT")
public class AgentEntity {

	@Id
	@Column(name = "RUN_ID", length = 64)
	String runId;

	@Column(name = "SHARD_INDEX")
	int shardIndex;

	@Column(name = "SHARD_COUNT")
	int shardCount;

	@Column(name = "CLOCK_OFFSET_MS")
	long clockOffsetMillis;

	@Column(name = "CLOCK_UNCERTAINTY_MS")
	long clockUncertaintyMillis;

	@Column(name = "CLOCK_SOURCE", length = 16)
	String clockSource;

	@Column(name = "CLOCK_NOTE", length = 500)
	String clockNote;

	@Column(name = "HOST_NAME", length = 255)
	String host;
}
