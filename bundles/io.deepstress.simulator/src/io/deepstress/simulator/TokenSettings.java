package io.deepstress.simulator;

import io.deepstress.core.tokens.Tokenizer;

/**
 * How a {@link Simulator} counts prompt tokens, beside its {@link SimulatorSettings}: with a real tokenizer
 * (then {@code usage.prompt_tokens} is that tokenizer's count of the messages' text, {@code /tokenize} and
 * {@code /detokenize} use it), or with whitespace-separated words (the default; {@code /detokenize} is then not
 * offered). A model context length, when set, is announced in {@code /v1/models} and {@code /tokenize}
 * ({@code max_model_len}, like vLLM) and a request whose prompt plus {@code max_tokens} exceeds it is refused
 * with HTTP 400.
 *
 * @param tokenizer   the tokenizer, or null for words
 * @param maxModelLen the context length in tokens, 0 for none
 */
public record TokenSettings(Tokenizer tokenizer, int maxModelLen) {

	/** Words, no context length. */
	public static final TokenSettings WORDS = new TokenSettings(null, 0);

	public TokenSettings {
		if (maxModelLen < 0) {
			throw new IllegalArgumentException("maxModelLen must be >= 0 (0 = none), got " + maxModelLen);
		}
	}
}
