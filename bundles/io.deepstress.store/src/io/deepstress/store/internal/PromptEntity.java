package io.deepstress.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

/** One prompt of a dataset, in order. The text is a CLOB: long-context prompts are normal here. */
@Entity
@Table(name = "PROMPT", indexes = @Index(name = "PROMPT_DATASET", columnList = "DATASET_ID,POSITION"))
public class PromptEntity {

	/** {@code <dataset id>#<position>}. */
	@Id
	@Column(name = "ID", length = 80)
	String id;

	@Column(name = "DATASET_ID", length = 64)
	String datasetId;

	@Column(name = "POSITION")
	int position;

	@Column(name = "PROMPT_ID", length = 200)
	String promptId;

	@Lob
	@Column(name = "TEXT")
	String text;
}
