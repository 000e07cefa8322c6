package io.deepstress.store.internal;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.deepstress.core.model.Prompt;

/** A saved prompt and its row: follow-up turns as a JSON array, token lengths null when not known. */
final class PromptMapping {

	private PromptMapping() {
	}

	static void into(Prompt prompt, PromptEntity row) {
		row.promptId = prompt.id();
		row.text = prompt.text();
		row.followUpsJson = prompt.multiTurn() ? StoreJson.write(prompt.followUps()) : null;
		row.inputTokens = prompt.inputTokens() >= 0 ? Integer.valueOf(prompt.inputTokens()) : null;
		row.outputTokens = prompt.outputTokens() > 0 ? Integer.valueOf(prompt.outputTokens()) : null;
	}

	static Prompt prompt(PromptEntity row) {
		List<String> followUps = new ArrayList<>();
		if (row.followUpsJson != null && !row.followUpsJson.isBlank()) {
			for (JsonNode turn : StoreJson.read(row.followUpsJson)) {
				followUps.add(turn.asText());
			}
		}
		return new Prompt(row.promptId, row.text, followUps, row.inputTokens == null ? -1 : row.inputTokens,
				row.outputTokens == null ? -1 : row.outputTokens);
	}
}
