package io.deepstress.datasets.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;

import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.services.DatasetProvider;

/**
 * The datasets written for DeepStress, six shapes of 50 prompts each, shipped as resource files of this bundle
 * ({@code resources/builtin/}): short chat, long context (a town report of 36 paragraphs, each prompt a different
 * selection and order of 26 of them with its own question, over 2,000 tokens), code, maths and reasoning,
 * summarisation (passages of the same report with an instruction each) and multilingual (Chinese and 17 other
 * languages).
 */
@Component(service = DatasetProvider.class)
public final class BuiltinDatasets implements DatasetProvider {

	/** Names of the datasets, in the order they are listed. */
	public static final String SHORT_CHAT = "builtin-short-chat", LONG_CONTEXT = "builtin-long-context",
			CODE = "builtin-code", MATHS = "builtin-maths", SUMMARISATION = "builtin-summarisation",
			MULTILINGUAL = "builtin-multilingual";

	/** Paragraphs of the report that a long-context prompt leaves out (of 36). */
	private static final int LEFT_OUT = 10;

	private volatile List<Dataset> datasets;

	@Override
	public String name() {
		return "DeepStress built-in datasets";
	}

	@Override
	public List<Dataset> datasets() {
		List<Dataset> d = datasets;
		if (d == null) {
			synchronized (this) {
				d = datasets;
				if (d == null) {
					d = datasets = load();
				}
			}
		}
		return d;
	}

	private static List<Dataset> load() {
		List<String> paragraphs = paragraphs(resource("long-context-paragraphs.txt"));
		return List.of(dataset(SHORT_CHAT, lines(resource("short-chat.txt"))),
				dataset(LONG_CONTEXT, longContext(paragraphs, lines(resource("long-context-questions.txt")))),
				dataset(CODE, blocks(resource("code.txt"))),
				dataset(MATHS, lines(resource("maths-reasoning.txt"))),
				dataset(SUMMARISATION, summarisation(paragraphs, lines(resource("summarisation.txt")))),
				dataset(MULTILINGUAL, lines(resource("multilingual.txt"))));
	}

	private static Dataset dataset(String name, List<String> texts) {
		List<Prompt> prompts = new ArrayList<>();
		for (int i = 0; i < texts.size(); i++) {
			prompts.add(new Prompt(String.valueOf(i + 1), texts.get(i)));
		}
		return new Dataset(name, prompts);
	}

	/**
	 * Prompt {@code i} is the report without a window of {@link #LEFT_OUT} paragraphs (moved by 7 per prompt, and
	 * never over the paragraph its question needs), rotated to start at a different paragraph, then the question.
	 */
	static List<String> longContext(List<String> paragraphs, List<String> questions) {
		int n = paragraphs.size();
		List<String> prompts = new ArrayList<>();
		for (int i = 0; i < questions.size(); i++) {
			String[] q = questions.get(i).split("\\|", 2);
			int needed = Integer.parseInt(q[0].strip());
			int start = (i * 7) % n;
			if (Math.floorMod(needed - start, n) < LEFT_OUT) {
				start = (needed + 1) % n;
			}
			List<String> kept = new ArrayList<>();
			for (int k = 0; k < n; k++) {
				if (Math.floorMod(k - start, n) >= LEFT_OUT) {
					kept.add(paragraphs.get(k));
				}
			}
			// a different order each time: a stride coprime to the count, from a different first paragraph
			int size = kept.size();
			int rotation = (i * 11) % size;
			int stride = STRIDES[i % STRIDES.length];
			while (gcd(stride, size) != 1) {
				stride++;
			}
			StringBuilder text = new StringBuilder("Read the following report on the town of Velmora, then answer"
					+ " the question after it using only the report.\n\n");
			for (int k = 0; k < size; k++) {
				text.append(kept.get((rotation + k * stride) % size)).append("\n\n");
			}
			prompts.add(text.append("Question: ").append(q[1].strip()).toString());
		}
		return prompts;
	}

	private static final int[] STRIDES = { 1, 3, 5, 7, 9, 11, 15, 17, 19, 21 };

	private static int gcd(int a, int b) {
		return b == 0 ? a : gcd(b, a % b);
	}

	/** An instruction followed by the paragraphs it names. */
	static List<String> summarisation(List<String> paragraphs, List<String> instructions) {
		List<String> prompts = new ArrayList<>();
		for (String line : instructions) {
			String[] s = line.split("\\|", 2);
			StringBuilder text = new StringBuilder(s[1].strip()).append("\n\n");
			for (String p : s[0].split(",")) {
				text.append(paragraphs.get(Integer.parseInt(p.strip()))).append("\n\n");
			}
			prompts.add(text.toString().strip());
		}
		return prompts;
	}

	private static String resource(String name) {
		try (InputStream in = BuiltinDatasets.class.getResourceAsStream("/resources/builtin/" + name)) {
			if (in == null) {
				throw new IllegalStateException("the built-in dataset file " + name + " is missing from the bundle");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The text without its leading comment lines ('#'). */
	private static String body(String text) {
		String[] lines = text.split("\n", -1);
		int first = 0;
		while (first < lines.length && (lines[first].startsWith("#") || lines[first].isBlank())) {
			first++;
		}
		return String.join("\n", java.util.Arrays.asList(lines).subList(first, lines.length));
	}

	/** One item per non-blank line. */
	static List<String> lines(String text) {
		return body(text).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
	}

	/** Items separated by lines of {@code %%}. */
	static List<String> blocks(String text) {
		return java.util.Arrays.stream(body(text).split("\n%%\n")).map(String::strip).filter(b -> !b.isEmpty()).toList();
	}

	/** Paragraphs separated by blank lines. */
	static List<String> paragraphs(String text) {
		return java.util.Arrays.stream(body(text).split("\n\\s*\n")).map(p -> p.strip().replaceAll("\\s*\n\\s*", " "))
				.filter(p -> !p.isEmpty()).toList();
	}
}
