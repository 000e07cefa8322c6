package io.deepstress.core.tokens;

import java.util.Objects;

/**
 * Synthetic prompts of exact lengths in the tokens of one tokenizer, drawn from a corpus written for DeepStress.
 * Each prompt is {@code [shared prefix][salt][text]}: the prefix (the same {@code prefixTokens} tokens for every
 * prompt, like a system prompt) is counted on top of the input length, so a prompt has {@code prefixTokens +
 * input sample} tokens; the salt (a short unique tag at the start of the part after the prefix, defeating the
 * server's prefix cache) is counted inside the input length.
 *
 * @param input        input lengths (without the prefix)
 * @param output       output lengths (each prompt's {@code max_tokens}), or null for the run's
 * @param prefixTokens tokens of the shared prefix, 0 for none
 * @param salt         a unique salt per prompt
 * @param seed         the seed: the same spec, tokenizer and seed give the same prompts
 * @param count        how many prompts
 */
public record SyntheticSpec(LengthSpec input, LengthSpec output, int prefixTokens, boolean salt, long seed,
		int count) {

	/** The most prompts one synthetic dataset holds. */
	public static final int MAX_COUNT = 100_000;

	public SyntheticSpec {
		Objects.requireNonNull(input, "input");
		if (prefixTokens < 0) {
			throw new IllegalArgumentException("the prefix length must be >= 0 tokens");
		}
		if (count < 1 || count > MAX_COUNT) {
			throw new IllegalArgumentException("a synthetic dataset has 1 to " + MAX_COUNT + " prompts, not " + count);
		}
		if (salt && input.min() < 8 && input.kind() != LengthSpec.Kind.NORMAL
				&& input.kind() != LengthSpec.Kind.LOGNORMAL) {
			throw new IllegalArgumentException("--salt needs input lengths of at least 8 tokens (the salt takes some)");
		}
	}

	/**
	 * The dataset name, which records the spec with the run: e.g.
	 * {@code synthetic in=uniform:100:200 out=128 prefix=64 salt seed=42 tokenizer=cl100k_base}.
	 */
	public String datasetName(String tokenizerId) {
		return "synthetic in=" + input + (output == null ? "" : " out=" + output)
				+ (prefixTokens > 0 ? " prefix=" + prefixTokens : "") + (salt ? " salt" : "") + " seed=" + seed
				+ " tokenizer=" + tokenizerId;
	}
}
