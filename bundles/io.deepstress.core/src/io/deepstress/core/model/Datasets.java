package io.deepstress.core.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Datasets that come with DeepStress, and prompt files read into datasets. */
public final class Datasets {

	/** Reads one JSON Lines record; text after the value makes it no JSON line. */
	private static final ObjectReader LINE = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.build().reader();

	/** Name of the built-in dataset. */
	public static final String BUILTIN = "builtin";

	private Datasets() {
	}

	/** 64 varied short prompts (named {@value #BUILTIN}), for a test without a prompt file. */
	public static Dataset builtin() {
		String[] topics = { "the history of the printing press", "how a transformer model attends to tokens",
				"why the sky is blue", "the rules of chess", "photosynthesis", "the French revolution",
				"how vaccines work", "the water cycle", "black holes", "the stock market", "plate tectonics",
				"the immune system", "quantum entanglement", "the Roman empire", "compilers", "coral reefs" };
		String[] asks = { "Explain %s to a twelve-year-old.", "Write three bullet points about %s.",
				"Summarise %s in one paragraph.", "What are common misconceptions about %s?" };
		List<Prompt> prompts = new ArrayList<>();
		int n = 0;
		for (String ask : asks) {
			for (String topic : topics) {
				prompts.add(new Prompt(String.valueOf(++n), String.format(ask, topic)));
			}
		}
		return new Dataset(BUILTIN, prompts);
	}

	/**
	 * Reads a prompt file: UTF-8 text with one prompt per line, or JSON Lines whose objects carry the
	 * prompt in {@code prompt}, {@code text} or {@code content}; blank lines are skipped. The dataset is
	 * named after the file without its extension.
	 *
	 * @throws IllegalArgumentException with a message for the user: missing, unreadable, not UTF-8, empty,
	 *                                  a JSON line without a prompt
	 */
	public static Dataset read(Path file) {
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(file);
		} catch (NoSuchFileException e) {
			throw new IllegalArgumentException("prompt file not found: " + file);
		} catch (IOException e) {
			throw new IllegalArgumentException("cannot read prompt file " + file + ": " + e.getMessage());
		}
		String text;
		try {
			text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
		} catch (CharacterCodingException e) {
			throw new IllegalArgumentException("prompt file " + file + " is not UTF-8 text (" + e.getMessage()
					+ "); convert it, e.g. with iconv -t UTF-8");
		}
		if (text.startsWith("\uFEFF")) {
			text = text.substring(1);
		}
		List<Prompt> prompts = new ArrayList<>();
		String[] lines = text.split("\r?\n|\r");
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i].strip();
			if (line.isEmpty()) {
				continue;
			}
			String prompt = line;
			if (line.startsWith("{")) {
				try {
					JsonNode json = LINE.readTree(line);
					prompt = firstString(json, "prompt", "text", "content");
					if (prompt == null) {
						throw new IllegalArgumentException(file + " line " + (i + 1) + ": no \"prompt\", \"text\" or \"content\" field");
					}
				} catch (JsonProcessingException e) {
					prompt = line; // a line that merely starts with '{'
				}
			}
			prompts.add(new Prompt(String.valueOf(i + 1), prompt));
		}
		if (prompts.isEmpty()) {
			throw new IllegalArgumentException("prompt file " + file + " has no prompts");
		}
		String name = file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
		return new Dataset(name, prompts);
	}

	private static String firstString(JsonNode json, String... keys) {
		for (String k : keys) {
			JsonNode value = json.get(k);
			if (value != null && value.isTextual()) {
				return value.textValue();
			}
		}
		return null;
	}
}
