package io.deepstress.core.services;

import java.util.List;
import java.util.Optional;

import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.TestConfiguration;

/**
 * Saved datasets and test configurations, kept across restarts. An OSGi service (the records store).
 * Names are unique ignoring case. Every change is posted on
 * {@link io.deepstress.core.events.ConfigTopics#CHANGED}.
 */
public interface ConfigurationStore {

	/** All datasets, sorted by name (case-insensitive). */
	List<Dataset> datasets();

	/** Each dataset's name and number of prompts, sorted by name, without reading the prompts. */
	default java.util.Map<String, Integer> datasetSizes() {
		java.util.Map<String, Integer> sizes = new java.util.LinkedHashMap<>();
		datasets().forEach(d -> sizes.put(d.name(), d.prompts().size()));
		return sizes;
	}

	/** The dataset with this name (ignoring case). */
	Optional<Dataset> dataset(String name);

	/**
	 * The plug-in a dataset of this name comes from ({@link DatasetProvider#name()}), if one does; such a
	 * dataset is read-only (a saved dataset of the same name hides it).
	 */
	default Optional<String> datasetProvider(String name) {
		return Optional.empty();
	}

	/** Adds or replaces (by name, ignoring case) a dataset with its prompts. */
	Dataset saveDataset(Dataset dataset);

	/**
	 * Removes a dataset; returns whether it existed.
	 *
	 * @throws IllegalStateException when a saved configuration still uses it, or it comes with a plug-in
	 */
	boolean removeDataset(String name);

	/** All test configurations, sorted by name (case-insensitive). */
	List<TestConfiguration> configurations();

	/** The configuration with this id, or else with this name (ignoring case). */
	Optional<TestConfiguration> configuration(String idOrName);

	/**
	 * Adds or replaces (by id) a configuration.
	 *
	 * @throws IllegalArgumentException when another configuration has this name, or its endpoint or a
	 *                                  dataset does not exist
	 */
	TestConfiguration saveConfiguration(TestConfiguration configuration);

	/** Removes the configuration with this id; returns whether it existed. */
	boolean removeConfiguration(String id);
}
