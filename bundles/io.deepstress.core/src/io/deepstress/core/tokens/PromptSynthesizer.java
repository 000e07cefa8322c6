package io.deepstress.core.tokens;

import io.deepstress.core.model.Dataset;

/**
 * Makes synthetic prompts of exact token lengths, as an OSGi service. The prompts carry their lengths
 * ({@link io.deepstress.core.model.Prompt#inputTokens()}, {@link io.deepstress.core.model.Prompt#outputTokens()})
 * so the engine sends them as any dataset and records what was sent.
 */
public interface PromptSynthesizer {

	/**
	 * The prompts of {@code spec}, each counting exactly its length with {@code tokenizer} (checked by
	 * counting the finished text).
	 *
	 * @throws TokenizerException when the tokenizer fails (e.g. the server's /tokenize stops answering)
	 * @throws IllegalArgumentException when a length cannot be met exactly
	 */
	Dataset synthesize(SyntheticSpec spec, Tokenizer tokenizer);

	/**
	 * One prompt per request of {@code trace}, in order, counting exactly its {@code input_length} with
	 * {@code tokenizer} and asking for its {@code output_length}. Requests whose {@code hash_ids} agree share that
	 * prefix: each block id stands for the same {@value io.deepstress.core.trace.Trace#BLOCK_TOKENS}-token text
	 * wherever it appears.
	 *
	 * @param seed the seed of the texts
	 */
	Dataset trace(io.deepstress.core.trace.Trace trace, Tokenizer tokenizer, long seed);
}
