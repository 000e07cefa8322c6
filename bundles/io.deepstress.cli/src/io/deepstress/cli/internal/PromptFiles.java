package io.deepstress.cli.internal;

import java.nio.file.Path;

import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Datasets;

/** Prompt files and the built-in prompts for the commands (the reading itself is core's {@link Datasets}). */
final class PromptFiles {

	private PromptFiles() {
	}

	static Dataset read(Path file) throws UsageException {
		try {
			return Datasets.read(file);
		} catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
	}

	/** A built-in dataset of varied short prompts, used when no prompt file is given. */
	static Dataset builtin() {
		return Datasets.builtin();
	}
}
