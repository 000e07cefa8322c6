package io.deepstress.tokenizers.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The text synthetic prompts are cut from: English and Chinese prose written for DeepStress ({@code corpus/} in
 * this bundle), read as one ring so that a prompt longer than the corpus continues from its start. Prompts start
 * at sentence starts, so that a cut never begins inside a word or a character.
 */
final class Corpus {

	private static volatile Corpus instance;

	private final String text;
	private final int[] starts;

	private Corpus(String text) {
		this.text = text;
		List<Integer> s = new ArrayList<>();
		s.add(0);
		for (int i = 1; i < text.length(); i++) {
			char prev = text.charAt(i - 1);
			char c = text.charAt(i);
			boolean afterWestern = (prev == ' ' || prev == '\n') && i >= 2 && ".!?\n".indexOf(text.charAt(i - 2)) >= 0
					&& Character.isUpperCase(c);
			boolean afterChinese = "。！？\n".indexOf(prev) >= 0 && Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
			if (afterWestern || afterChinese) {
				s.add(i);
			}
		}
		this.starts = s.stream().mapToInt(Integer::intValue).toArray();
	}

	static Corpus get() {
		Corpus c = instance;
		if (c == null) {
			synchronized (Corpus.class) {
				c = instance;
				if (c == null) {
					c = new Corpus(read("corpus/en.txt") + "\n" + read("corpus/zh.txt") + "\n");
					instance = c;
				}
			}
		}
		return c;
	}

	private static String read(String name) {
		try (InputStream in = Corpus.class.getClassLoader().getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException("the prompt corpus " + name + " is missing from the tokenizers bundle");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Number of sentence starts. */
	int starts() {
		return starts.length;
	}

	/** At least {@code chars} characters of the ring from sentence start {@code start}. */
	String from(int start, int chars) {
		int at = starts[start];
		StringBuilder b = new StringBuilder(chars + 64);
		b.append(text, at, text.length());
		while (b.length() < chars) {
			b.append(text);
		}
		return b.toString();
	}

	/** The whole corpus once. */
	String text() {
		return text;
	}
}
