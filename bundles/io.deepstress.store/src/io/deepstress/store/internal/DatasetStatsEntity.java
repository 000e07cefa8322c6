package io.deepstress.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

/** Per-dataset statistics of a run (original definitions). Key: run id + dataset name. */
@Entity
@Table(name = "RUN_DATASET", indexes = @Index(name = "RUN_DATASET_RUN", columnList = "RUN_ID"))
public class DatasetStatsEntity {

	@Id
	@Column(name = "ID", length = 300)
	String id;

	@Column(name = "RUN_ID", length = 64)
	String runId;

	@Column(name = "POS")
	int position;

	@Column(name = "NAME", length = 200)
	String name;

	@Column(name = "WEIGHT")
	Double weight;

	@Column(name = "TOTAL")
	long total;

	@Column(name = "SUCCEEDED")
	long succeeded;

	@Column(name = "FAILED")
	long failed;

	@Column(name = "TOKENS")
	long tokens;

	@Column(name = "CHARS")
	long chars;

	@Column(name = "TOTAL_TIME_S")
	Double totalTimeSeconds;

	@Column(name = "AVG_RESPONSE_S")
	Double avgResponseSeconds;

	@Column(name = "AVG_GEN_SPEED")
	Double avgGenerationSpeed;

	@Column(name = "AVG_TPS")
	Double avgTps;
}
