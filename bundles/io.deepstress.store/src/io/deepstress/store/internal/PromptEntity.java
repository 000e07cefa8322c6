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

	/** A conversation's later user turns as a JSON array of strings; null for a single-turn prompt (schema 6). */
	@Lob
	@Column(name = "FOLLOW_UPS")
	String followUpsJson;

	/** The prompt's length in tokens when known; null when not (schema 6). */
	@Column(name = "INPUT_TOKENS")
	Integer inputTokens;

	/** The prompt's own output length; null for the run's (schema 6). */
	@Column(name = "OUTPUT_TOKENS")
	Integer outputTokens;
}
