package io.deepstress.core.model;

import java.util.Objects;

/**
 * One prompt of a dataset.
 *
 * @param id   identifier within its dataset (e.g. line number)
 * @param text the user message (chat) or prompt text (completions)
 */
public record Prompt(String id, String text) {
	public Prompt {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(text, "text");
	}
}
