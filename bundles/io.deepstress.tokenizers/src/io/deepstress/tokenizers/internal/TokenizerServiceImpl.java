package io.deepstress.tokenizers.internal;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;

import io.deepstress.core.tokens.Tokenizer;
import io.deepstress.core.tokens.TokenizerException;
import io.deepstress.core.tokens.TokenizerService;
import io.deepstress.core.tokens.TokenizerSpec;

/**
 * The tokenizers DeepStress knows: {@code cl100k_base} and {@code o200k_base} built in, the endpoint's
 * {@code /tokenize}, and a Hugging Face {@code tokenizer.json} the user names (loaded once per file and kept:
 * a large vocabulary takes a second to load).
 */
@Component(service = TokenizerService.class)
public final class TokenizerServiceImpl implements TokenizerService {

	@Override
	public Tokenizer resolve(TokenizerSpec spec, URI endpoint) {
		return switch (spec.kind()) {
		case CL100K -> TiktokenTokenizer.cl100k();
		case O200K -> TiktokenTokenizer.o200k();
		case SERVER -> {
			if (endpoint == null) {
				throw new TokenizerException("the server tokenizer needs the run's endpoint URL");
			}
			yield ServerTokenizer.probe(endpoint, null);
		}
		case FILE -> file(spec);
		};
	}

	private final Map<Path, Tokenizer> files = new ConcurrentHashMap<>();

	private Tokenizer file(TokenizerSpec spec) {
		if (!Files.isRegularFile(spec.path())) {
			throw new TokenizerException("tokenizer file not found: " + spec.path()
					+ " (use cl100k, o200k, server or the path of a tokenizer.json)");
		}
		Path key = spec.path().toAbsolutePath().normalize();
		Tokenizer known = files.get(key);
		if (known != null) {
			return known;
		}
		Tokenizer loaded = HfTokenizerFile.load(key);
		Tokenizer raced = files.putIfAbsent(key, loaded);
		return raced == null ? loaded : raced;
	}
}
