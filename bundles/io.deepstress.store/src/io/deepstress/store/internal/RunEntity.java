package io.deepstress.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

/** One run: the original tool's record fields and the standard metrics (latencies as JSON). */
@Entity
@Table(name = "TEST_RUN", indexes = { @Index(name = "TEST_RUN_START", columnList = "START_MS"),
		@Index(name = "TEST_RUN_STATUS", columnList = "STATUS"),
		@Index(name = "TEST_RUN_ENDPOINT", columnList = "ENDPOINT_NAME"),
		@Index(name = "TEST_RUN_CONFIG", columnList = "CONFIG_NAME"),
		@Index(name = "TEST_RUN_BATCH", columnList = "BATCH_ID") })
public class RunEntity {

	@Id
	@Column(name = "RUN_ID", length = 64)
	String runId;

	@Column(name = "NAME", length = 200)
	String name;

	@Column(name = "MODEL", length = 200)
	String model;

	@Column(name = "ENDPOINT_URL", length = 1000)
	String endpointUrl;

	/** Schema 2: the endpoint's name when the run came from a saved endpoint (null for older runs). */
	@Column(name = "ENDPOINT_NAME", length = 200)
	String endpointName;

	/** Schema 2: the saved configuration's name, null for an ad-hoc run. */
	@Column(name = "CONFIG_NAME", length = 200)
	String configName;

	/** Schema 2: runs launched together (several configurations, a sweep) share it. */
	@Column(name = "BATCH_ID", length = 64)
	String batchId;

	/** Schema 2: TTFT p50 in ms, a copy from the latency JSON for sorting (backfilled on upgrade). */
	@Column(name = "TTFT_P50_MS")
	Double ttftP50Millis;

	@Column(name = "LOAD_DESC", length = 200)
	String loadDescription;

	@Column(name = "CONCURRENCY")
	int concurrency;

	@Column(name = "STATUS", length = 20)
	String status;

	@Column(name = "ERROR_MESSAGE", length = 2000)
	String errorMessage;

	@Column(name = "START_MS")
	long startMillis;

	@Column(name = "END_MS")
	long endMillis;

	@Column(name = "TOTAL_TASKS")
	long totalTasks;

	@Column(name = "SUCCESSFUL_TASKS")
	long successfulTasks;

	@Column(name = "FAILED_TASKS")
	long failedTasks;

	@Column(name = "ATTEMPTS")
	long attempts;

	@Column(name = "TOTAL_TOKENS")
	long totalTokens;

	@Column(name = "INPUT_TOKENS")
	long inputTokens;

	@Column(name = "TOTAL_CHARS")
	long totalChars;

	@Column(name = "ESTIMATED_TOKENS")
	long estimatedTokens;

	@Column(name = "TOTAL_TIME_S")
	Double totalTimeSeconds;

	@Column(name = "AVG_RESPONSE_S")
	Double avgResponseSeconds;

	@Column(name = "AVG_GEN_SPEED")
	Double avgGenerationSpeed;

	@Column(name = "AVG_TPS")
	Double avgTps;

	@Column(name = "REQUESTS_PER_S")
	Double requestsPerSecond;

	@Column(name = "OUTPUT_TOKENS_PER_S")
	Double outputTokensPerSecond;

	@Column(name = "TARGET_RATE")
	Double targetRate;

	@Column(name = "ACHIEVED_RATE")
	Double achievedRate;

	@Column(name = "LATENCY_JSON", length = 4000)
	String latencyJson;

	@Column(name = "ERRORS_JSON", length = 4000)
	String errorsJson;

	@Column(name = "CONFIG_JSON", length = 32000)
	String configJson;

	/** The run's SLO result as JSON ({@link SloJson}), null when it was judged by none (schema 5). */
	@Later
	@Column(name = "SLO_JSON", length = 16000)
	String sloJson;

	@Column(name = "APP_VERSION", length = 40)
	String appVersion;

	@Column(name = "UPDATED_MS")
	long updatedMillis;

	/**
	 * Schema 10: the process recording the run ({@link RunLease}); null in older rows and once the run ended (so that
	 * exports stay as they were: process-local state is not exported).
	 */
	@Later
	@Column(name = "LEASE_OWNER", length = 100)
	String leaseOwner;

	/** Schema 10: until when (epoch ms) that process vouches for a running run; null in older rows ("expired") and once ended. */
	@Later
	@Column(name = "LEASE_UNTIL")
	Long leaseUntil;
}
