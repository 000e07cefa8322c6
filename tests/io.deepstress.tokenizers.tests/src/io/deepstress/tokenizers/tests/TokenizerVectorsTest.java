package io.deepstress.tokenizers.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.deepstress.core.tokens.Tokenizer;
import io.deepstress.core.tokens.TokenizerException;
import io.deepstress.core.tokens.TokenizerService;
import io.deepstress.core.tokens.TokenizerSpec;

/**
 * The built-in tokenizers give OpenAI's own token ids. The expected ids are tiktoken's (the Python reference
 * implementation): its README/test-suite vectors ({@code "hello world"}, the thumbs-up emoji) and the vectors
 * tiktoken produced for jtokkit's published test data (multilingual lines with Chinese, Japanese and emoji);
 * none of them was printed by the code under test.
 */
class TokenizerVectorsTest {

	private final TokenizerService service = Services.get(TokenizerService.class);

	@Test
	void cl100kMatchesTiktoken() {
		Tokenizer cl = service.resolve("cl100k", null);
		assertEquals("cl100k_base", cl.id());
		assertArrayEquals(new int[] { 15339, 1917 }, cl.encode("hello world"));
		assertArrayEquals(new int[] { 9468, 239, 235 }, cl.encode("\uD83D\uDC4D")); // thumbs up
		assertArrayEquals(new int[] { 83, 1609, 5963, 374, 2294, 0 }, cl.encode("tiktoken is great!"));
		assertArrayEquals(new int[] { 57668, 53901, 3922, 3574, 244, 98220 }, cl.encode("你好，世界"));
		assertArrayEquals(new int[] { 87533, 5429, 25, 220, 57668, 53901, 1917, 0, 11410, 234, 235 },
				cl.encode("Mixed script: 你好 world! 🌍"));
		assertArrayEquals(new int[] { 57668, 53901, 3922, 3574, 244, 98220, 6447, 32335, 60358, 17486, 236, 82696,
				91985, 11571, 76460, 231 }, cl.encode("你好，世界！最近怎么样？😉"));
		assertArrayEquals(new int[] { 37046, 83601, 250, 25340, 95, 7305, 225, 163, 225, 97, 165, 116, 255, 1811, 11410,
				99, 228 }, cl.encode("我喜欢吃烤鸭。 🦆"));
		assertEquals(54, cl.count("这是一个没有特殊字符或表情符号的较长文本。它包括空格、标点符号和多个句子。让我们看看分词器如何处理它！"));
		assertEquals(14, cl.count("こんにちは世界！お元気ですか？👋"));
	}

	@Test
	void o200kMatchesTiktoken() {
		Tokenizer o = service.resolve("o200k", null);
		assertEquals("o200k_base", o.id());
		assertArrayEquals(new int[] { 13225, 2375, 0 }, o.encode("Hello world!"));
		assertArrayEquals(new int[] { 177519, 979, 28428 }, o.encode("你好，世界"));
		assertArrayEquals(new int[] { 97258, 11713, 25, 220, 177519, 2375, 0, 130321, 235 },
				o.encode("Mixed script: 你好 world! 🌍"));
		assertArrayEquals(new int[] { 177519, 979, 28428, 3393, 65825, 34633, 4802, 72041 },
				o.encode("你好，世界！最近怎么样？😉"));
		assertArrayEquals(new int[] { 7522, 69681, 39276, 9743, 97, 155472, 788, 9552, 99, 228 }, o.encode("我喜欢吃烤鸭。 🦆"));
		assertArrayEquals(new int[] { 28823, 233, 64364, 236 }, o.encode("👋🌎"));
		assertEquals(39, o.count("这是一个没有特殊字符或表情符号的较长文本。它包括空格、标点符号和多个句子。让我们看看分词器如何处理它！"));
		assertEquals(11, o.count("こんにちは世界！お元気ですか？👋"));
	}

	@Test
	void decodeRoundTripsAndTakeCutsExactly() {
		for (String spec : new String[] { "cl100k", "o200k" }) {
			Tokenizer t = service.resolve(spec, null);
			String text = "Mixed script: 你好 world! 🌍 这是一个没有特殊字符或表情符号的较长文本。 Ελληνικά και русский текст.";
			assertEquals(text, t.decode(t.encode(text)), spec);
			int total = t.count(text);
			for (int n = 1; n < total; n++) {
				String cut = t.take(text, n);
				assertTrue(text.startsWith(cut), spec + " n=" + n);
				assertTrue(t.count(cut) <= n, spec + " n=" + n + " counted " + t.count(cut));
			}
			assertEquals(text, t.take(text, total + 5));
		}
	}

	@Test
	void specialTokenSpellingIsOrdinaryText() {
		Tokenizer cl = service.resolve("cl100k", null);
		// "<|endoftext|>" typed by a user is text, not the special token 100257
		int[] ids = cl.encode("<|endoftext|>");
		assertTrue(ids.length > 1);
		for (int id : ids) {
			assertTrue(id != 100257);
		}
	}

	@Test
	void badSpecsAndFilesGiveClearMessages() throws IOException {
		TokenizerException blank = assertThrows(TokenizerException.class, () -> TokenizerSpec.parse(" "));
		assertTrue(blank.getMessage().contains("cl100k, o200k, server"), blank.getMessage());
		TokenizerException missing = assertThrows(TokenizerException.class,
				() -> service.resolve("/nonexistent/tokenizer.json", null));
		assertTrue(missing.getMessage().contains("not found"), missing.getMessage());
		Path dir = Files.createTempDirectory("tok");
		Path garbage = Files.writeString(dir.resolve("garbage.json"), "this is not json at all");
		TokenizerException notJson = assertThrows(TokenizerException.class, () -> service.resolve(garbage.toString(), null));
		assertTrue(notJson.getMessage().contains("is not a tokenizer"), notJson.getMessage());
		Path noModel = Files.writeString(dir.resolve("other.json"), "{\"version\":\"1.0\",\"vocab\":[1,2]}");
		TokenizerException other = assertThrows(TokenizerException.class, () -> service.resolve(noModel.toString(), null));
		assertTrue(other.getMessage().contains("no \"model\""), other.getMessage());
		TokenizerException server = assertThrows(TokenizerException.class, () -> service.resolve("server", null));
		assertTrue(server.getMessage().contains("endpoint"), server.getMessage());
		assertEquals(TokenizerSpec.Kind.O200K, TokenizerSpec.parse("o200k_base").kind());
		assertEquals(TokenizerSpec.Kind.SERVER, TokenizerSpec.parse("SERVER").kind());
	}
}
