package io.deepstress.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The chunk scanner against the full JSON parser: wherever the scanner answers, its answer must be the one
 * the parser-based path gives; it may only decline.
 */
class ChunkScannerTest {

	/** What the engine takes from one event's data, read with the full parser (as {@code Exchange} does). */
	record Reading(String kind, long prompt, long completion, boolean choice, String reason, long codePoints) {
	}

	static Reading reference(String data, boolean chat) {
		if ("[DONE]".equals(data.strip())) {
			return new Reading("done", -1, -1, false, null, 0);
		}
		JsonNode chunk;
		try {
			chunk = EngineJson.parse(data);
		} catch (IllegalArgumentException e) {
			return new Reading("malformed", -1, -1, false, null, 0);
		}
		JsonNode error = chunk.get("error");
		if (error != null && !error.isNull()) {
			return new Reading("error", -1, -1, false, null, 0);
		}
		long prompt = -1, completion = -1;
		JsonNode usage = chunk.get("usage");
		if (usage != null && usage.isObject()) {
			prompt = EngineJson.integer(usage.get("prompt_tokens"));
			completion = EngineJson.integer(usage.get("completion_tokens"));
		}
		JsonNode choice = chunk.path("choices").get(0);
		if (choice == null || choice.isNull()) {
			return new Reading("ok", prompt, completion, false, null, 0);
		}
		String reason = EngineJson.text(choice.get("finish_reason"));
		long cps;
		if (chat) {
			JsonNode delta = choice.path("delta");
			cps = EngineJson.codePoints(delta.get("content")) + EngineJson.codePoints(delta.get("reasoning_content"))
					+ EngineJson.codePoints(delta.get("reasoning"));
		} else {
			cps = EngineJson.codePoints(choice.get("text"));
		}
		return new Reading("ok", prompt, completion, true, reason, cps);
	}

	/** The scanner's reading, or null when it declines. */
	static Reading scanned(byte[] data, boolean chat) {
		ChunkScanner s = new ChunkScanner(chat);
		if (!s.scan(data, 0, data.length)) {
			return null;
		}
		if (s.done) {
			return new Reading("done", -1, -1, false, null, 0);
		}
		long prompt = s.usage ? s.promptTokens : -1;
		long completion = s.usage ? s.completionTokens : -1;
		return s.choice ? new Reading("ok", prompt, completion, true, s.finishReason, s.codePoints)
				: new Reading("ok", prompt, completion, false, null, 0);
	}

	private static void same(byte[] data, boolean chat, List<String> declined) {
		String text = new String(data, StandardCharsets.UTF_8);
		Reading expected = reference(text, chat);
		Reading actual = scanned(data, chat);
		if (actual == null) {
			declined.add(text);
			return;
		}
		assertEquals(expected, actual, () -> "chat=" + chat + " data=" + text);
	}

	private static final String[] TYPICAL = {
			"{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}",
			"{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" hello\"},\"finish_reason\":null}]}",
			"{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"think\\n\"},\"logprobs\":null,\"finish_reason\":null}]}",
			"{\"choices\":[{\"delta\":{\"reasoning\":\"r\",\"content\":\"数据 naïve 😀\"}}]}",
			"{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
			"{\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3,\"total_tokens\":10,\"completion_tokens_details\":{\"reasoning_tokens\":2}}}",
			"{\"choices\":[{\"index\":0,\"text\":\" tok\",\"finish_reason\":null}]}",
			"{\"choices\":[{\"index\":0,\"text\":\"\",\"finish_reason\":\"length\"}],\"usage\":null}",
			"[DONE]", " [DONE] ",
			"{\"choices\":[{\"delta\":{\"content\":\"\\ud83d\\ude00 \\u00e9\\\"\\\\\\/\\b\\f\\r\\t\"}}]}",
			"{\"choices\":[{\"delta\":{\"content\":\"\\ud83d\\ud83d\\ude00\\ude00\"}}]}",
			"{\"choices\":[{\"delta\":{\"content\":\"\\ud83d😀\"}}]}",
			"{\"choices\":[{\"delta\":{\"content\":\"a\"},\"delta\":{\"reasoning\":\"bb\"}}],\"choices\":[{\"delta\":{\"content\":\"ccc\"}}]}",
			"{\"usage\":{\"prompt_tokens\":1},\"usage\":{\"completion_tokens\":5}}",
			"{\"usage\":{\"prompt_tokens\":-3,\"completion_tokens\":\"4\"}}",
			"{\"usage\":{\"prompt_tokens\":1.0,\"completion_tokens\":4e0}}",
			"{\"usage\":{\"prompt_tokens\":123456789012345678901}}",
			"{\"choices\":[null,{\"delta\":{\"content\":\"x\"}}]}",
			"{\"choices\":[1]}", "{\"choices\":{}}", "{\"choices\":[{\"delta\":[\"content\"]}]}",
			"{\"error\":null,\"choices\":[{\"delta\":{\"content\":\"x\"}}]}",
			"{\"error\":{\"message\":\"boom\"}}", "{\"error\":\"x\"}",
			"{\"choices\":[{\"delta\":{\"content\":\"x\"}}]} x", "{\"choices\":[{\"delta\":{\"content\":\"x\"}}]",
			"{\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\t ", "\t{\"a\":[true,false,null,-0.5e+3,{}]}", "{}",
			"[1]", "12", "\"s\"", "", "   ", "\u000b{}", "{\"a\":01}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":tru}", "{\"a\":1e99999999999}",
			"{\"a\":\"\\x\"}", "{\"a\":\"\\u12g4\"}", "{\"a\" 1}", "{\"a\":1,}", "{,}", "{\"a\":[1,]}",
			"{\"choices\":[{\"finish_reason\":\"st\\u006fp\"}]}", "{\"choices\":[{\"finish_reason\":5}]}",
			"{\"ch\\u006fices\":[{\"delta\":{\"content\":\"x\"}}]}", "{\"choices\":[{\"delta\":{\"content\":null}}]}",
	};

	@Test
	void typicalAndTrickyChunksReadAsTheParserReadsThem() {
		List<String> declined = new ArrayList<>();
		for (String t : TYPICAL) {
			for (boolean chat : new boolean[] { true, false }) {
				same(t.getBytes(StandardCharsets.UTF_8), chat, declined);
			}
		}
		// the shapes servers send every token are read without the parser
		for (int i = 0; i < 10; i++) {
			assertFalse(declined.contains(TYPICAL[i]), TYPICAL[i]);
		}
	}

	@Test
	void malformedUtf8IsLeftToTheDecoderAndTheParser() {
		List<String> declined = new ArrayList<>();
		byte[][] cases = { { '{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}' },
				{ '{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}' },
				{ '{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}' },
				{ '{', '"', 'a', '"', ':', '"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"', '}' },
				{ '{', '"', 'a', '"', ':', '"', 1, '"', '}' } };
		for (byte[] c : cases) {
			assertEquals(null, scanned(c, true));
			same(c, true, declined);
		}
	}

	/** Random edits of real chunks: every answer the scanner gives agrees with the parser. */
	@Test
	void randomlyDamagedChunksNeverReadDifferently() {
		SplittableRandom random = new SplittableRandom(20261125);
		byte[] alphabet = "{}[]\":,\\ -+.0123456789eEtrufalsnbu/xdDONE\t\n".getBytes(StandardCharsets.US_ASCII);
		String[] unicode = { "é", "数", "😀", "\\u00e9", "\\ud83d", "\\ude00", "\\n" };
		List<String> declined = new ArrayList<>();
		int answered = 0;
		for (int i = 0; i < 40_000; i++) {
			byte[] data = TYPICAL[random.nextInt(TYPICAL.length)].getBytes(StandardCharsets.UTF_8);
			int edits = random.nextInt(4);
			for (int e = 0; e < edits && data.length > 0; e++) {
				int at = random.nextInt(data.length);
				byte[] insert = random.nextInt(4) == 0
						? unicode[random.nextInt(unicode.length)].getBytes(StandardCharsets.UTF_8)
						: random.nextInt(8) == 0 ? new byte[] { (byte) random.nextInt(256) }
								: new byte[] { alphabet[random.nextInt(alphabet.length)] };
				int remove = random.nextInt(3);
				remove = Math.min(remove, data.length - at);
				byte[] next = new byte[data.length - remove + insert.length];
				System.arraycopy(data, 0, next, 0, at);
				System.arraycopy(insert, 0, next, at, insert.length);
				System.arraycopy(data, at + remove, next, at + insert.length, data.length - at - remove);
				data = next;
			}
			int before = declined.size();
			same(data, random.nextBoolean(), declined);
			if (declined.size() == before) {
				answered++;
			}
		}
		assertTrue(answered > 5_000, "the scanner answered only " + answered + " of 40,000");
	}
}
