package io.deepstress.cli.internal;

import java.util.List;
import java.util.Optional;

import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Endpoint;
import io.deepstress.core.model.TestConfiguration;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunOrigin;
import io.deepstress.core.services.BuiltinSimulator;
import io.deepstress.core.services.ConfigurationStore;
import io.deepstress.core.services.EndpointRegistry;
import io.deepstress.core.services.SecretStore;

/** Saved endpoints, datasets and configurations as the commands use them. */
final class Library {

	private Library() {
	}

	/** The one word a command takes (a name, a file), else a usage error with {@code message}. */
	static String single(List<String> words, String message) throws UsageException {
		if (words == null || words.size() != 1) {
			throw new UsageException(message);
		}
		return words.get(0);
	}

	static ConfigurationStore store(Services services) throws InterruptedException {
		return services.get(ConfigurationStore.class);
	}

	/** The endpoint with this name (ignoring case) or id. */
	static Optional<Endpoint> endpoint(EndpointRegistry registry, String nameOrId) {
		return registry.list().stream()
				.filter(e -> e.name().equalsIgnoreCase(nameOrId.strip()) || e.id().equals(nameOrId)).findFirst();
	}

	/**
	 * A saved configuration made ready to run: its endpoint resolved, key from secure storage; {@code sweep} the
	 * levels it runs at one after another (empty: one run of {@code config}).
	 */
	record Resolved(RunConfig config, RunOrigin origin, List<Double> sweep) {
		Resolved {
			sweep = sweep == null ? List.of() : List.copyOf(sweep);
		}

		/** One run, no sweep. */
		Resolved(RunConfig config, RunOrigin origin) {
			this(config, origin, List.of());
		}
	}

	static Resolved resolve(Services services, String configName) throws Exception {
		ConfigurationStore store = store(services);
		TestConfiguration c = store.configuration(configName)
				.orElseThrow(() -> new UsageException("no saved configuration named '" + configName
						+ "' (see deepstress configs list)"));
		EndpointRegistry registry = services.get(EndpointRegistry.class);
		Endpoint e = registry.find(c.endpointId()).orElseThrow(
				() -> new UsageException("configuration '" + c.name() + "': its endpoint no longer exists"));
		try {
			return new Resolved(c.toRunConfig(e, baseUrl(services, e), apiKey(services, e),
					n -> store.dataset(n).orElse(null)), new RunOrigin(e.name(), c.name(), null), c.sweep());
		} catch (IllegalArgumentException bad) {
			throw new UsageException(bad.getMessage());
		}
	}

	/** The URL requests to this endpoint go to: the built-in simulator's real address for it. */
	static String baseUrl(Services services, Endpoint e) throws InterruptedException {
		return e.isBuiltin() ? services.get(BuiltinSimulator.class).baseUrl() : e.baseUrl();
	}

	static String apiKey(Services services, Endpoint e) throws InterruptedException {
		if (e.isBuiltin()) {
			return null;
		}
		return services.find(SecretStore.class, 5_000).flatMap(s -> s.get(e.secretKey())).orElse(null);
	}

	/** The built-in prompts as a saved dataset named "builtin", saved on first use. */
	static String builtinDataset(ConfigurationStore store) {
		Dataset builtin = PromptFiles.builtin();
		if (store.dataset(builtin.name()).isEmpty()) {
			store.saveDataset(builtin);
		}
		return builtin.name();
	}
}
