package io.deepstress.core.tokens;

import java.net.URI;

/**
 * Makes tokenizers from what the user named, as an OSGi service. A tokenizer is made once per run (the
 * {@code server} one probes the endpoint once, when it is made) and can be kept for the whole run.
 */
public interface TokenizerService {

	/**
	 * The tokenizer of {@code spec}.
	 *
	 * @param spec     what the user named
	 * @param endpoint the run's endpoint (its base URL, with or without {@code /v1}), for
	 *                 {@link TokenizerSpec.Kind#SERVER}; may be null for the other kinds
	 * @throws TokenizerException with a message for the user: a file that is not a tokenizer, an endpoint
	 *                            without {@code /tokenize} or not answering, no endpoint for {@code server}
	 */
	Tokenizer resolve(TokenizerSpec spec, URI endpoint);

	/** Shorthand for {@code resolve(TokenizerSpec.parse(spec), endpoint)}. */
	default Tokenizer resolve(String spec, URI endpoint) {
		return resolve(TokenizerSpec.parse(spec), endpoint);
	}
}
