package io.deepstress.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The baseline run of a scope (a configuration's name, or a run's name for runs of no configuration). */
@Entity
@Table(name = "RUN_BASELINE")
public class BaselineEntity {

	/** The scope, stripped and lower-cased: scopes match ignoring case. */
	@Id
	@Column(name = "SCOPE_KEY", length = 200)
	String scopeKey;

	@Column(name = "SCOPE", length = 200)
	String scope;

	@Column(name = "RUN_ID", length = 64)
	String runId;

	@Column(name = "MARKED_MS")
	long markedMillis;
}
