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
import io.deepstress.core.datasets.LengthHistogram;
import io.deepstress.datasets.tests.Importing.Result;

/** OpenAI messages JSON Lines, CSV with a chosen column, plain text / JSONL prompt files, the length histogram. */
class OtherFormatsImportTest {

	@TempDir
	Path dir;

	@Test
	void messagesTakeUserTurnsAndSkipOthers() throws Exception {
		String jsonl = """
				{"messages": [{"role": "system", "content": "sys"}, {"role": "user", "content": "hello"}, {"role": "assistant", "content": "hi"}, {"role": "user", "content": "more"}]}
				{"messages": [{"role": "user", "content": [{"type": "text", "text": "part one"}, {"type": "image_url", "image_url": {"url": "x"}}, {"type": "text", "text": "part two"}]}]}
				{"messages": [{"role": "assistant", "content": "only me"}]}
				{"messages": "nope"}
				[1, 2]
				""";
		Result r = Importing.read(Importing.write(dir, "m.jsonl", jsonl), DatasetFormat.MESSAGES, null, true);
		assertEquals(2, r.prompts().size());
		assertEquals("hello", r.prompts().get(0).text());
		assertEquals(List.of("more"), r.prompts().get(0).followUps());
		assertEquals("part one\npart two", r.prompts().get(1).text());
		assertEquals(List.of(new ImportProblem(3, "no user turn"), new ImportProblem(4, "no \"messages\" array"),
				new ImportProblem(5, "not a JSON object")), r.report().problems());
	}

	@Test
	void csvTakesTheChosenColumnWithQuotedLines() throws Exception {
		String csv = "id,question,answer\n1,\"Why, exactly?\",because\n2,\"two\nlines\",x\n3,,empty\n4\n5,last one,y\n";
		Result r = Importing.read(Importing.write(dir, "q.csv", csv), DatasetFormat.CSV, "question", false);
		assertEquals(List.of("Why, exactly?", "two\nlines", "last one"), r.prompts().stream().map(p -> p.text()).toList());
		assertEquals(List.of(new ImportProblem(5, "empty value in column 'question'"),
				new ImportProblem(6, "no value in column 'question' (the record has 1 fields)")), r.report().problems());
		Result byNumber = Importing.read(dir.resolve("q.csv"), DatasetFormat.CSV, "3", false);
		assertEquals("because", byNumber.prompts().get(0).text());
	}

	@Test
	void csvWithoutTheColumnNamesTheColumnsThereAre() throws Exception {
		Path file = Importing.write(dir, "q.csv", "id,text\n1,hello\n");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> Importing.read(file, DatasetFormat.CSV, "prompt", false));
		assertEquals("CSV file " + file + " has no column 'prompt'; its columns: 'id', 'text'", e.getMessage());
	}

	@Test
	void textKeepsGoodLinesOfAFileWithOneThatIsNotUtf8() throws Exception {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		bytes.writeBytes("first prompt\n".getBytes(StandardCharsets.UTF_8));
		bytes.writeBytes(new byte[] { 'b', 'a', 'd', (byte) 0xff, '\n' });
		bytes.writeBytes("{\"prompt\": \"from json\"}\n\n{\"other\": 1}\n第三个提示\n".getBytes(StandardCharsets.UTF_8));
		Path file = Files.write(dir.resolve("p.txt"), bytes.toByteArray());
		Result r = Importing.read(file, DatasetFormat.TEXT, null, false);
		assertEquals(List.of("first prompt", "from json", "第三个提示"), r.prompts().stream().map(p -> p.text()).toList());
		assertEquals(List.of("1", "3", "6"), r.prompts().stream().map(p -> p.id()).toList());
		assertEquals(2, r.report().problemCount());
		assertEquals(2, r.report().problems().get(0).line());
		assertTrue(r.report().problems().get(0).reason().startsWith("not UTF-8 text"));
		assertEquals(new ImportProblem(5, "no \"prompt\", \"text\" or \"content\" field"), r.report().problems().get(1));
	}

	@Test
	void histogramBinsByPowersOfTwo() {
		LengthHistogram h = new LengthHistogram();
		for (int t : new int[] { 1, 2, 3, 5, 7, 100, 2000, 2047, 2048 }) {
			h.add(t);
		}
		assertEquals(9, h.count());
		assertEquals(1, h.min());
		assertEquals(2048, h.max());
		List<LengthHistogram.Bin> bins = h.bins();
		assertEquals(new LengthHistogram.Bin(0, 1, 1), bins.get(0));
		assertEquals(new LengthHistogram.Bin(2, 3, 2), bins.get(1));
		assertEquals(new LengthHistogram.Bin(4, 7, 2), bins.get(2));
		assertEquals(new LengthHistogram.Bin(1024, 2047, 2), bins.get(bins.size() - 2));
		assertEquals(new LengthHistogram.Bin(2048, 4095, 1), bins.get(bins.size() - 1));
		assertEquals(12, bins.size());
		assertTrue(h.lines(20).get(1).endsWith("#".repeat(20)), h.lines(20).get(1));
	}
}
