package io.deepstress.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

/**
 * A capacity search kept with its batch (schema 12): the status and times as columns for listing, the rest (what was
 * asked, every level, the answer) as the JSON of {@link CapacityJson}.
 */
@Entity
@Table(name = "CAPACITY_SEARCH")
public class CapacitySearchEntity {

	@Id
	@Column(name = "BATCH_ID", length = 64)
	String batchId;

	@Column(name = "STATUS", length = 16)
	String status;

	@Column(name = "STARTED_MS")
	long startedMillis;

	@Column(name = "UPDATED_MS")
	long updatedMillis;

	@Lob
	@Column(name = "SEARCH_JSON")
	String json;
}
