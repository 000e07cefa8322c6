package io.deepstress.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A saved dataset; its prompts are {@link PromptEntity} rows. Names unique ignoring case. */
@Entity
@Table(name = "DATASET")
public class DatasetEntity {

	@Id
	@Column(name = "ID", length = 64)
	String id;

	@Column(name = "NAME", length = 200)
	String name;

	@Column(name = "NAME_KEY", length = 200)
	String nameKey;

	@Column(name = "PROMPT_COUNT")
	int promptCount;

	@Column(name = "UPDATED_MS")
	long updatedMillis;
}
