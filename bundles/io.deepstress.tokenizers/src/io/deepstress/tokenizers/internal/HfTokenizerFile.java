package io.deepstress.tokenizers.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.deepstress.core.tokens.Tokenizer;
import io.deepstress.core.tokens.TokenizerException;

/**
 * A Hugging Face {@code tokenizer.json} named by the user. The file is checked (a JSON object with a
 * {@code "model"} object, read as a stream: such files are tens of megabytes) before the Hugging Face tokenizers
 * library ({@link HfTokenizer}) is given it, so that a file that is not one gets a message saying why.
 */
final class HfTokenizerFile {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private HfTokenizerFile() {
	}

	static Tokenizer load(Path file) {
		boolean model = false;
		try (InputStream in = Files.newInputStream(file); JsonParser p = JSON.createParser(in)) {
			if (p.nextToken() != JsonToken.START_OBJECT) {
				throw notOne(file, "it is not a JSON object");
			}
			for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
				String name = p.currentName();
				JsonToken value = p.nextToken();
				if ("model".equals(name) && value == JsonToken.START_OBJECT) {
					model = true;
				}
				p.skipChildren();
			}
		} catch (JsonProcessingException e) {
			throw notOne(file, "it is no valid JSON (" + e.getOriginalMessage() + ")");
		} catch (IOException e) {
			throw new TokenizerException("cannot read tokenizer file " + file + ": " + e.getMessage(), e);
		}
		if (!model) {
			throw notOne(file, "it has no \"model\" object");
		}
		return HfTokenizer.load(file);
	}

	private static TokenizerException notOne(Path file, String why) {
		return new TokenizerException(file + " is not a tokenizer: " + why
				+ " (expected a Hugging Face tokenizer.json, or use cl100k, o200k or server)");
	}
}
