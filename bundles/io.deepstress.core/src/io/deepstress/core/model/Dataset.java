package io.deepstress.core.model;

import java.util.List;
import java.util.Objects;

/**
 * A named, ordered list of prompts.
 *
 * @param name    unique name
 * @param prompts the prompts, at least one
 */
public record Dataset(String name, List<Prompt> prompts) {
	public Dataset {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("A dataset needs a name");
		}
		prompts = List.copyOf(Objects.requireNonNull(prompts, "prompts"));
		if (prompts.isEmpty()) {
			throw new IllegalArgumentException("Dataset '" + name + "' has no prompts");
		}
	}
}
