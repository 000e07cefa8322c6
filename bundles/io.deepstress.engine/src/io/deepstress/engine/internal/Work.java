package io.deepstress.engine.internal;

import io.deepstress.core.model.Prompt;

/**
 * One logical request of a run: the prompt to send and where it came from. Its attempts (retries) share
 * it.
 *
 * @param index   issue order within the run
 * @param dataset index of the dataset in the run configuration
 * @param name    the dataset's name
 * @param prompt  the prompt
 * @param warmup  a warm-up request (not in the statistics)
 * @param turn    the user turn of the prompt's conversation this request sends (0 for single-turn prompts)
 * @param conversationId the conversation played, or null for a single-turn prompt
 */
record Work(long index, int dataset, String name, Prompt prompt, boolean warmup, int turn, String conversationId) {

	/** A request for the first (or only) turn of a prompt, outside any conversation. */
	Work(long index, int dataset, String name, Prompt prompt, boolean warmup) {
		this(index, dataset, name, prompt, warmup, 0, null);
	}

	/** The output length to ask for: the prompt's own, else the run's ({@code null}: none asked). */
	Integer maxTokens(Integer runMaxTokens) {
		return prompt.outputTokens() > 0 ? Integer.valueOf(prompt.outputTokens()) : runMaxTokens;
	}
}
