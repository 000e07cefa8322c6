package io.deepstress.cli.internal;

import java.io.PrintStream;
import java.util.Locale;

import io.deepstress.core.datasets.LengthHistogram;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.tokens.Tokenizer;
import io.deepstress.core.tokens.TokenizerException;
import io.deepstress.core.tokens.TokenizerService;
import io.deepstress.core.tokens.TokenizerSpec;

/** {@code datasets show}: a dataset's counts and the token lengths of its first turns as a text histogram. */
final class DatasetPreview {

	private DatasetPreview() {
	}

	/** The tokenizer the user named (not {@code server}: a dataset has no endpoint). */
	static Tokenizer tokenizer(Services services, String spec) throws Exception {
		try {
			TokenizerSpec parsed = TokenizerSpec.parse(spec);
			if (parsed.kind() == TokenizerSpec.Kind.SERVER) {
				throw new UsageException("--tokenizer server needs an endpoint; use cl100k, o200k or a tokenizer.json");
			}
			return services.get(TokenizerService.class).resolve(parsed, null);
		} catch (TokenizerException e) {
			throw new UsageException("--tokenizer: " + e.getMessage());
		}
	}

	static void print(PrintStream out, Dataset d, String from, Tokenizer tokenizer) {
		LengthHistogram first = new LengthHistogram();
		long turns = 0;
		long conversations = 0;
		for (Prompt p : d.prompts()) {
			first.add(tokenizer.count(p.text()));
			turns += p.turns();
			conversations += p.multiTurn() ? 1 : 0;
		}
		out.println("Dataset " + d.name() + " (" + from + ")");
		out.printf(Locale.ROOT, "prompts: %d%s%n", d.prompts().size(),
				conversations == 0 ? "" : " (" + conversations + " conversations of several turns, " + turns + " user turns)");
		out.printf(Locale.ROOT, "input tokens (%s, first turn): min %d, mean %.1f, max %d%n", tokenizer.id(), first.min(),
				first.mean(), first.max());
		out.printf(Locale.ROOT, "%15s %8s%n", "tokens", "prompts");
		first.lines(40).forEach(out::println);
	}
}
