package io.deepstress.tokenizers.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.deepstress.core.tokens.Tokenizer;
import io.deepstress.core.tokens.TokenizerException;
import io.deepstress.core.tokens.TokenizerService;

/**
 * A Hugging Face {@code tokenizer.json} run by the Hugging Face tokenizers library: a byte-level BPE written by
 * this test (GPT-2's byte alphabet as ids 0-255 and five merges of our own), so every count is known by hand:
 * without a merge a text counts its UTF-8 bytes.
 */
class HfTokenizerTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();
	private static TokenizerService service;
	private static Path file;
	private static boolean djlHomeBefore;

	@BeforeAll
	static void writeTokenizer() throws IOException {
		service = Services.get(TokenizerService.class);
		djlHomeBefore = Files.exists(Path.of(System.getProperty("user.home"), ".djl.ai"));
		file = Files.createTempDirectory("hf-tokenizer").resolve("tokenizer.json");
		Files.writeString(file, byteLevelBpe());
	}

	@Test
	void countsAreExact() {
		Tokenizer t = service.resolve(file.toString(), null);
		assertTrue(t.id().startsWith("file:") && t.id().endsWith("tokenizer.json"), t.id());
		assertArrayEquals(new int[] { 259 }, t.encode("hello"), "h e -> he, l l -> ll, he ll -> hell, hell o -> hello");
		// " world" is one pre-token "Ġworld": Ġw merges, o r l d stay bytes
		assertEquals(6, t.count("hello world"));
		assertEquals(bytes("你好"), t.count("你好"));
		assertEquals(4, t.count("😀"));
		assertEquals(bytes("数据 data 🚀"), t.count("数据 data 🚀"));
		assertEquals(0, t.count(""));
	}

	@Test
	void decodeInvertsEncodeOnMultilingualText() {
		Tokenizer t = service.resolve(file.toString(), null);
		for (String text : List.of("hello world", "你好，世界", "emoji 😀🚀 mixed 中文 text", "  spaces\tand\nlines ")) {
			assertEquals(text, t.decode(t.encode(text)), text);
		}
	}

	@Test
	void takeCutsToTheExactCount() {
		Tokenizer t = service.resolve(file.toString(), null);
		String text = "hello world, 你好 hello again 😀 and more hello";
		int exact = 0;
		for (int n = 1; n < t.count(text); n++) {
			String cut = t.take(text, n);
			assertTrue(text.startsWith(cut));
			int c = t.count(cut);
			// exactly n, or fewer where the n-th token is a part of a character's bytes; never more, and the
			// next character would go past n
			assertTrue(c <= n, n + " -> " + c + " '" + cut + "'");
			String longer = text.substring(0, cut.length() + Character.charCount(text.codePointAt(cut.length())));
			assertTrue(c == n || t.count(longer) > n, n + " -> " + c + " '" + cut + "'");
			exact += c == n ? 1 : 0;
		}
		assertTrue(exact > t.count(text) / 2, exact + " exact cuts");
		assertEquals(text, t.take(text, 1000));
	}

	@Test
	void oneTokenizerPerFileAndNothingOutsideTheRuntime() {
		assertSame(service.resolve(file.toString(), null), service.resolve(file.toString(), null));
		assertEquals("true", System.getProperty("ai.djl.offline"), "DJL runs offline");
		assertEquals("true", System.getProperty("OPT_OUT_TRACKING"), "DJL's tracking is off");
		String lib = System.getProperty("RUST_LIBRARY_PATH");
		assertTrue(lib != null && Files.isRegularFile(Path.of(lib)), "the native library placed by us: " + lib);
		assertFalse(lib.startsWith(System.getProperty("user.home") + "/.djl.ai"), lib);
		if (!djlHomeBefore) {
			assertFalse(Files.exists(Path.of(System.getProperty("user.home"), ".djl.ai")), "no ~/.djl.ai cache made");
		}
	}

	@Test
	void aFileTheLibraryCannotRunGetsAClearMessage() throws IOException {
		Path odd = Files.writeString(file.resolveSibling("odd.json"), "{\"model\":{\"type\":\"NoSuchModel\",\"vocab\":{}}}");
		TokenizerException e = assertThrows(TokenizerException.class, () -> service.resolve(odd.toString(), null));
		assertTrue(e.getMessage().startsWith("cannot load tokenizer file " + odd), e.getMessage());
		assertTrue(e.getMessage().contains("cl100k, o200k or server"), e.getMessage());
	}

	private static int bytes(String s) {
		return s.getBytes(StandardCharsets.UTF_8).length;
	}

	/** GPT-2's printable stand-in for each byte, in byte order (ids 0-255). */
	private static List<String> byteAlphabet() {
		List<Integer> printable = new ArrayList<>();
		for (int b = '!'; b <= '~'; b++) {
			printable.add(b);
		}
		for (int b = 0xA1; b <= 0xAC; b++) {
			printable.add(b);
		}
		for (int b = 0xAE; b <= 0xFF; b++) {
			printable.add(b);
		}
		List<String> out = new ArrayList<>();
		int extra = 0;
		for (int b = 0; b < 256; b++) {
			int cp = printable.contains(b) ? b : 256 + extra++;
			out.add(new String(Character.toChars(cp)));
		}
		return out;
	}

	private static String byteLevelBpe() throws IOException {
		ObjectNode root = JSON.createObjectNode();
		root.put("version", "1.0");
		root.putNull("truncation");
		root.putNull("padding");
		root.putArray("added_tokens");
		root.putNull("normalizer");
		ObjectNode pre = root.putObject("pre_tokenizer");
		pre.put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", true).put("use_regex", true);
		root.putNull("post_processor");
		ObjectNode decoder = root.putObject("decoder");
		decoder.put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", true).put("use_regex", true);
		ObjectNode model = root.putObject("model");
		model.put("type", "BPE").putNull("dropout").putNull("unk_token").putNull("continuing_subword_prefix")
				.putNull("end_of_word_suffix").put("fuse_unk", false).put("byte_fallback", false);
		ObjectNode vocab = model.putObject("vocab");
		List<String> alphabet = byteAlphabet();
		for (int i = 0; i < alphabet.size(); i++) {
			vocab.put(alphabet.get(i), i);
		}
		String[][] merges = { { "h", "e" }, { "l", "l" }, { "he", "ll" }, { "hell", "o" }, { "\u0120", "w" } };
		ArrayNode list = model.putArray("merges");
		int id = 256;
		for (String[] m : merges) {
			list.add(m[0] + " " + m[1]);
			vocab.put(m[0] + m[1], id++);
		}
		return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
	}
}
