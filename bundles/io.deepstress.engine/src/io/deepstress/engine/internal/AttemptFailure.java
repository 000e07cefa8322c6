package io.deepstress.engine.internal;

import io.deepstress.core.run.ErrorKind;

/** Why the engine itself aborted an attempt (first-token timeout, protocol error, cancel). */
final class AttemptFailure extends RuntimeException {

	private static final long serialVersionUID = 1L;

	final ErrorKind kind;

	AttemptFailure(ErrorKind kind, String message) {
		super(message, null, false, false);
		this.kind = kind;
	}
}
