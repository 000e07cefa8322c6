package io.deepstress.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Datasets;
import io.deepstress.core.model.Prompt;

/** Prompt files: plain lines and JSON Lines records, read into a dataset named after the file. */
class DatasetsTest {

	@Test
	void linesAndJsonRecordsBecomePrompts() throws Exception {
		Path file = Files.createTempFile("prompts", ".jsonl");
		try {
			Files.writeString(file, "\uFEFFplain line\n\n{\"prompt\":\"with \\\"escapes\\\" \\u00e9\\n\",\"id\":7}\r\n"
					+ "{\"text\":\"from text\"}\n{\"content\":\"from content\",\"prompt\":12}\n{not json} at all\n"
					+ "{\"prompt\":\"one\"} {\"prompt\":\"two\"}\n", StandardCharsets.UTF_8);
			Dataset d = Datasets.read(file);
			assertTrue(d.name().startsWith("prompts"), d.name());
			assertEquals(List.of("plain line", "with \"escapes\" \u00e9\n", "from text", "from content", "{not json} at all",
					"{\"prompt\":\"one\"} {\"prompt\":\"two\"}"), d.prompts().stream().map(Prompt::text).toList());
			assertEquals(List.of("1", "3", "4", "5", "6", "7"), d.prompts().stream().map(Prompt::id).toList(),
					"ids are line numbers");
		} finally {
			Files.delete(file);
		}
	}

	@Test
	void aJsonRecordWithoutAPromptIsRefusedWithItsLine() throws Exception {
		Path file = Files.createTempFile("noprompt", ".jsonl");
		try {
			Files.writeString(file, "ok\n{\"question\":\"where is the prompt?\"}\n", StandardCharsets.UTF_8);
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.read(file));
			assertTrue(e.getMessage().contains("line 2"), e.getMessage());
		} finally {
			Files.delete(file);
		}
	}
}
