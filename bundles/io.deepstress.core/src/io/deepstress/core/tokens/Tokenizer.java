package io.deepstress.core.tokens;

/**
 * Counts and cuts text in the tokens of one model's tokenizer. Implementations are thread-safe.
 * <p>
 * A local tokenizer (OpenAI's {@code cl100k_base}/{@code o200k_base}, a Hugging Face {@code tokenizer.json})
 * counts in process; the {@code server} tokenizer asks the endpoint's {@code /tokenize} and may throw
 * {@link TokenizerException} when the endpoint stops answering.
 */
public interface Tokenizer {

	/**
	 * What is recorded with a run and shown to the user: {@code cl100k_base}, {@code o200k_base},
	 * {@code server:http://host:port/tokenize} or {@code file:/path/tokenizer.json}.
	 */
	String id();

	/** Number of tokens of {@code text} (no special tokens, no chat template). */
	int count(String text);

	/** Tokens of {@code text}, as the tokenizer's ids. */
	int[] encode(String text);

	/** Text of token ids (the inverse of {@link #encode} for ids it produced). */
	String decode(int[] tokens);

	/**
	 * The longest prefix of {@code text} that counts at most {@code n} tokens: exactly {@code n} unless the
	 * {@code n}-th token is only a part of a character's bytes (byte-level tokenizers split a rare character
	 * into several tokens), then the prefix before that character; the whole text when it counts {@code n} or
	 * fewer. The default cuts {@code n} ids and decodes them, then steps back while the result is no prefix of
	 * the text or counts more than {@code n}.
	 */
	default String take(String text, int n) {
		if (n <= 0) {
			return "";
		}
		int[] ids = encode(text);
		if (ids.length <= n) {
			return text;
		}
		for (int k = n; k > 0; k--) {
			int[] head = new int[k];
			System.arraycopy(ids, 0, head, 0, k);
			String cut = decode(head);
			if (text.startsWith(cut) && count(cut) <= n) {
				return cut;
			}
		}
		return "";
	}
}
