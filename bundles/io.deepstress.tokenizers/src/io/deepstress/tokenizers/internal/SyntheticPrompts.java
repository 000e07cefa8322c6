package io.deepstress.tokenizers.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.osgi.service.component.annotations.Component;

import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.tokens.PromptSynthesizer;
import io.deepstress.core.tokens.SyntheticSpec;
import io.deepstress.core.tokens.Tokenizer;
import io.deepstress.core.trace.Trace;
import io.deepstress.core.trace.TraceRecord;

/**
 * Synthetic prompts cut from the {@link Corpus} to exact token counts. A prompt is the shared prefix, the salt
 * and a cut of the corpus from a seeded sentence start; the cut is lengthened or shortened until the whole text
 * counts exactly the length wanted (tokens can merge across the joins, so the whole is counted, not the parts).
 */
@Component(service = PromptSynthesizer.class)
public final class SyntheticPrompts implements PromptSynthesizer {

	/** Sentence starts tried per prompt before giving up. */
	private static final int STARTS_TRIED = 24;
	/** Adjustments of one cut. */
	private static final int ADJUSTMENTS = 8;
	private static final String SALT_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";

	@Override
	public Dataset synthesize(SyntheticSpec spec, Tokenizer tokenizer) {
		Corpus corpus = Corpus.get();
		LengthSampler inputs = new LengthSampler(spec.input(), spec.seed());
		LengthSampler outputs = spec.output() == null ? null : new LengthSampler(spec.output(), spec.seed() + 1);
		SplittableRandom text = new SplittableRandom(spec.seed() + 2);
		SplittableRandom salts = new SplittableRandom(spec.seed() + 3);
		String prefix = spec.prefixTokens() == 0 ? ""
				: exact(tokenizer, corpus, "", spec.prefixTokens(), new SplittableRandom(spec.seed() + 4), "the prefix");
		int floor = spec.salt() ? 8 : 1;
		List<Prompt> prompts = new ArrayList<>(spec.count());
		for (int i = 0; i < spec.count(); i++) {
			int n = inputs.next(floor);
			int out = outputs == null ? -1 : outputs.next(1);
			String head = prefix + (spec.salt() ? salt(salts, i) : "");
			String prompt = exact(tokenizer, corpus, head, spec.prefixTokens() + n, text, "prompt " + (i + 1));
			prompts.add(new Prompt("s" + (i + 1), prompt, spec.prefixTokens() + n, out));
		}
		return new Dataset(spec.datasetName(tokenizer.id()), prompts);
	}

	@Override
	public Dataset trace(Trace trace, Tokenizer tokenizer, long seed) {
		Corpus corpus = Corpus.get();
		java.util.Map<Long, String> blocks = new java.util.HashMap<>();
		List<Prompt> prompts = new ArrayList<>(trace.records().size());
		for (TraceRecord r : trace.records()) {
			List<Long> ids = r.hashIds();
			// whole blocks that fit before the last token: the rest is cut to the exact length
			int full = Math.min(ids.size(), (r.inputLength() - 1) / Trace.BLOCK_TOKENS);
			StringBuilder head = new StringBuilder();
			for (int b = 0; b < full; b++) {
				long id = ids.get(b);
				head.append(blocks.computeIfAbsent(id, k -> exact(tokenizer, corpus, "", Trace.BLOCK_TOKENS,
						new SplittableRandom(seed * 31 + k), "block " + k)));
			}
			// the remainder starts where the next block id says, so that requests sharing it share its start too
			SplittableRandom random = new SplittableRandom(full < ids.size() ? seed * 31 + ids.get(full) : seed * 17 + r.line());
			String text;
			try {
				text = exact(tokenizer, corpus, head.toString(), r.inputLength(), random, "trace line " + r.line());
			} catch (IllegalArgumentException e) {
				// the blocks counted more than they should once joined: cut the prompt from the corpus alone
				text = exact(tokenizer, corpus, "", r.inputLength(), random, "trace line " + r.line());
			}
			prompts.add(new Prompt("t" + r.line(), text, r.inputLength(), r.outputLength()));
		}
		return new Dataset("trace " + trace.name() + " (" + prompts.size() + " requests) tokenizer=" + tokenizer.id(),
				prompts);
	}

	/** A salt unique to prompt {@code index}: its number and random letters, then a line break. */
	private static String salt(SplittableRandom random, int index) {
		StringBuilder b = new StringBuilder("#").append(Integer.toString(index + 1, 36)).append('-');
		for (int k = 0; k < 4; k++) {
			b.append(SALT_CHARS.charAt(random.nextInt(SALT_CHARS.length())));
		}
		return b.append('\n').toString();
	}

	/** {@code head} followed by corpus text, counting exactly {@code want} tokens. */
	static String exact(Tokenizer tokenizer, Corpus corpus, String head, int want, SplittableRandom random, String what) {
		int headTokens = head.isEmpty() ? 0 : tokenizer.count(head);
		if (headTokens >= want && !(headTokens == want && head.isEmpty())) {
			throw new IllegalArgumentException(what + ": " + want + " tokens leave no room after the prefix and salt ("
					+ headTokens + " tokens)");
		}
		int closest = -1;
		for (int attempt = 0; attempt < STARTS_TRIED; attempt++) {
			int start = random.nextInt(corpus.starts());
			int k = want - headTokens;
			String source = corpus.from(start, k * 8 + 256);
			for (int adj = 0; adj < ADJUSTMENTS && k >= 1; adj++) {
				String body = tokenizer.take(source, k);
				String candidate = head + body;
				int c = tokenizer.count(candidate);
				if (c == want) {
					return candidate;
				}
				closest = c;
				k += want - c;
			}
		}
		throw new IllegalArgumentException(what + ": no text of exactly " + want + " tokens could be made with "
				+ tokenizer.id() + " (closest " + closest + ")");
	}
}
