package io.deepstress.engine.internal;

import java.util.ArrayList;
import java.util.List;

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
 * @param answers the assistant's answers to the earlier turns of the conversation (one per earlier turn)
 */
record Work(long index, int dataset, String name, Prompt prompt, boolean warmup, int turn, String conversationId,
		List<String> answers) {

	Work {
		answers = answers == null ? List.of() : List.copyOf(answers);
		if (answers.size() != turn) {
			throw new IllegalArgumentException("turn " + turn + " needs the answers of the " + turn + " turns before it");
		}
	}

	/** A request for the first (or only) turn of a prompt, outside any conversation. */
	Work(long index, int dataset, String name, Prompt prompt, boolean warmup) {
		this(index, dataset, name, prompt, warmup, 0, null, List.of());
	}

	/** Whether the conversation has a turn after this one. */
	boolean hasNextTurn() {
		return conversationId != null && turn + 1 < prompt.turns();
	}

	/** The request of the conversation's next turn, under {@code index}, after {@code answer} to this one. */
	Work nextTurn(long index, String answer) {
		List<String> more = new ArrayList<>(answers);
		more.add(answer);
		return new Work(index, dataset, name, prompt, warmup, turn + 1, conversationId, more);
	}

	/** The output length to ask for: the prompt's own, else the run's ({@code null}: none asked). */
	Integer maxTokens(Integer runMaxTokens) {
		return prompt.outputTokens() > 0 ? Integer.valueOf(prompt.outputTokens()) : runMaxTokens;
	}
}
