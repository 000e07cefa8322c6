package io.deepstress.core.model;

import java.util.List;
import java.util.Objects;

/**
 * One prompt of a dataset: a single user message, or the first user turn of a conversation whose later user
 * turns are sent one by one with the history (the assistant's real answers appended).
 *
 * @param id           identifier within its dataset (e.g. line number)
 * @param text         the user message (chat) or prompt text (completions); the first turn of a conversation
 * @param followUps    the conversation's later user turns, in order; empty for a single-turn prompt
 * @param inputTokens  the length of {@code text} in tokens of the tokenizer it was made or counted with (a
 *                     synthetic prompt's exact length), or -1 when not known
 * @param outputTokens the output length wanted for this prompt (sent as {@code max_tokens}, replacing the
 *                     run's), or -1 to use the run's
 */
public record Prompt(String id, String text, List<String> followUps, int inputTokens, int outputTokens) {

	public Prompt {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(text, "text");
		followUps = followUps == null ? List.of() : List.copyOf(followUps);
		if (inputTokens < -1 || outputTokens < -1 || outputTokens == 0) {
			throw new IllegalArgumentException("Prompt " + id + ": token counts must be positive or -1 (unknown), not "
					+ inputTokens + " in, " + outputTokens + " out");
		}
	}

	/** A single-turn prompt of unknown length that uses the run's output length. */
	public Prompt(String id, String text) {
		this(id, text, List.of(), -1, -1);
	}

	/** A single-turn prompt of a known length in tokens, with its own output length (-1: the run's). */
	public Prompt(String id, String text, int inputTokens, int outputTokens) {
		this(id, text, List.of(), inputTokens, outputTokens);
	}

	/** Whether this prompt is a conversation of more than one user turn. */
	public boolean multiTurn() {
		return !followUps.isEmpty();
	}

	/** Number of user turns (1 for a single-turn prompt). */
	public int turns() {
		return 1 + followUps.size();
	}

	/** The user message of turn {@code turn} (0 is {@link #text()}). */
	public String turn(int turn) {
		return turn == 0 ? text : followUps.get(turn - 1);
	}
}
