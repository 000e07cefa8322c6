package io.deepstress.cli.internal;

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

import io.deepstress.core.json.Json;
import io.deepstress.core.json.JsonException;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Datasets;
import io.deepstress.core.model.Prompt;

/**
 * Reads prompt files: UTF-8 text with one prompt per line, or JSON Lines whose objects carry the prompt in
 * {@code prompt}, {@code text} or {@code content}. Blank lines are skipped.
 */
final class PromptFiles {

	private PromptFiles() {
	}

	static Dataset read(Path file) throws UsageException {
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(file);
		} catch (NoSuchFileException e) {
			throw new UsageException("prompt file not found: " + file);
		} catch (IOException e) {
			throw new UsageException("cannot read prompt file " + file + ": " + e.getMessage());
		}
		String text;
		try {
			text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
		} catch (CharacterCodingException e) {
			throw new UsageException("prompt file " + file + " is not UTF-8 text (" + e.getMessage()
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
					Object json = Json.parse(line);
					prompt = firstString(json, "prompt", "text", "content");
					if (prompt == null) {
						throw new UsageException(file + " line " + (i + 1) + ": no \"prompt\", \"text\" or \"content\" field");
					}
				} catch (JsonException e) {
					prompt = line; // a line that merely starts with '{'
				}
			}
			prompts.add(new Prompt(String.valueOf(i + 1), prompt));
		}
		if (prompts.isEmpty()) {
			throw new UsageException("prompt file " + file + " has no prompts");
		}
		String name = file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
		return new Dataset(name, prompts);
	}

	private static String firstString(Object json, String... keys) {
		for (String k : keys) {
			String s = Json.string(Json.get(json, k));
			if (s != null) {
				return s;
			}
		}
		return null;
	}

	/** A built-in dataset of varied short prompts, used when no prompt file is given. */
	static Dataset builtin() {
		return Datasets.builtin();
	}
}
