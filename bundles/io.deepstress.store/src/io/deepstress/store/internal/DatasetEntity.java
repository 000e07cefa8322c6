package io.deepstress.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A saved dataset; its prompts are {@link PromptEntity} rows. Names unique ignoring case. */
@Entity
@Table(name = "DATASET")
public class DatasetEntity extends NamedEntity {

	@Column(name = "PROMPT_COUNT")
	int promptCount;

	@Column(name = "UPDATED_MS")
	long updatedMillis;
}
