package io.deepstress.core.tokens;

/**
 * A tokenizer that cannot be made or used: a spec that names none, a file that is not a tokenizer, an
 * endpoint whose {@code /tokenize} does not answer. The message is meant for the user.
 */
public class TokenizerException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	public TokenizerException(String message) {
		super(message);
	}

	public TokenizerException(String message, Throwable cause) {
		super(message, cause);
	}
}
