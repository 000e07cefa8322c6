package io.deepstress.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.deepstress.core.events.ConfigTopics;
import io.deepstress.core.events.ModelTopics;
import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Endpoint;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.model.TestConfiguration;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.Timeouts;
import io.deepstress.core.services.DatasetProvider;

/** Saved endpoints, datasets and test configurations on a real embedded Derby. */
class ConfigurationStoreTest {

	private final Path dir = Path.of(System.getProperty("deepstress.test.dir"), UUID.randomUUID().toString());
	private final List<Database> opened = new ArrayList<>();
	private final List<Event> events = Collections.synchronizedList(new ArrayList<>());
	private final EventAdmin bus = TestData.collecting(events);

	private DerbyConfigurationStore open() {
		Database db = TestStores.open(dir.resolve("db"), bus);
		assertEquals(null, db.problem());
		opened.add(db);
		return DerbyConfigurationStore.over(db);
	}

	private void reopen() {
		opened.forEach(Database::close);
		opened.clear();
	}

	@AfterEach
	void closeAll() {
		reopen();
	}

	private static Dataset dataset(String name, int n) {
		List<Prompt> prompts = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			prompts.add(new Prompt("p" + i, "prompt " + i + " of " + name));
		}
		return new Dataset(name, prompts);
	}

	@Test
	void aNewDatabaseStartsWithTheBuiltinSimulatorAndKeepsEndpointsAcrossRestarts() {
		DerbyConfigurationStore store = open();
		assertEquals(List.of(Endpoint.builtinSimulator()), store.list());
		Endpoint vllm = Endpoint.create("vLLM box", "https://10.0.0.5:8000/v1", ApiKind.COMPLETIONS, "llama-3-8b").with(
				Map.of("X-Team", "perf", "OpenAI-Organization", "org-1"), false,
				new Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(30), Duration.ofMinutes(2)));
		store.save(vllm);
		assertTrue(events.stream().anyMatch(e -> e.getTopic().equals(ModelTopics.CHANGED)), "change posted");
		reopen();
		DerbyConfigurationStore again = open();
		assertEquals(List.of(Endpoint.builtinSimulator(), vllm), again.list(), "sorted by name, every field kept");
		assertEquals(vllm, again.find(vllm.id()).orElseThrow());
		Endpoint renamed = new Endpoint(vllm.id(), "vLLM box 2", vllm.baseUrl(), vllm.apiKind(), "other", vllm.headers(),
				true, vllm.timeouts());
		again.save(renamed);
		assertEquals(renamed, again.find(vllm.id()).orElseThrow(), "saving an id again replaces it");
		assertEquals(2, again.list().size());
		assertTrue(again.remove(vllm.id()));
		assertFalse(again.remove(vllm.id()));
		assertEquals(List.of(Endpoint.builtinSimulator()), again.list());
	}

	@Test
	void namesAreUniqueIgnoringCaseForEndpointsDatasetsAndConfigurations() {
		DerbyConfigurationStore store = open();
		store.save(Endpoint.create("Lab", "http://127.0.0.1:9/v1", ApiKind.CHAT, "m"));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> store.save(Endpoint.create(" lab ", "http://127.0.0.1:8/v1", ApiKind.CHAT, "m")));
		assertTrue(e.getMessage().contains("already exists"), e.getMessage());
		store.saveDataset(dataset("Chat", 3));
		store.saveDataset(dataset("CHAT", 5)); // same name: replaces the prompts
		assertEquals(1, store.datasets().size());
		assertEquals(5, store.dataset("chat").orElseThrow().prompts().size());
		assertEquals(Map.of("CHAT", 5), store.datasetSizes(), "sizes without reading the prompts");
		TestConfiguration a = configuration("Smoke", Endpoint.builtinSimulator().id(), "chat");
		store.saveConfiguration(a);
		e = assertThrows(IllegalArgumentException.class,
				() -> store.saveConfiguration(configuration("SMOKE", Endpoint.builtinSimulator().id(), "chat")));
		assertTrue(e.getMessage().contains("already exists"), e.getMessage());
		assertEquals(1, store.configurations().size());
	}

	@Test
	void concurrentSavesOfOneNameLeaveExactlyOne() throws Exception {
		DerbyConfigurationStore store = open();
		int writers = 8;
		ExecutorService pool = Executors.newFixedThreadPool(writers);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Boolean>> saves = new ArrayList<>();
		for (int i = 0; i < writers; i++) {
			int n = i;
			saves.add(pool.submit(() -> {
				start.await();
				try {
					store.save(Endpoint.create("Race", "http://127.0.0.1:" + (1000 + n) + "/v1", ApiKind.CHAT, "m"));
					return true;
				} catch (IllegalArgumentException duplicate) {
					return false;
				}
			}));
		}
		start.countDown();
		int won = 0;
		for (Future<Boolean> f : saves) {
			won += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
		}
		pool.shutdown();
		assertEquals(1, won, "one save wins, the others get the duplicate-name message");
		assertEquals(1, store.list().stream().filter(x -> x.name().equals("Race")).count());
	}

	private static TestConfiguration configuration(String name, String endpointId, String... datasets) {
		List<TestConfiguration.Share> shares = new ArrayList<>();
		for (int i = 0; i < datasets.length; i++) {
			shares.add(new TestConfiguration.Share(datasets[i], i + 1));
		}
		return TestConfiguration.create(name, endpointId, shares, new Load.ClosedLoop(4), Limits.requests(20),
				RequestOptions.defaults(), null, RetryPolicy.none());
	}

	@Test
	void savedPromptsKeepTheirFollowUpTurnsAndLengths() {
		DerbyConfigurationStore store = open();
		List<Prompt> prompts = List.of(new Prompt("c1", "first turn", List.of("second turn", "第三轮：为什么？"), 12, 64),
				new Prompt("s1", "single"), new Prompt("s2", "known length", 5, -1));
		store.saveDataset(new Dataset("conversations", prompts));
		reopen();
		Dataset again = open().dataset("conversations").orElseThrow();
		assertEquals(prompts, again.prompts());
		assertTrue(again.prompts().get(0).multiTurn());
		assertEquals(3, again.prompts().get(0).turns());
	}

	@Test
	void configurationsKeepEveryFieldAndResolveToARun() {
		DerbyConfigurationStore store = open();
		store.saveDataset(dataset("short", 3));
		StringBuilder longText = new StringBuilder();
		while (longText.length() < 100_000) {
			longText.append("A long-context prompt line with ünïcödé and \"quotes\".\n");
		}
		store.saveDataset(new Dataset("long", List.of(new Prompt("l0", longText.toString()))));
		Endpoint ep = store.save(Endpoint.create("lab", "http://127.0.0.1:9/v1", ApiKind.CHAT, "m")
				.with(Map.of("X-A", "1"), true, new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3))));
		TestConfiguration open = TestConfiguration.create("open 50", ep.id(),
				List.of(new TestConfiguration.Share("short", 3), new TestConfiguration.Share("long", 1)),
				new Load.OpenLoop(50, true, 64), new Limits(500, Duration.ofSeconds(90), false, 5),
				new RequestOptions(false, 256, 0.7, "{\"top_p\":0.9}", false),
				new Timeouts(Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(6)), RetryPolicy.retries(2));
		TestConfiguration closed = configuration("closed", ep.id(), "short");
		store.saveConfiguration(open);
		store.saveConfiguration(closed);
		assertTrue(events.stream().anyMatch(e -> e.getTopic().equals(ConfigTopics.CHANGED)));
		reopen();
		DerbyConfigurationStore again = open();
		assertEquals(List.of(closed, open), again.configurations());
		assertEquals(open, again.configuration("OPEN 50").orElseThrow(), "found by name ignoring case");
		assertEquals(open, again.configuration(open.id()).orElseThrow(), "found by id");
		assertEquals(longText.toString(), again.dataset("long").orElseThrow().prompts().get(0).text());

		RunConfig run = again.configuration("open 50").orElseThrow().toRunConfig(ep, ep.baseUrl(), "key",
				n -> again.dataset(n).orElse(null));
		assertEquals(2, run.datasets().size());
		assertEquals(3, run.datasets().get(0).weight());
		assertEquals(Duration.ofSeconds(5), run.timeouts().firstToken(), "the configuration's timeouts win");
		RunConfig closedRun = closed.toRunConfig(ep, ep.baseUrl(), null, n -> again.dataset(n).orElse(null));
		assertEquals(Duration.ofSeconds(2), closedRun.timeouts().firstToken(), "else the endpoint's");
		assertEquals(Map.of("X-A", "1"), closedRun.target().headers());
	}

	@Test
	void sweepLevelsAreSavedAndReadBackAndAConfigurationWithoutThemStaysOneRun() {
		DerbyConfigurationStore store = open();
		store.saveDataset(dataset("short", 3));
		Endpoint ep = store.save(Endpoint.create("lab", "http://127.0.0.1:9/v1", ApiKind.CHAT, "m"));
		TestConfiguration plain = configuration("plain", ep.id(), "short");
		TestConfiguration closed = configuration("closed sweep", ep.id(), "short").withSweep(List.of(1.0, 8.0, 32.0));
		TestConfiguration open = TestConfiguration.create("open sweep", ep.id(), List.of(new TestConfiguration.Share("short", 1)),
				new Load.OpenLoop(5, false, 16), Limits.requests(10), null, null, null).withSweep(List.of(0.5, 2.25, 20.0));
		store.saveConfiguration(plain);
		store.saveConfiguration(closed);
		store.saveConfiguration(open);
		reopen();
		DerbyConfigurationStore again = open();
		assertEquals(List.of(), again.configuration("plain").orElseThrow().sweep());
		assertEquals(closed, again.configuration("closed sweep").orElseThrow());
		assertEquals(List.of(0.5, 2.25, 20.0), again.configuration("open sweep").orElseThrow().sweep());
		assertEquals(open, again.configuration(open.id()).orElseThrow());
		// a sweep removed again is one run, also after a restart
		again.saveConfiguration(closed.withSweep(List.of()));
		reopen();
		TestConfiguration one = open().configuration("closed sweep").orElseThrow();
		assertFalse(one.isSweep());
		assertEquals(1, one.toRunConfigs(ep, ep.baseUrl(), null, n -> dataset(n, 3)).size());
	}

	@Test
	void whatAConfigurationUsesCannotBeRemovedAndMissingReferencesAreRefused() {
		DerbyConfigurationStore store = open();
		store.saveDataset(dataset("a", 2));
		Endpoint ep = store.save(Endpoint.create("lab", "http://127.0.0.1:9/v1", ApiKind.CHAT, "m"));
		IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
				() -> store.saveConfiguration(configuration("c", ep.id(), "a", "nope")));
		assertTrue(missing.getMessage().contains("nope"), missing.getMessage());
		assertThrows(IllegalArgumentException.class, () -> store.saveConfiguration(configuration("c", "no-such-endpoint", "a")));
		TestConfiguration c = store.saveConfiguration(configuration("c", ep.id(), "a"));
		IllegalStateException used = assertThrows(IllegalStateException.class, () -> store.removeDataset("A"));
		assertTrue(used.getMessage().contains("'c'") || used.getMessage().contains(" c"), used.getMessage());
		assertThrows(IllegalStateException.class, () -> store.remove(ep.id()));
		assertTrue(store.removeConfiguration(c.id()));
		assertTrue(store.removeDataset("a"));
		assertTrue(store.remove(ep.id()));
		assertTrue(store.datasets().isEmpty());
	}

	@Test
	void aBrokenDatabaseLeavesTheRegistryReadOnlyWithTheBuiltinSimulator() throws Exception {
		Path broken = dir.resolve("broken");
		Files.createDirectories(broken.resolve("seg0"));
		Files.writeString(broken.resolve("service.properties"), "not derby\u0000");
		Database db = Database.open(broken, null);
		opened.add(db);
		assertTrue(db.problem() != null);
		DerbyConfigurationStore store = DerbyConfigurationStore.over(db);
		assertEquals(List.of(Endpoint.builtinSimulator()), store.list());
		assertTrue(store.configurations().isEmpty());
		IllegalStateException e = assertThrows(IllegalStateException.class,
				() -> store.save(Endpoint.create("x", "http://127.0.0.1:9/v1", ApiKind.CHAT, "m")));
		assertTrue(e.getMessage().contains(broken.toString()), e.getMessage());
		assertEquals("not derby\u0000", Files.readString(broken.resolve("service.properties")), "nothing changed");
	}

	private static DatasetProvider plugin(String name, Dataset... datasets) {
		return new DatasetProvider() {
			@Override
			public String name() {
				return name;
			}

			@Override
			public List<Dataset> datasets() {
				return List.of(datasets);
			}
		};
	}

	@Test
	void datasetsOfPluginsAreListedBesideTheSavedOnesReadOnlyAndGoAwayWithThePlugin() {
		DerbyConfigurationStore store = open();
		store.saveDataset(dataset("mine", 2));
		DatasetProvider pack = plugin("Sample dataset pack", dataset("Coding", 3), dataset("mine", 7));
		store.addProvider(pack);
		store.addProvider(plugin("Broken plug-in", (Dataset) null));

		// listed and sized beside the saved one, in name order; the saved "mine" hides the plug-in's
		assertEquals(List.of("Coding", "mine"), store.datasets().stream().map(Dataset::name).toList());
		assertEquals(Map.of("Coding", 3, "mine", 2), store.datasetSizes());
		assertEquals(List.of("Coding", "mine"), List.copyOf(store.datasetSizes().keySet()));
		assertEquals(3, store.dataset("coding").orElseThrow().prompts().size());
		assertEquals(2, store.dataset("mine").orElseThrow().prompts().size());
		assertEquals("Sample dataset pack", store.datasetProvider("CODING").orElseThrow());
		assertTrue(store.datasetProvider("mine").isEmpty(), "hidden by the saved one");

		// read-only: removing says where it comes from and keeps it
		IllegalStateException refused = assertThrows(IllegalStateException.class, () -> store.removeDataset("Coding"));
		assertTrue(refused.getMessage().contains("comes with the plug-in Sample dataset pack"), refused.getMessage());
		assertTrue(store.dataset("Coding").isPresent());

		// a configuration can use it by name
		store.saveConfiguration(configuration("uses the pack", Endpoint.builtinSimulator().id(), "Coding"));
		assertTrue(store.configuration("uses the pack").isPresent());

		// uninstalled: gone, the saved dataset of the same name stays
		store.removeProvider(pack);
		assertTrue(store.dataset("Coding").isEmpty());
		assertEquals(List.of("mine"), store.datasets().stream().map(Dataset::name).toList());
		assertEquals(2, store.dataset("mine").orElseThrow().prompts().size());
	}
}
