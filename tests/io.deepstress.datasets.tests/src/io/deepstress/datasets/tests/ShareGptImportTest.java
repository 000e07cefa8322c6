package io.deepstress.datasets.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.deepstress.core.datasets.DatasetFormat;
import io.deepstress.core.datasets.ImportProblem;
import io.deepstress.datasets.tests.Importing.Result;

/** ShareGPT files: a JSON array or JSON Lines, first human turn or the whole conversation, broken records. */
class ShareGptImportTest {

	@TempDir
	Path dir;

	private static final String ARRAY = """
			[
			  {"id": "a1", "conversations": [
			    {"from": "system", "value": "be brief"},
			    {"from": "human", "value": "What is KV caching?"},
			    {"from": "gpt", "value": "It keeps keys and values."},
			    {"from": "human", "value": "And prefix caching?"}]},
			  {"id": "broken1", "conversations": [{"from": "gpt", "value": "no question here"}]},
			  "not an object",
			  {"id": "broken2"},
			  {"conversations": [{"from": "human", "value": "你好，请介绍一下长城。"}]},
			  {"id": "broken3", "conversations": [{"from": "human", "value": "   "}]}
			]
			""";

	@Test
	void arrayKeepsGoodRecordsAndReportsBrokenOnesWithTheirLines() throws Exception {
		Result r = Importing.read(Importing.write(dir, "s.json", ARRAY), DatasetFormat.SHAREGPT, null, false);
		assertEquals(2, r.prompts().size());
		assertEquals("What is KV caching?", r.prompts().get(0).text());
		assertEquals("a1", r.prompts().get(0).id());
		assertTrue(r.prompts().get(0).followUps().isEmpty(), "single turn unless asked");
		assertEquals("你好，请介绍一下长城。", r.prompts().get(1).text());
		assertEquals(4, r.report().problemCount());
		List<ImportProblem> p = r.report().problems();
		assertEquals(new ImportProblem(7, "no human/user turn"), p.get(0));
		assertEquals(8, p.get(1).line());
		assertEquals("not a JSON object", p.get(1).reason());
		assertEquals(9, p.get(2).line());
		assertTrue(p.get(2).reason().contains("conversations"), p.get(2).reason());
		assertEquals(11, p.get(3).line());
		assertTrue(p.get(3).reason().contains("empty"), p.get(3).reason());
	}

	@Test
	void multiTurnKeepsTheLaterHumanTurns() throws Exception {
		Result r = Importing.read(Importing.write(dir, "s.json", ARRAY), DatasetFormat.SHAREGPT, null, true);
		assertEquals(List.of("And prefix caching?"), r.prompts().get(0).followUps());
		assertEquals(2, r.prompts().get(0).turns());
		assertEquals(1, r.prompts().get(1).turns());
	}

	@Test
	void jsonLinesWithABrokenLine() throws Exception {
		String jsonl = """
				{"id": 1, "conversations": [{"from": "human", "value": "first"}]}
				{"id": 2, "conversations": [{"from": "human", "value": "cut off
				
				{"id": 3, "conversations": [{"from": "user", "value": "third"}, {"from": "gpt", "value": "x"}, {"from": "user", "value": "fourth"}]}
				""";
		Result r = Importing.read(Importing.write(dir, "s.jsonl", jsonl), DatasetFormat.SHAREGPT, null, true);
		assertEquals(List.of("first", "third"), r.prompts().stream().map(p -> p.text()).toList());
		assertEquals(List.of("fourth"), r.prompts().get(1).followUps());
		assertEquals("3", r.prompts().get(1).id());
		assertEquals(1, r.report().problemCount());
		assertEquals(2, r.report().problems().get(0).line());
		assertTrue(r.report().problems().get(0).reason().startsWith("broken JSON"), r.report().problems().get(0).reason());
	}

	@Test
	void aCutShortArrayKeepsWhatCameBefore() throws Exception {
		String cut = "[\n{\"conversations\": [{\"from\": \"human\", \"value\": \"one\"}]},\n{\"conversations\": [{\"from\": \"hu";
		Result r = Importing.read(Importing.write(dir, "cut.json", cut), DatasetFormat.SHAREGPT, null, false);
		assertEquals(1, r.prompts().size());
		assertEquals(1, r.report().problemCount());
		ImportProblem p = r.report().problems().get(0);
		assertEquals(3, p.line());
		assertTrue(p.reason().endsWith("the rest of the file is left out"), p.reason());
	}

	@Test
	void aFileThatIsNotUtf8SaysSoWithTheLine() throws Exception {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		bytes.writeBytes("[\n{\"conversations\": [{\"from\": \"human\", \"value\": \"good\"}]},\n".getBytes(StandardCharsets.UTF_8));
		bytes.writeBytes("{\"conversations\": [{\"from\": \"human\", \"value\": \"caf".getBytes(StandardCharsets.UTF_8));
		bytes.write(0xe9); // ISO-8859-1 é
		bytes.writeBytes("\"}]}\n]\n".getBytes(StandardCharsets.UTF_8));
		Path file = Files.write(dir.resolve("latin1.json"), bytes.toByteArray());
		Result r = Importing.read(file, DatasetFormat.SHAREGPT, null, false);
		assertEquals(List.of("good"), r.prompts().stream().map(p -> p.text()).toList());
		ImportProblem p = r.report().problems().get(0);
		assertEquals(3, p.line());
		assertTrue(p.reason().startsWith("not UTF-8 text"), p.reason());
	}

	@Test
	void anEmptyFileOrOneWithoutGoodRecordsIsRefusedClearly() throws Exception {
		Path empty = Importing.write(dir, "empty.json", "");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> Importing.read(empty, DatasetFormat.SHAREGPT, null, false));
		assertEquals("dataset file " + empty + " is empty", e.getMessage());
		Path bad = Importing.write(dir, "bad.json", "[{\"id\": 1}, {\"id\": 2}]");
		e = assertThrows(IllegalArgumentException.class, () -> Importing.read(bad, DatasetFormat.SHAREGPT, null, false));
		assertTrue(e.getMessage().contains("no usable sharegpt records: 2 left out, the first at line 1: no \"conversations\" array"),
				e.getMessage());
		Path missing = dir.resolve("nope.json");
		e = assertThrows(IllegalArgumentException.class,
				() -> Importing.read(missing, DatasetFormat.SHAREGPT, null, false));
		assertEquals("dataset file not found: " + missing, e.getMessage());
	}
}
