package io.deepstress.tokenizers.internal;

import java.net.URI;
import java.nio.file.Files;

import org.osgi.service.component.annotations.Component;

import io.deepstress.core.tokens.Tokenizer;
import io.deepstress.core.tokens.TokenizerException;
import io.deepstress.core.tokens.TokenizerService;
import io.deepstress.core.tokens.TokenizerSpec;

/**
 * The tokenizers DeepStress knows: {@code cl100k_base} and {@code o200k_base} built in, the endpoint's
 * {@code /tokenize}. A Hugging Face {@code tokenizer.json} is refused with a reason (see
 * {@link #resolve(TokenizerSpec, URI)}).
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

	private static Tokenizer file(TokenizerSpec spec) {
		if (!Files.isRegularFile(spec.path())) {
			throw new TokenizerException("tokenizer file not found: " + spec.path()
					+ " (use cl100k, o200k, server or the path of a tokenizer.json)");
		}
		return HfTokenizerFile.load(spec.path());
	}
}
