package io.deepstress.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.TableGenerator;

/** One attempt of one request (times in microseconds, -1 when absent). */
@Entity
@Table(name = "REQUEST_SAMPLE", indexes = @Index(name = "REQUEST_SAMPLE_RUN", columnList = "RUN_ID,SEQ"))
public class RequestSampleEntity {

	@Id
	@TableGenerator(name = "SAMPLE_IDS", table = "ID_GEN", pkColumnName = "GEN_NAME", valueColumnName = "GEN_VALUE",
			pkColumnValue = "REQUEST_SAMPLE", allocationSize = 5000)
	@GeneratedValue(strategy = GenerationType.TABLE, generator = "SAMPLE_IDS")
	@Column(name = "ID")
	long id;

	@Column(name = "RUN_ID", length = 64)
	String runId;

	/** Order of arrival at the store within the run. */
	@Column(name = "SEQ")
	long seq;

	@Column(name = "REQUEST_ID", length = 100)
	String requestId;

	@Column(name = "IDX")
	long index;

	@Column(name = "DATASET", length = 200)
	String dataset;

	@Column(name = "PROMPT_ID", length = 200)
	String promptId;

	@Column(name = "ATTEMPT")
	int attempt;

	@Column(name = "FINAL_ATTEMPT")
	boolean last;

	@Column(name = "WARMUP")
	boolean warmup;

	@Column(name = "START_US")
	long startEpochMicros;

	@Column(name = "TTFT_US")
	long ttftMicros;

	@Column(name = "E2E_US")
	long e2eMicros;

	@Column(name = "ITL_COUNT")
	int itlCount;

	@Column(name = "ITL_MEAN_US")
	long itlMeanMicros;

	@Column(name = "ITL_MAX_US")
	long itlMaxMicros;

	@Column(name = "TPOT_US")
	long tpotMicros;

	@Column(name = "OUTPUT_TOKENS")
	long outputTokens;

	@Column(name = "TOKEN_SOURCE", length = 12)
	String tokenSource;

	@Column(name = "INPUT_TOKENS")
	long inputTokens;

	@Column(name = "CHARS")
	long chars;

	@Column(name = "HTTP_STATUS")
	int httpStatus;

	@Column(name = "ERROR_KIND", length = 40)
	String errorKind;

	@Column(name = "ERROR_MESSAGE", length = 1000)
	String errorMessage;
}
