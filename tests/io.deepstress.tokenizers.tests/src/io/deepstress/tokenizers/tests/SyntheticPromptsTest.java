package io.deepstress.tokenizers.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.tokens.LengthSpec;
import io.deepstress.core.tokens.PromptSynthesizer;
import io.deepstress.core.tokens.SyntheticSpec;
import io.deepstress.core.tokens.Tokenizer;
import io.deepstress.core.tokens.TokenizerService;

/** Synthetic prompts: exact lengths (recounted), shared prefix, salt, seeds, and the distributions' moments. */
class SyntheticPromptsTest {

	private final TokenizerService tokenizers = Services.get(TokenizerService.class);
	private final PromptSynthesizer synthesizer = Services.get(PromptSynthesizer.class);

	@Test
	void everyPromptCountsExactlyItsLengthWithPrefixAndSalt() {
		for (String spec : new String[] { "cl100k", "o200k" }) {
			Tokenizer t = tokenizers.resolve(spec, null);
			Dataset d = synthesizer.synthesize(new SyntheticSpec(LengthSpec.parse("uniform:20:600"), LengthSpec.fixed(64),
					48, true, 7, 150), t);
			assertEquals(150, d.prompts().size());
			assertTrue(d.name().contains("tokenizer=" + t.id()) && d.name().contains("in=uniform:20:600")
					&& d.name().contains("prefix=48") && d.name().contains("salt"), d.name());
			String prefix = t.take(d.prompts().get(0).text(), 48);
			assertEquals(48, t.count(prefix));
			Set<String> texts = new HashSet<>();
			Set<String> salts = new HashSet<>();
			for (Prompt p : d.prompts()) {
				assertEquals(p.inputTokens(), t.count(p.text()), spec + " " + p.id());
				assertTrue(p.inputTokens() >= 48 + 20 && p.inputTokens() <= 48 + 600, spec + " " + p.inputTokens());
				assertEquals(64, p.outputTokens());
				assertTrue(p.text().startsWith(prefix), spec + " " + p.id() + " does not share the prefix");
				String rest = p.text().substring(prefix.length());
				assertTrue(rest.startsWith("#"), rest);
				salts.add(rest.substring(0, rest.indexOf('\n')));
				texts.add(p.text());
			}
			assertEquals(150, texts.size());
			assertEquals(150, salts.size());
		}
	}

	@Test
	void longPromptsAndChineseAreExactToo() {
		Tokenizer t = tokenizers.resolve("o200k", null);
		Dataset d = synthesizer.synthesize(new SyntheticSpec(LengthSpec.fixed(6000), null, 0, false, 3, 4), t);
		for (Prompt p : d.prompts()) {
			assertEquals(6000, t.count(p.text()));
			assertEquals(-1, p.outputTokens());
		}
		// somewhere in a 6000-token prompt the Chinese part of the corpus (about 1,100 characters) appears
		assertTrue(d.prompts().stream().anyMatch(p -> p.text().codePoints()
				.anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)));
	}

	@Test
	void theSameSeedGivesTheSamePrompts() {
		Tokenizer t = tokenizers.resolve("cl100k", null);
		SyntheticSpec spec = new SyntheticSpec(LengthSpec.parse("normal:120:30"), LengthSpec.parse("uniform:10:50"), 0,
				false, 42, 40);
		List<Prompt> a = synthesizer.synthesize(spec, t).prompts();
		List<Prompt> b = synthesizer.synthesize(spec, t).prompts();
		assertEquals(a, b);
		List<Prompt> c = synthesizer.synthesize(new SyntheticSpec(spec.input(), spec.output(), 0, false, 43, 40), t)
				.prompts();
		assertNotEquals(a, c);
	}

	@Test
	void lengthsFollowTheirDistributions() {
		Tokenizer t = tokenizers.resolve("cl100k", null);
		int n = 2000;
		double[] normal = moments(synthesizer.synthesize(new SyntheticSpec(LengthSpec.parse("normal:80:15"),
				LengthSpec.parse("lognormal:200:80"), 0, false, 11, n), t), false);
		assertEquals(80, normal[0], 80 * 0.02);
		assertEquals(15, normal[1], 15 * 0.10);
		double[] lognormal = moments(synthesizer.synthesize(new SyntheticSpec(LengthSpec.parse("normal:80:15"),
				LengthSpec.parse("lognormal:200:80"), 0, false, 11, n), t), true);
		assertEquals(200, lognormal[0], 200 * 0.04);
		assertEquals(80, lognormal[1], 80 * 0.12);
		Dataset uniform = synthesizer.synthesize(new SyntheticSpec(LengthSpec.parse("uniform:30:90"), null, 0, false, 5,
				n), t);
		double[] u = moments(uniform, false);
		assertEquals(60, u[0], 1.5);
		assertEquals(Math.sqrt((61.0 * 61 - 1) / 12), u[1], 1.0); // discrete uniform SD
		assertEquals(30, uniform.prompts().stream().mapToInt(Prompt::inputTokens).min().getAsInt());
		assertEquals(90, uniform.prompts().stream().mapToInt(Prompt::inputTokens).max().getAsInt());
	}

	private static double[] moments(Dataset d, boolean output) {
		double[] v = d.prompts().stream().mapToDouble(p -> output ? p.outputTokens() : p.inputTokens()).toArray();
		double mean = java.util.Arrays.stream(v).average().orElseThrow();
		double var = java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1);
		return new double[] { mean, Math.sqrt(var) };
	}

	@Test
	void badLengthSpecsAreRefusedWithTheForms() {
		for (String bad : new String[] { "", "0", "-5", "12.5", "uniform:10", "uniform:20:10", "normal:abc:3",
				"gamma:1:2", "lognormal:100:-1" }) {
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LengthSpec.parse(bad), bad);
			assertTrue(e.getMessage().contains("uniform:MIN:MAX"), e.getMessage());
		}
		assertEquals("uniform:10:20", LengthSpec.parse(" uniform:10:20 ").toString());
		assertEquals("lognormal:300:50.5", LengthSpec.parse("LOGNORMAL:300:50.5").toString());
		assertEquals(LengthSpec.fixed(128), LengthSpec.parse("128"));
	}
}
