package io.deepstress.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

/**
 * A run's latency histograms (schema 14), one row per run that has them: each metric in HdrHistogram's compressed
 * encoding ({@link io.deepstress.core.batch.RunHistograms#encoded()}), a few kilobytes per run. In its own table so
 * that listing runs does not read it; a batch merge adds them.
 */
@Entity
@Table(name = "RUN_HISTOGRAM")
public class HistogramEntity {

	@Id
	@Column(name = "RUN_ID", length = 64)
	String runId;

	@Lob
	@Column(name = "TTFT_HDR")
	byte[] ttft;

	@Lob
	@Column(name = "E2E_HDR")
	byte[] e2e;

	@Lob
	@Column(name = "ITL_HDR")
	byte[] itl;

	@Lob
	@Column(name = "TPOT_HDR")
	byte[] tpot;
}
