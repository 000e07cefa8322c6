package io.deepstress.datasets.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.services.DatasetProvider;
import io.deepstress.core.tokens.Tokenizer;
import io.deepstress.core.tokens.TokenizerService;
import io.deepstress.datasets.internal.BuiltinDatasets;

/** The six built-in datasets, as DS offers them: counts, shapes, lengths in cl100k tokens. */
class BuiltinDatasetsTest {

	private static Map<String, Dataset> datasets;
	private static Tokenizer cl100k;

	@BeforeAll
	static void services() throws Exception {
		var context = FrameworkUtil.getBundle(BuiltinDatasetsTest.class).getBundleContext();
		ServiceTracker<DatasetProvider, DatasetProvider> providers = new ServiceTracker<>(context, DatasetProvider.class, null);
		providers.open();
		assertNotNull(providers.waitForService(10_000));
		DatasetProvider builtin = null;
		for (DatasetProvider p : providers.getServices(new DatasetProvider[0])) {
			if (p instanceof BuiltinDatasets) {
				builtin = p;
			}
		}
		assertNotNull(builtin, "the built-in datasets are a DatasetProvider service");
		datasets = builtin.datasets().stream().collect(Collectors.toMap(Dataset::name, d -> d));
		ServiceTracker<TokenizerService, TokenizerService> tokenizers = new ServiceTracker<>(context, TokenizerService.class,
				null);
		tokenizers.open();
		TokenizerService service = tokenizers.waitForService(10_000);
		assertNotNull(service, "TokenizerService");
		cl100k = service.resolve("cl100k", null);
	}

	@Test
	void sixShapesOfFiftyDistinctPrompts() {
		assertEquals(Set.of(BuiltinDatasets.SHORT_CHAT, BuiltinDatasets.LONG_CONTEXT, BuiltinDatasets.CODE,
				BuiltinDatasets.MATHS, BuiltinDatasets.SUMMARISATION, BuiltinDatasets.MULTILINGUAL), datasets.keySet());
		for (Dataset d : datasets.values()) {
			assertEquals(50, d.prompts().size(), d.name());
			assertEquals(50, d.prompts().stream().map(Prompt::text).distinct().count(), d.name() + ": all different");
			assertEquals(50, d.prompts().stream().map(Prompt::id).distinct().count(), d.name());
			assertTrue(d.prompts().stream().noneMatch(p -> p.text().isBlank() || p.text().startsWith("#")), d.name());
		}
	}

	@Test
	void longContextPromptsHaveAtLeast2000TokensAndDifferentReports() {
		Set<String> questions = new HashSet<>();
		Set<String> openings = new HashSet<>();
		int min = Integer.MAX_VALUE;
		for (Prompt p : datasets.get(BuiltinDatasets.LONG_CONTEXT).prompts()) {
			int tokens = cl100k.count(p.text());
			min = Math.min(min, tokens);
			assertTrue(tokens >= 2000, "prompt " + p.id() + " has " + tokens + " cl100k tokens");
			questions.add(p.text().substring(p.text().lastIndexOf("Question: ")));
			String[] parts = p.text().split("\n\n");
			openings.add(parts[1] + parts[2]);
		}
		assertEquals(50, questions.size(), "a question of its own each");
		assertTrue(openings.size() >= 40, "the reports start differently: " + openings.size());
		assertTrue(min < 4000, "a selection, not the whole report each time: " + min);
	}

	@Test
	void shortChatIsShortAndSummarisationCarriesPassages() {
		for (Prompt p : datasets.get(BuiltinDatasets.SHORT_CHAT).prompts()) {
			assertTrue(cl100k.count(p.text()) <= 40, p.text());
		}
		for (Prompt p : datasets.get(BuiltinDatasets.SUMMARISATION).prompts()) {
			assertTrue(cl100k.count(p.text()) >= 80, "instruction and passage: " + p.text());
			assertTrue(p.text().contains("\n\n"), p.text());
		}
	}

	@Test
	void codeHasSnippetsAndMultilingualIsLargelyChinese() {
		List<Prompt> code = datasets.get(BuiltinDatasets.CODE).prompts();
		assertTrue(code.stream().filter(p -> p.text().contains("\n")).count() >= 10, "prompts with code snippets");
		List<Prompt> multi = datasets.get(BuiltinDatasets.MULTILINGUAL).prompts();
		long chinese = multi.stream().filter(p -> p.text().codePoints()
				.anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)).count();
		assertTrue(chinese >= 20, "Chinese prompts: " + chinese);
		Set<Character.UnicodeScript> scripts = new HashSet<>();
		multi.forEach(p -> p.text().codePoints().filter(Character::isLetter).forEach(c -> scripts.add(Character.UnicodeScript.of(c))));
		assertTrue(scripts.size() >= 9, "several writing systems: " + scripts);
		assertTrue(datasets.get(BuiltinDatasets.MATHS).prompts().stream().filter(p -> p.text().matches("(?s).*[0-9].*"))
				.count() >= 40, "maths prompts are mostly problems with numbers");
	}
}
