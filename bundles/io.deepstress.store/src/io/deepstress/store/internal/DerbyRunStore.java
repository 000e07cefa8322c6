package io.deepstress.store.internal;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.eclipse.osgi.service.datalocation.Location;
import org.eclipse.persistence.config.PersistenceUnitProperties;
import org.eclipse.persistence.jpa.PersistenceProvider;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.deepstress.core.events.DeepStressTopics;
import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuHostRegistry;
import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.gpu.GpuSampleSink;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.RunStore;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.PersistenceException;

/**
 * The records store: EclipseLink JPA over an embedded Derby database in the instance data directory
 * ({@code <data>/deepstress-db}), or where {@code -Ddeepstress.db=DIR} says. One writer thread does every
 * write, one transaction per batch.
 */
@Component(service = { RunStore.class, GpuSampleSink.class, GpuHostRegistry.class })
public final class DerbyRunStore implements RunStore, GpuSampleSink, GpuHostRegistry {

	static final int SCHEMA_VERSION = 1;
	private static final System.Logger LOG = System.getLogger(DerbyRunStore.class.getName());

	private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
		Thread t = new Thread(r, "deepstress-store-writer");
		t.setDaemon(true);
		return t;
	});
	private EntityManagerFactory emf;
	private Path directory;
	private String problem;
	private String appVersion = "unknown";

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
	private volatile EventAdmin eventAdmin;

	@Activate
	void activate(BundleContext context) {
		appVersion = context.getBundle().getVersion().toString();
		directory = databaseDirectory(context);
		open(directory);
	}

	/** For tests and tools outside DS: opens the database in {@code dir}. */
	public static DerbyRunStore open(Path dir, EventAdmin events) {
		DerbyRunStore store = new DerbyRunStore();
		store.eventAdmin = events;
		store.directory = dir;
		store.open(dir);
		return store;
	}

	private void open(Path dir) {
		try {
			Files.createDirectories(dir.getParent());
			Map<String, Object> props = new HashMap<>();
			// a DataSource, not a JDBC URL: DriverManager only hands a driver to callers whose class loader sees
			// it, and EclipseLink's bundle does not see Derby's
			org.apache.derby.jdbc.EmbeddedDataSource dataSource = new org.apache.derby.jdbc.EmbeddedDataSource();
			dataSource.setDatabaseName(dir.toString());
			dataSource.setCreateDatabase("create");
			props.put(PersistenceUnitProperties.NON_JTA_DATASOURCE, dataSource);
			props.put(PersistenceUnitProperties.CLASSLOADER, DerbyRunStore.class.getClassLoader());
			EntityManagerFactory factory = new PersistenceProvider().createEntityManagerFactory("deepstress", props);
			if (factory == null) {
				throw new IllegalStateException("no persistence unit 'deepstress'");
			}
			EntityManager em = factory.createEntityManager(); // connects, creates or extends the tables
			try {
				EntityTransaction tx = em.getTransaction();
				tx.begin();
				int interrupted = em.createQuery("UPDATE RunEntity r SET r.status = :now WHERE r.status = :running")
						.setParameter("now", RunStatus.INTERRUPTED.name())
						.setParameter("running", RunStatus.RUNNING.name()).executeUpdate();
				SchemaVersionEntity version = em.find(SchemaVersionEntity.class, 1);
				if (version == null) {
					version = new SchemaVersionEntity();
					em.persist(version);
				}
				version.version = SCHEMA_VERSION;
				version.updatedMillis = System.currentTimeMillis();
				tx.commit();
				if (interrupted > 0) {
					LOG.log(System.Logger.Level.INFO, interrupted + " run(s) left running by an earlier session marked interrupted");
				}
			} finally {
				em.close();
			}
			emf = factory;
		} catch (Exception e) {
			problem = describe(e, dir);
			LOG.log(System.Logger.Level.ERROR, problem);
		}
	}

	private static String describe(Throwable e, Path dir) {
		if (mentions(e, "XSDB6", 0)) {
			return "The records database " + dir + " is in use by another DeepStress (only one process can open it at a"
					+ " time); records will not be saved in this one.";
		}
		for (Throwable t = e; t != null; t = t.getCause()) {
			if (t instanceof SQLException sql) {
				if ("XSDB6".equals(sql.getSQLState()) || String.valueOf(sql.getMessage()).contains("XSDB6")) {
					return "The records database " + dir + " is in use by another DeepStress (only one process can"
							+ " open it at a time); records will not be saved in this one.";
				}
				if (t.getCause() == null || !(t.getCause() instanceof SQLException)) {
					return "The records database " + dir + " cannot be opened: " + sql.getMessage()
							+ " (nothing was deleted; move it aside or start with -Ddeepstress.db=ANOTHER_DIR)";
				}
			}
		}
		return "The records database " + dir + " cannot be opened: " + e.getMessage();
	}

	/** Whether an SQL state or message in the cause / next-exception chain mentions {@code code}. */
	private static boolean mentions(Throwable t, String code, int depth) {
		if (t == null || depth > 20) {
			return false;
		}
		if (String.valueOf(t.getMessage()).contains(code)
				|| t instanceof SQLException sql && code.equals(sql.getSQLState())) {
			return true;
		}
		if (t instanceof SQLException sql && mentions(sql.getNextException(), code, depth + 1)) {
			return true;
		}
		return t.getCause() != t && mentions(t.getCause(), code, depth + 1);
	}

	private static Path databaseDirectory(BundleContext context) {
		String explicit = System.getProperty("deepstress.db");
		if (explicit != null && !explicit.isBlank()) {
			return Path.of(explicit).toAbsolutePath();
		}
		try {
			Collection<ServiceReference<Location>> refs = context.getServiceReferences(Location.class,
					Location.INSTANCE_FILTER);
			for (ServiceReference<Location> ref : refs) {
				Location location = context.getService(ref);
				try {
					if (location != null && location.getURL() != null) {
						return Path.of(location.getURL().toURI()).resolve("deepstress-db");
					}
				} catch (URISyntaxException | IllegalArgumentException e) {
					// fall through to the default
				} finally {
					context.ungetService(ref);
				}
			}
		} catch (InvalidSyntaxException e) {
			// cannot happen with the framework's own filter
		}
		return Path.of(System.getProperty("user.home"), ".deepstress", "deepstress-db");
	}

	@Deactivate
	public void close() {
		writer.shutdown();
		try {
			writer.awaitTermination(10, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		if (emf != null) {
			emf.close();
			emf = null;
			try {
				new org.apache.derby.jdbc.EmbeddedDriver().connect("jdbc:derby:" + directory + ";shutdown=true",
						new Properties());
			} catch (SQLException expected) {
				// Derby reports a clean shutdown as SQLState 08006
			}
		}
	}

	@Override
	public String location() {
		return String.valueOf(directory);
	}

	@Override
	public Optional<String> problem() {
		return Optional.ofNullable(problem);
	}

	String appVersion() {
		return appVersion;
	}

	/** For the store's own tests and benchmarks. */
	EntityManagerFactory emfForTests() {
		return emf();
	}

	private EntityManagerFactory emf() {
		if (emf == null) {
			throw new IllegalStateException(problem != null ? problem : "the records store is closed");
		}
		return emf;
	}

	/** Runs a write on the writer thread, in one transaction; the failure (if any) goes to {@code onError}. */
	void write(Consumer<EntityManager> work, Runnable onSuccess, Consumer<Exception> onError) {
		writer.execute(() -> {
			if (emf == null) {
				onError.accept(new IllegalStateException(problem != null ? problem : "the records store is closed"));
				return;
			}
			EntityManager em = emf.createEntityManager();
			EntityTransaction tx = em.getTransaction();
			try {
				tx.begin();
				work.accept(em);
				tx.commit();
				onSuccess.run();
			} catch (RuntimeException e) {
				if (tx.isActive()) {
					try {
						tx.rollback();
					} catch (RuntimeException ignored) {
						// the connection may be gone
					}
				}
				onError.accept(e);
			} finally {
				em.close();
			}
		});
	}

	void post(String topic, Object payload) {
		EventAdmin admin = eventAdmin;
		if (admin != null) {
			admin.postEvent(new Event(topic, Map.of(DeepStressTopics.DATA, payload)));
		}
	}

	@Override
	public Recorder recorder(RunConfig config) {
		return new RunRecorder(this, config);
	}

	@Override
	public List<RunSummary> list(RunStatus status, int page, int pageSize) {
		EntityManager em = emf().createEntityManager();
		try {
			var query = status == null
					? em.createQuery("SELECT r FROM RunEntity r ORDER BY r.startMillis DESC", RunEntity.class)
					: em.createQuery("SELECT r FROM RunEntity r WHERE r.status = :s ORDER BY r.startMillis DESC",
							RunEntity.class).setParameter("s", status.name());
			List<RunSummary> out = new ArrayList<>();
			for (RunEntity e : query.setFirstResult(page * pageSize).setMaxResults(pageSize).getResultList()) {
				out.add(Mapping.summary(e, List.of()));
			}
			return out;
		} finally {
			em.close();
		}
	}

	@Override
	public long count() {
		EntityManager em = emf().createEntityManager();
		try {
			return em.createQuery("SELECT COUNT(r) FROM RunEntity r", Long.class).getSingleResult();
		} finally {
			em.close();
		}
	}

	@Override
	public Optional<RunSummary> find(String runId) {
		EntityManager em = emf().createEntityManager();
		try {
			RunEntity e = em.find(RunEntity.class, runId);
			if (e == null) {
				return Optional.empty();
			}
			List<DatasetStatsEntity> ds = em
					.createQuery("SELECT d FROM DatasetStatsEntity d WHERE d.runId = :id ORDER BY d.position",
							DatasetStatsEntity.class)
					.setParameter("id", runId).getResultList();
			return Optional.of(Mapping.summary(e, ds));
		} finally {
			em.close();
		}
	}

	@Override
	public List<RequestResult> samples(String runId) {
		EntityManager em = emf().createEntityManager();
		try {
			return em.createQuery("SELECT s FROM RequestSampleEntity s WHERE s.runId = :id ORDER BY s.seq",
					RequestSampleEntity.class).setParameter("id", runId).getResultList().stream().map(Mapping::result)
					.toList();
		} finally {
			em.close();
		}
	}

	@Override
	public void accept(String runId, List<GpuSample> samples) {
		if (emf == null || samples.isEmpty()) {
			return;
		}
		List<GpuSample> copy = List.copyOf(samples);
		write(em -> copy.forEach(s -> em.persist(Mapping.gpu(runId, s))), () -> {
		}, e -> LOG.log(System.Logger.Level.WARNING, "GPU samples of run " + runId + " not stored: " + e));
	}

	@Override
	public List<GpuSample> gpuSamples(String runId) {
		EntityManager em = emf().createEntityManager();
		try {
			return em.createQuery("SELECT g FROM GpuSampleEntity g WHERE g.runId = :id ORDER BY g.epochMillis, g.index",
					GpuSampleEntity.class).setParameter("id", runId).getResultList().stream().map(Mapping::gpu).toList();
		} finally {
			em.close();
		}
	}

	@Override
	public String exportJson(String runId) {
		EntityManager em = emf().createEntityManager();
		try {
			RunEntity run = em.find(RunEntity.class, runId);
			if (run == null) {
				throw new IllegalArgumentException("no run " + runId);
			}
			return RunTransfer.toJson(run,
					em.createQuery("SELECT d FROM DatasetStatsEntity d WHERE d.runId = :id ORDER BY d.position",
							DatasetStatsEntity.class).setParameter("id", runId).getResultList(),
					em.createQuery("SELECT s FROM RequestSampleEntity s WHERE s.runId = :id ORDER BY s.seq",
							RequestSampleEntity.class).setParameter("id", runId).getResultList(),
					em.createQuery("SELECT g FROM GpuSampleEntity g WHERE g.runId = :id ORDER BY g.epochMillis, g.index, g.host",
							GpuSampleEntity.class).setParameter("id", runId).getResultList());
		} finally {
			em.close();
		}
	}

	@Override
	public String exportCsv(String runId) {
		if (find(runId).isEmpty()) {
			throw new IllegalArgumentException("no run " + runId);
		}
		StringBuilder csv = new StringBuilder(
				"request_id,index,dataset,prompt_id,attempt,final,warmup,start_epoch_us,ttft_ms,e2e_ms,itl_count,"
						+ "itl_mean_ms,itl_max_ms,tpot_ms,output_tokens,tokens_source,input_tokens,chars,http_status,error,error_message\n");
		for (RequestResult r : samples(runId)) {
			csv.append(csvField(r.requestId())).append(',').append(r.index()).append(',').append(csvField(r.dataset()))
					.append(',').append(csvField(r.promptId())).append(',').append(r.attempt()).append(',').append(r.last())
					.append(',').append(r.warmup()).append(',').append(r.startEpochMicros()).append(',')
					.append(ms(r.ttftNanos())).append(',').append(ms(r.e2eNanos())).append(',').append(r.itlCount())
					.append(',').append(ms(r.itlMeanNanos())).append(',').append(ms(r.itlMaxNanos())).append(',')
					.append(ms(r.tpotNanos())).append(',').append(r.outputTokens()).append(',')
					.append(r.tokenSource().name().toLowerCase(java.util.Locale.ROOT)).append(',')
					.append(r.inputTokens() < 0 ? "" : Long.toString(r.inputTokens())).append(',').append(r.chars()).append(',')
					.append(r.httpStatus() == 0 ? "" : Integer.toString(r.httpStatus())).append(',')
					.append(r.errorKey() == null ? "" : r.errorKey()).append(',').append(csvField(r.errorMessage())).append('\n');
		}
		return csv.toString();
	}

	private static String ms(long nanos) {
		return nanos < 0 ? "" : Double.toString(nanos / 1e6);
	}

	private static String csvField(String s) {
		if (s == null) {
			return "";
		}
		return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
				? "\"" + s.replace("\"", "\"\"") + "\"" : s;
	}

	@Override
	public String importJson(String json) {
		RunTransfer.Imported in = RunTransfer.fromJson(json);
		EntityManager em = emf().createEntityManager();
		EntityTransaction tx = em.getTransaction();
		try {
			tx.begin();
			if (em.find(RunEntity.class, in.run().runId) != null) {
				throw new IllegalArgumentException("run " + in.run().runId + " already exists");
			}
			em.persist(in.run());
			in.datasets().forEach(em::persist);
			in.samples().forEach(em::persist);
			in.gpu().forEach(em::persist);
			tx.commit();
			post(io.deepstress.core.events.RecordTopics.CHANGED, in.run().runId);
			return in.run().runId;
		} finally {
			if (tx.isActive()) {
				tx.rollback();
			}
			em.close();
		}
	}

	@Override
	public List<GpuHost> hosts() {
		EntityManager em = emf().createEntityManager();
		try {
			return em.createQuery("SELECT h FROM GpuHostEntity h ORDER BY h.nameKey", GpuHostEntity.class).getResultList()
					.stream().map(DerbyRunStore::host).toList();
		} finally {
			em.close();
		}
	}

	@Override
	public Optional<GpuHost> byName(String name) {
		EntityManager em = emf().createEntityManager();
		try {
			return em.createQuery("SELECT h FROM GpuHostEntity h WHERE h.nameKey = :n", GpuHostEntity.class)
					.setParameter("n", name.strip().toLowerCase(java.util.Locale.ROOT)).getResultList().stream()
					.map(DerbyRunStore::host).findFirst();
		} finally {
			em.close();
		}
	}

	@Override
	public GpuHost save(GpuHost host) {
		EntityManager em = emf().createEntityManager();
		EntityTransaction tx = em.getTransaction();
		try {
			tx.begin();
			String key = host.name().strip().toLowerCase(java.util.Locale.ROOT);
			List<GpuHostEntity> same = em.createQuery("SELECT h FROM GpuHostEntity h WHERE h.nameKey = :n", GpuHostEntity.class)
					.setParameter("n", key).getResultList();
			if (same.stream().anyMatch(h -> !h.id.equals(host.id()))) {
				throw new IllegalArgumentException("A GPU host named '" + host.name() + "' already exists");
			}
			GpuHostEntity e = em.find(GpuHostEntity.class, host.id());
			if (e == null) {
				e = new GpuHostEntity();
				e.id = host.id();
				em.persist(e);
			}
			e.name = host.name();
			e.nameKey = key;
			e.kind = host.kind().name();
			e.hostname = host.hostname();
			e.port = host.port();
			e.user = host.user();
			e.auth = host.auth() == null ? null : host.auth().name();
			e.keyFile = host.keyFile();
			e.command = host.command();
			tx.commit();
			return host;
		} finally {
			if (tx.isActive()) {
				tx.rollback();
			}
			em.close();
		}
	}

	@Override
	public boolean remove(String id) {
		EntityManager em = emf().createEntityManager();
		EntityTransaction tx = em.getTransaction();
		try {
			tx.begin();
			int n = em.createQuery("DELETE FROM GpuHostEntity h WHERE h.id = :id").setParameter("id", id).executeUpdate();
			tx.commit();
			return n > 0;
		} finally {
			if (tx.isActive()) {
				tx.rollback();
			}
			em.close();
		}
	}

	private static GpuHost host(GpuHostEntity e) {
		return new GpuHost(e.id, e.name, GpuHost.Kind.valueOf(e.kind), e.hostname, e.port, e.user,
				e.auth == null ? null : GpuHost.Auth.valueOf(e.auth), e.keyFile, e.command);
	}

	@Override
	public List<RequestResult> samples(String runId, int maxPoints) {
		if (maxPoints < 1) {
			throw new IllegalArgumentException("maxPoints must be at least 1");
		}
		EntityManager em = emf().createEntityManager();
		try {
			RunEntity run = em.find(RunEntity.class, runId);
			// the row counts every stored attempt; counting the samples themselves reads the whole index range
			long count = run != null && run.attempts > 0 ? run.attempts
					: em.createQuery("SELECT COUNT(s) FROM RequestSampleEntity s WHERE s.runId = :id", Long.class)
							.setParameter("id", runId).getSingleResult();
			// every 2^k-th sample, k the smallest level that keeps at most maxPoints: read through the
			// (RUN_ID, LOD) index, so only the returned rows are touched
			int level = 0;
			while ((count + (1L << level) - 1) >> level > maxPoints) {
				level++;
			}
			var query = em.createQuery("SELECT s FROM RequestSampleEntity s WHERE s.runId = :id AND s.lod >= :level"
					+ " ORDER BY s.seq", RequestSampleEntity.class).setParameter("level", level);
			return query.setParameter("id", runId).getResultList().stream().map(Mapping::result).toList();
		} finally {
			em.close();
		}
	}

	@Override
	public boolean delete(String runId) {
		EntityManager em = emf().createEntityManager();
		EntityTransaction tx = em.getTransaction();
		try {
			tx.begin();
			em.createQuery("DELETE FROM RequestSampleEntity s WHERE s.runId = :id").setParameter("id", runId)
					.executeUpdate();
			em.createQuery("DELETE FROM DatasetStatsEntity d WHERE d.runId = :id").setParameter("id", runId)
					.executeUpdate();
			em.createQuery("DELETE FROM GpuSampleEntity g WHERE g.runId = :id").setParameter("id", runId).executeUpdate();
			int runs = em.createQuery("DELETE FROM RunEntity r WHERE r.runId = :id").setParameter("id", runId)
					.executeUpdate();
			tx.commit();
			if (runs > 0) {
				post(io.deepstress.core.events.RecordTopics.CHANGED, runId);
			}
			return runs > 0;
		} catch (PersistenceException e) {
			if (tx.isActive()) {
				tx.rollback();
			}
			throw e;
		} finally {
			em.close();
		}
	}
}
