package io.deepstress.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

/**
 * A run's client timeline and server series (schema 6), one row per run that has them, as the gzipped UTF-8 JSON of
 * {@link io.deepstress.core.timeline.TimelineFormat#toMap} (a 10-hour run's JSON of about 9 MB, 23 MB with ten server
 * series, compresses several times; see {@link TimelineRows}). In its own table so that listing runs does not read it.
 */
@Entity
@Table(name = "RUN_TIMELINE")
public class TimelineEntity {

	@Id
	@Column(name = "RUN_ID", length = 64)
	String runId;

	@Lob
	@Column(name = "TIMELINE_GZ")
	byte[] gz;
}
