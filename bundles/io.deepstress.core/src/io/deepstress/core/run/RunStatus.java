package io.deepstress.core.run;

/** State of a run record. */
public enum RunStatus {
	RUNNING, COMPLETED, CANCELLED, ERROR, INTERRUPTED
}
