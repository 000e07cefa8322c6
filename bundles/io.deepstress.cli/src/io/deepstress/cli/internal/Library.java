package io.deepstress.cli.internal;

import java.util.List;
import java.util.Optional;

import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Endpoint;
import io.deepstress.core.services.ConfigurationStore;
import io.deepstress.core.services.EndpointRegistry;

/** Saved endpoints, datasets and configurations as the commands use them. */
final class Library {

	private Library() {
	}

	static String single(List<String> positional, String message) throws UsageException {
		if (positional.size() != 2) {
			throw new UsageException(message);
		}
		return positional.get(1);
	}

	static ConfigurationStore store(Services services) throws InterruptedException {
		return services.get(ConfigurationStore.class);
	}

	/** The endpoint with this name (ignoring case) or id. */
	static Optional<Endpoint> endpoint(EndpointRegistry registry, String nameOrId) {
		return registry.list().stream()
				.filter(e -> e.name().equalsIgnoreCase(nameOrId.strip()) || e.id().equals(nameOrId)).findFirst();
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
