package io.deepstress.simulator.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;


/** The simulator's "tokenizer": words in, words out. */
final class Tokens {

	/**
	 * Output vocabulary. Some words are not ASCII (accents, CJK, a character outside the BMP) so that clients
	 * counting characters have to count code points, not bytes or UTF-16 units.
	 */
	private static final String[] VOCABULARY = { "the", "load", "données", "test", "数据", "naïve", "stream", "模型",
			"latency", "café", "token", "über", "throughput", "🚀", "queue", "façade" };

	private Tokens() {
	}

	/** Tokens {@code [from, to)} of an answer, each a vocabulary word followed by a space. */
	static String tokens(int from, int to) {
		StringBuilder sb = new StringBuilder((to - from) * 8);
		for (int i = from; i < to; i++) {
			sb.append(VOCABULARY[Math.floorMod(i, VOCABULARY.length)]).append(' ');
		}
		return sb.toString();
	}

	/** Tokens {@code [from, to)} depend on {@code from} modulo this (and the count) only. */
	static final int PERIOD = VOCABULARY.length;

	/** {@link #tokens} as a JSON string (quotes included), UTF-8 encoded. */
	static byte[] quotedUtf8(int from, int to) {
		StringBuilder sb = new StringBuilder((to - from) * 8 + 2);
		SimJson.quote(tokens(from, to), sb);
		return sb.toString().getBytes(StandardCharsets.UTF_8);
	}

	/** Whitespace-separated words in a text. */
	static int words(String text) {
		int count = 0;
		boolean inWord = false;
		for (int i = 0; i < text.length(); i++) {
			boolean space = Character.isWhitespace(text.charAt(i));
			if (!space && !inWord) {
				count++;
			}
			inWord = !space;
		}
		return count;
	}

	/**
	 * Prompt tokens of a chat request: words of every message's content, whether a string or a list of parts
	 * ({@code {"type":"text","text":...}}); at least 1.
	 */
	static int chatPromptTokens(Object messages) {
		int count = 0;
		if (messages instanceof List<?> list) {
			for (Object message : list) {
				count += contentWords(SimJson.get(message, "content"));
			}
		}
		return Math.max(1, count);
	}

	private static int contentWords(Object content) {
		if (content instanceof String s) {
			return words(s);
		}
		int count = 0;
		if (content instanceof List<?> parts) {
			for (Object part : parts) {
				if (part instanceof String s) {
					count += words(s);
				} else if (part instanceof Map<?, ?> map && map.get("text") instanceof String s) {
					count += words(s);
				}
			}
		}
		return count;
	}

	/**
	 * Prompt tokens of a completions request: words of the prompt string, of every string in a list, or the
	 * length of a list of token ids; at least 1.
	 */
	static int completionPromptTokens(Object prompt) {
		int count = 0;
		if (prompt instanceof String s) {
			count = words(s);
		} else if (prompt instanceof List<?> list) {
			for (Object element : list) {
				if (element instanceof String s) {
					count += words(s);
				} else if (element instanceof Number) {
					count++;
				} else if (element instanceof List<?> ids) {
					count += ids.size();
				}
			}
		}
		return Math.max(1, count);
	}
}
