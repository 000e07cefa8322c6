package io.deepstress.store.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.deepstress.core.events.ConfigTopics;
import io.deepstress.core.events.ModelTopics;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Endpoint;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.model.SecretHeaders;
import io.deepstress.core.model.TestConfiguration;
import io.deepstress.core.services.ConfigurationStore;
import io.deepstress.core.services.DatasetProvider;
import io.deepstress.core.services.EndpointRegistry;
import io.deepstress.core.services.SecretStore;
import jakarta.persistence.EntityManager;

/**
 * Saved endpoints, datasets and test configurations in the records database. It outranks core's in-memory
 * endpoint registry. When the database cannot be opened (in use by another DeepStress, broken) it is read
 * only: it lists the built-in simulator, and saving says why it cannot. Datasets of plug-ins
 * ({@link DatasetProvider} services) are listed beside the saved ones, read-only; a saved dataset of the same
 * name hides a provided one.
 */
@Component(service = { ConfigurationStore.class, EndpointRegistry.class }, property = "service.ranking:Integer=100")
public final class DerbyConfigurationStore implements ConfigurationStore, EndpointRegistry {

	private static final Logger LOG = Logger.getLogger(DerbyConfigurationStore.class.getName());

	@Reference
	private Database db;

	private final List<DatasetProvider> providers = new CopyOnWriteArrayList<>();

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "removeProvider")
	void addProvider(DatasetProvider provider) {
		providers.add(provider);
	}

	void removeProvider(DatasetProvider provider) {
		providers.remove(provider);
	}

	/** Where secret header values go; without it, an endpoint with a secret header cannot be saved. */
	private volatile SecretStore secrets;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, unbind = "unsetSecrets")
	void setSecrets(SecretStore store) {
		secrets = store;
		if (db != null && db.isOpen()) {
			movePlainSecrets();
		}
	}

	void unsetSecrets(SecretStore store) {
		if (secrets == store) {
			secrets = null;
		}
	}

	/** For tests and tools outside DS. */
	public static DerbyConfigurationStore over(Database database) {
		DerbyConfigurationStore store = new DerbyConfigurationStore();
		store.db = database;
		return store;
	}

	/** For tests and tools outside DS: with secure storage for secret headers. */
	public static DerbyConfigurationStore over(Database database, SecretStore secrets) {
		DerbyConfigurationStore store = over(database);
		store.setSecrets(secrets);
		return store;
	}

	/**
	 * Moves secret-looking header values that 0.1 kept in plain text into secure storage, rewrites those rows
	 * and compresses the table, so that the old values leave the database's pages.
	 */
	private void movePlainSecrets() {
		try {
			List<Endpoint> plain = db.read(em -> em.createQuery("SELECT e FROM EndpointEntity e", EndpointEntity.class)
					.getResultList().stream().filter(r -> EndpointSecrets.hasPlainSecrets(r.headersJson))
					.map(r -> EndpointSecrets.withValues(ConfigurationMapping.endpoint(r), r.headersJson, secrets)).toList());
			if (plain.isEmpty()) {
				return;
			}
			for (Endpoint e : plain) {
				save(e, Set.of());
			}
			db.compress("MODEL_ENDPOINT");
			LOG.info(plain.size() + " saved endpoint(s): secret header values moved to secure storage");
		} catch (RuntimeException e) {
			LOG.log(Level.WARNING, "moving secret header values to secure storage failed (left as they were)", e);
		}
	}

	// ---- endpoints

	@Override
	public List<Endpoint> list() {
		if (!db.isOpen()) {
			return List.of(Endpoint.builtinSimulator());
		}
		SecretStore s = secrets;
		return db.read(em -> em.createQuery("SELECT e FROM EndpointEntity e ORDER BY e.nameKey", EndpointEntity.class)
				.getResultList().stream()
				.map(r -> EndpointSecrets.withValues(ConfigurationMapping.endpoint(r), r.headersJson, s)).toList());
	}

	@Override
	public Optional<Endpoint> find(String id) {
		if (!db.isOpen()) {
			return Optional.of(Endpoint.builtinSimulator()).filter(e -> e.id().equals(id));
		}
		SecretStore s = secrets;
		return db.read(em -> Optional.ofNullable(em.find(EndpointEntity.class, id))
				.map(r -> EndpointSecrets.withValues(ConfigurationMapping.endpoint(r), r.headersJson, s)));
	}

	/** The endpoint with this name, ignoring case. */
	public Optional<Endpoint> findByName(String name) {
		return list().stream().filter(e -> e.name().equalsIgnoreCase(name.strip())).findFirst();
	}

	@Override
	public Endpoint save(Endpoint endpoint) {
		return save(endpoint, Set.of());
	}

	/** Saves the endpoint; its secret headers' values go to secure storage first, the row keeps their names. */
	@Override
	public Endpoint save(Endpoint endpoint, Set<String> secretHeaders) {
		Set<String> secret = SecretHeaders.of(endpoint, secretHeaders);
		SecretStore store = secrets;
		EndpointSecrets.put(endpoint, secret, store);
		String headersJson = EndpointSecrets.headersJson(endpoint, secret);
		String[] before = { null };
		NamedEntity.unique(() -> db.inTransaction(em -> {
			NamedEntity.checkName(em, "EndpointEntity", endpoint.name(), endpoint.id(), "An endpoint");
			EndpointEntity row = em.find(EndpointEntity.class, endpoint.id());
			if (row == null) {
				row = new EndpointEntity();
				ConfigurationMapping.into(endpoint, row);
				row.headersJson = headersJson;
				em.persist(row);
			} else {
				before[0] = row.headersJson;
				ConfigurationMapping.into(endpoint, row);
				row.headersJson = headersJson;
			}
			return null;
		}), NamedEntity.duplicate("An endpoint", endpoint.name()));
		EndpointSecrets.removeStale(endpoint.id(), EndpointSecrets.secretNames(before[0]), secret, store);
		db.post(ModelTopics.CHANGED, endpoint);
		return endpoint;
	}

	@Override
	public boolean remove(String id) {
		Optional<Endpoint> removed = find(id);
		String headersJson = db.read(em -> {
			EndpointEntity row = em.find(EndpointEntity.class, id);
			return row == null ? null : row.headersJson;
		});
		boolean existed = db.inTransaction(em -> {
			List<String> users = em.createQuery("SELECT c.name FROM ConfigurationEntity c WHERE c.endpointId = :id"
					+ " ORDER BY c.nameKey", String.class).setParameter("id", id).getResultList();
			if (!users.isEmpty()) {
				throw new IllegalStateException("The endpoint is used by the test configuration(s) " + String.join(", ", users)
						+ "; change or remove them first");
			}
			return em.createQuery("DELETE FROM EndpointEntity e WHERE e.id = :id").setParameter("id", id)
					.executeUpdate() > 0;
		});
		if (existed) {
			Endpoint gone = removed.orElseThrow();
			EndpointSecrets.removeStale(id, EndpointSecrets.secretNames(headersJson), Set.of(), secrets);
			db.post(ModelTopics.CHANGED, gone);
		}
		return existed;
	}

	// ---- datasets

	@Override
	public List<Dataset> datasets() {
		Map<String, Dataset> all = new TreeMap<>();
		provided().forEach((key, p) -> all.put(key, p.dataset()));
		if (db.isOpen()) {
			db.read(em -> {
				em.createQuery("SELECT d FROM DatasetEntity d", DatasetEntity.class).getResultList()
						.forEach(d -> all.put(d.nameKey, dataset(em, d)));
				return null;
			});
		}
		return List.copyOf(all.values());
	}

	@Override
	public Map<String, Integer> datasetSizes() {
		Map<String, Map.Entry<String, Integer>> all = new TreeMap<>();
		provided().forEach((key, p) -> all.put(key, Map.entry(p.dataset().name(), p.dataset().prompts().size())));
		if (db.isOpen()) {
			db.read(em -> em.createQuery("SELECT d FROM DatasetEntity d", DatasetEntity.class).getResultList())
					.forEach(d -> all.put(d.nameKey, Map.entry(d.name, d.promptCount)));
		}
		Map<String, Integer> sizes = new java.util.LinkedHashMap<>();
		all.values().forEach(e -> sizes.put(e.getKey(), e.getValue()));
		return sizes;
	}

	@Override
	public Optional<Dataset> dataset(String name) {
		Optional<Dataset> saved = db.isOpen() ? db.read(em -> datasetRow(em, name).map(d -> dataset(em, d)))
				: Optional.empty();
		return saved.or(() -> Optional.ofNullable(provided().get(NamedEntity.key(name)))
				.map(Provided::dataset));
	}

	@Override
	public Optional<String> datasetProvider(String name) {
		Provided provided = provided().get(NamedEntity.key(name));
		if (provided == null || db.isOpen() && db.read(em -> datasetRow(em, name).isPresent())) {
			return Optional.empty();
		}
		return Optional.of(provided.provider());
	}

	private record Provided(String provider, Dataset dataset) {
	}

	/** The plug-ins' datasets by name key; the first provider of a name wins, a failing provider is skipped. */
	private Map<String, Provided> provided() {
		Map<String, Provided> found = new TreeMap<>();
		for (DatasetProvider provider : providers) {
			try {
				for (Dataset d : provider.datasets()) {
					found.putIfAbsent(NamedEntity.key(d.name()), new Provided(provider.name(), d));
				}
			} catch (RuntimeException e) {
				LOG.log(Level.WARNING, "The datasets of plug-in " + provider.getClass().getName() + " could not be read", e);
			}
		}
		return found;
	}

	private static Optional<DatasetEntity> datasetRow(EntityManager em, String name) {
		return em.createQuery("SELECT d FROM DatasetEntity d WHERE d.nameKey = :k", DatasetEntity.class)
				.setParameter("k", NamedEntity.key(name)).getResultList().stream().findFirst();
	}

	private static Dataset dataset(EntityManager em, DatasetEntity d) {
		List<Prompt> prompts = em
				.createQuery("SELECT p FROM PromptEntity p WHERE p.datasetId = :id ORDER BY p.position", PromptEntity.class)
				.setParameter("id", d.id).getResultList().stream().map(p -> new Prompt(p.promptId, p.text)).toList();
		return new Dataset(d.name, prompts);
	}

	@Override
	public Dataset saveDataset(Dataset dataset) {
		NamedEntity.unique(() -> db.inTransaction(em -> {
			DatasetEntity row = datasetRow(em, dataset.name()).orElse(null);
			if (row == null) {
				row = new DatasetEntity();
				row.id = UUID.randomUUID().toString();
				em.persist(row);
			} else {
				em.createQuery("DELETE FROM PromptEntity p WHERE p.datasetId = :id").setParameter("id", row.id)
						.executeUpdate();
			}
			row.name = dataset.name().strip();
			row.nameKey = NamedEntity.key(dataset.name());
			row.promptCount = dataset.prompts().size();
			row.updatedMillis = System.currentTimeMillis();
			for (int i = 0; i < dataset.prompts().size(); i++) {
				PromptEntity p = new PromptEntity();
				p.id = row.id + "#" + i;
				p.datasetId = row.id;
				p.position = i;
				p.promptId = dataset.prompts().get(i).id();
				p.text = dataset.prompts().get(i).text();
				em.persist(p);
			}
			return null;
		}), NamedEntity.duplicate("A dataset", dataset.name()));
		db.post(ConfigTopics.CHANGED, dataset.name());
		return dataset;
	}

	@Override
	public boolean removeDataset(String name) {
		boolean existed = db.inTransaction(em -> {
			Optional<DatasetEntity> row = datasetRow(em, name);
			if (row.isEmpty()) {
				Provided provided = provided().get(NamedEntity.key(name));
				if (provided != null) {
					throw new IllegalStateException("Dataset '" + name + "' comes with the plug-in "
							+ provided.provider() + "; uninstall the plug-in to remove it");
				}
				return false;
			}
			List<String> users = em.createQuery("SELECT DISTINCT c.name FROM ConfigurationEntity c, ConfigurationDatasetEntity s"
					+ " WHERE s.configId = c.id AND LOWER(s.datasetName) = :k", String.class)
					.setParameter("k", NamedEntity.key(name)).getResultList();
			if (!users.isEmpty()) {
				throw new IllegalStateException("Dataset '" + name + "' is used by the test configuration(s) "
						+ String.join(", ", users.stream().sorted().toList()) + "; change or remove them first");
			}
			em.createQuery("DELETE FROM PromptEntity p WHERE p.datasetId = :id").setParameter("id", row.get().id)
					.executeUpdate();
			em.remove(row.get());
			return true;
		});
		if (existed) {
			db.post(ConfigTopics.CHANGED, name);
		}
		return existed;
	}

	// ---- configurations

	@Override
	public List<TestConfiguration> configurations() {
		if (!db.isOpen()) {
			return List.of();
		}
		return db.read(em -> em.createQuery("SELECT c FROM ConfigurationEntity c ORDER BY c.nameKey",
				ConfigurationEntity.class).getResultList().stream().map(c -> configuration(em, c)).toList());
	}

	@Override
	public Optional<TestConfiguration> configuration(String idOrName) {
		if (!db.isOpen()) {
			return Optional.empty();
		}
		return db.read(em -> {
			ConfigurationEntity row = em.find(ConfigurationEntity.class, idOrName);
			if (row == null) {
				row = em.createQuery("SELECT c FROM ConfigurationEntity c WHERE c.nameKey = :k", ConfigurationEntity.class)
						.setParameter("k", NamedEntity.key(idOrName)).getResultList().stream().findFirst()
						.orElse(null);
			}
			return Optional.ofNullable(row).map(c -> configuration(em, c));
		});
	}

	private static TestConfiguration configuration(EntityManager em, ConfigurationEntity row) {
		return ConfigurationMapping.configuration(row,
				em.createQuery("SELECT s FROM ConfigurationDatasetEntity s WHERE s.configId = :id ORDER BY s.position",
						ConfigurationDatasetEntity.class).setParameter("id", row.id).getResultList());
	}

	@Override
	public TestConfiguration saveConfiguration(TestConfiguration configuration) {
		NamedEntity.unique(() -> db.inTransaction(em -> {
			NamedEntity.checkName(em, "ConfigurationEntity", configuration.name(), configuration.id(), "A test configuration");
			if (em.find(EndpointEntity.class, configuration.endpointId()) == null) {
				throw new IllegalArgumentException(
						"Test configuration '" + configuration.name() + "': its endpoint does not exist");
			}
			List<String> missing = new ArrayList<>();
			for (TestConfiguration.Share s : configuration.datasets()) {
				if (datasetRow(em, s.dataset()).isEmpty() && !provided().containsKey(NamedEntity.key(s.dataset()))) {
					missing.add(s.dataset());
				}
			}
			if (!missing.isEmpty()) {
				throw new IllegalArgumentException("Test configuration '" + configuration.name()
						+ "' uses datasets that do not exist: " + String.join(", ", missing));
			}
			ConfigurationEntity row = em.find(ConfigurationEntity.class, configuration.id());
			if (row == null) {
				row = new ConfigurationEntity();
				ConfigurationMapping.into(configuration, row);
				em.persist(row);
			} else {
				ConfigurationMapping.into(configuration, row);
				em.createQuery("DELETE FROM ConfigurationDatasetEntity s WHERE s.configId = :id")
						.setParameter("id", configuration.id()).executeUpdate();
			}
			ConfigurationMapping.shares(configuration).forEach(em::persist);
			return null;
		}), NamedEntity.duplicate("A test configuration", configuration.name()));
		db.post(ConfigTopics.CHANGED, configuration.id());
		return configuration;
	}

	@Override
	public boolean removeConfiguration(String id) {
		boolean existed = db.inTransaction(em -> {
			em.createQuery("DELETE FROM ConfigurationDatasetEntity s WHERE s.configId = :id").setParameter("id", id)
					.executeUpdate();
			return em.createQuery("DELETE FROM ConfigurationEntity c WHERE c.id = :id").setParameter("id", id)
					.executeUpdate() > 0;
		});
		if (existed) {
			db.post(ConfigTopics.CHANGED, id);
		}
		return existed;
	}
}
