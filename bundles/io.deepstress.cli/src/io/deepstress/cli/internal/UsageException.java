package io.deepstress.cli.internal;

/** A bad command line or configuration: the CLI prints the message and the usage, and exits with 2. */
final class UsageException extends Exception {

	private static final long serialVersionUID = 1L;

	UsageException(String message) {
		super(message);
	}
}
