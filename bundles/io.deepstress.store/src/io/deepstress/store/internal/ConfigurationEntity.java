package io.deepstress.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * A saved test configuration; its datasets with weights are {@link ConfigurationDatasetEntity} rows.
 * Names unique ignoring case. Timeouts are null when the endpoint's apply; sweep levels null without a sweep.
 */
@Entity
@Table(name = "TEST_CONFIG")
public class ConfigurationEntity extends NamedEntity {

	@Column(name = "ENDPOINT_ID", length = 64)
	String endpointId;

	/** {@code closed}, {@code open} or {@code trace}. */
	@Column(name = "LOAD_KIND", length = 10)
	String loadKind;

	@Column(name = "CONCURRENCY")
	int concurrency;

	@Column(name = "RATE")
	double rate;

	@Column(name = "POISSON")
	boolean poisson;

	@Column(name = "MAX_CONCURRENCY")
	int maxConcurrency;

	@Column(name = "MAX_REQUESTS")
	long maxRequests;

	@Column(name = "MAX_DURATION_MS")
	Long maxDurationMillis;

	@Column(name = "ONE_PASS")
	boolean onePass;

	@Column(name = "WARMUP")
	int warmup;

	@Column(name = "STREAM")
	boolean stream;

	@Column(name = "MAX_TOKENS")
	Integer maxTokens;

	@Column(name = "TEMPERATURE")
	Double temperature;

	@Column(name = "EXTRA_BODY", length = 8000)
	String extraBody;

	@Column(name = "INCLUDE_USAGE")
	boolean includeUsage;

	@Column(name = "CONNECT_TIMEOUT_MS")
	Long connectTimeoutMillis;

	@Column(name = "FIRST_TOKEN_TIMEOUT_MS")
	Long firstTokenTimeoutMillis;

	@Column(name = "TOTAL_TIMEOUT_MS")
	Long totalTimeoutMillis;

	@Column(name = "RETRIES")
	int retries;

	@Column(name = "BACKOFF_MS")
	long backoffMillis;

	@Column(name = "MAX_BACKOFF_MS")
	long maxBackoffMillis;

	/** The levels of a sweep, comma-separated ("1,8,32"); null for one run (and in rows from before schema 4). */
	@Column(name = "SWEEP_LEVELS", length = 2000)
	String sweepLevels;

	/** The SLO its runs are judged by, as written; null for none (and in rows from before schema 5). */
	@Column(name = "SLO_EXPR", length = 2000)
	String slo;

	/**
	 * A trace replay's file, speed, start (s), tokenizer and seed; null without one (and in rows from before
	 * schema 10). {@code LOAD_KIND} is then {@code trace} and {@code CONCURRENCY} its cap of requests in flight.
	 */
	@Column(name = "TRACE_FILE", length = 2000)
	String traceFile;

	@Column(name = "TRACE_SPEED")
	Double traceSpeed;

	@Column(name = "TRACE_START_S")
	Double traceStartSeconds;

	@Column(name = "TRACE_TOKENIZER", length = 2000)
	String traceTokenizer;

	@Column(name = "TRACE_SEED")
	Long traceSeed;

	@Column(name = "UPDATED_MS")
	long updatedMillis;
}
