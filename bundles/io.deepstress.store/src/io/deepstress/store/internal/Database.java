package io.deepstress.store.internal;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
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
import io.deepstress.core.run.RunStatus;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;

/**
 * The records database: EclipseLink JPA over an embedded Derby database in the instance data directory
 * ({@code <data>/deepstress-db}), or where the preference {@code io.deepstress.store/database.location}
 * or {@code -Ddeepstress.db=DIR} says (the system property wins). Opening it upgrades an older schema,
 * keeping the data ({@link Migrations}), and marks runs left {@code running} as interrupted. One writer
 * thread does the recording writes, one transaction per batch. When the database cannot be opened (in use
 * by another process, broken, written by a newer version) nothing is changed or deleted and
 * {@link #problem()} says why.
 */
@Component(service = Database.class)
public final class Database {

	/** The schema this code writes; see {@link Migrations} for what each version added. */
	static final int SCHEMA_VERSION = Migrations.LATEST;
	static final String PREFERENCE_NODE = "io.deepstress.store";
	static final String PREFERENCE_LOCATION = "database.location";
	private static final System.Logger LOG = System.getLogger(Database.class.getName());

	private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
		Thread t = new Thread(r, "deepstress-store-writer");
		t.setDaemon(true);
		return t;
	});
	private volatile EntityManagerFactory emf;
	private Path directory;
	private String problem;
	private String appVersion = "unknown";
	private int openedVersion;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
	private volatile EventAdmin eventAdmin;

	@Activate
	void activate(BundleContext context) {
		appVersion = context.getBundle().getVersion().toString();
		directory = databaseDirectory(context);
		open(directory);
	}

	/** For tests and tools outside DS: opens the database in {@code dir}. */
	public static Database open(Path dir, EventAdmin events) {
		Database db = new Database();
		db.eventAdmin = events;
		db.directory = dir.toAbsolutePath();
		db.open(db.directory);
		return db;
	}

	private void open(Path dir) {
		try {
			Files.createDirectories(dir.getParent());
			org.apache.derby.jdbc.EmbeddedDataSource dataSource = new org.apache.derby.jdbc.EmbeddedDataSource();
			dataSource.setDatabaseName(dir.toString());
			dataSource.setCreateDatabase("create");
			// the version before EclipseLink touches anything: a newer schema is left alone
			try (Connection c = dataSource.getConnection()) {
				openedVersion = Migrations.storedVersion(c);
			}
			if (openedVersion > SCHEMA_VERSION) {
				problem = "The records database " + dir + " was written by a newer DeepStress (schema " + openedVersion
						+ "; this version knows up to " + SCHEMA_VERSION + "). It was not changed; start with"
						+ " -Ddeepstress.db=ANOTHER_DIR or use the newer version.";
				LOG.log(System.Logger.Level.ERROR, problem);
				return;
			}
			Map<String, Object> props = new HashMap<>();
			// a DataSource, not a JDBC URL: DriverManager only hands a driver to callers whose class loader sees
			// it, and EclipseLink's bundle does not see Derby's
			props.put(PersistenceUnitProperties.NON_JTA_DATASOURCE, dataSource);
			props.put(PersistenceUnitProperties.CLASSLOADER, Database.class.getClassLoader());
			EntityManagerFactory factory = new PersistenceProvider().createEntityManagerFactory("deepstress", props);
			if (factory == null) {
				throw new IllegalStateException("no persistence unit 'deepstress'");
			}
			EntityManager em = factory.createEntityManager(); // connects, creates or extends the tables
			try {
				EntityTransaction tx = em.getTransaction();
				tx.begin();
				Migrations.upgrade(em, openedVersion);
				int interrupted = em.createQuery("UPDATE RunEntity r SET r.status = :now WHERE r.status = :running")
						.setParameter("now", RunStatus.INTERRUPTED.name())
						.setParameter("running", RunStatus.RUNNING.name()).executeUpdate();
				int filled = SyncedFigures.fillInterrupted(em);
				SchemaVersionEntity version = em.find(SchemaVersionEntity.class, 1);
				if (version == null) {
					version = new SchemaVersionEntity();
					em.persist(version);
				}
				version.version = SCHEMA_VERSION;
				version.updatedMillis = System.currentTimeMillis();
				tx.commit();
				if (openedVersion > 0 && openedVersion < SCHEMA_VERSION) {
					LOG.log(System.Logger.Level.INFO, "records database upgraded from schema " + openedVersion + " to "
							+ SCHEMA_VERSION);
				}
				if (interrupted > 0) {
					LOG.log(System.Logger.Level.INFO,
							interrupted + " run(s) left running by an earlier session marked interrupted");
				}
				if (filled > 0) {
					LOG.log(System.Logger.Level.INFO, filled + " interrupted run(s) given figures from their synced samples");
				}
			} finally {
				em.close();
			}
			try (Connection c = dataSource.getConnection()) {
				Migrations.ensureIndexes(c);
			}
			emf = factory;
		} catch (Exception e) {
			problem = describe(e, dir);
			LOG.log(System.Logger.Level.ERROR, problem);
		}
	}

	static String describe(Throwable e, Path dir) {
		if (mentions(e, "XSDB6", 0)) {
			return "The records database " + dir + " is in use by another DeepStress (only one process can open it at a"
					+ " time); records will not be saved in this one.";
		}
		for (Throwable t = e; t != null; t = t.getCause()) {
			if (t instanceof SQLException sql && (t.getCause() == null || !(t.getCause() instanceof SQLException))) {
				return "The records database " + dir + " cannot be opened: " + sql.getMessage()
						+ " (nothing was deleted; move it aside or start with -Ddeepstress.db=ANOTHER_DIR)";
			}
		}
		return "The records database " + dir + " cannot be opened: " + e.getMessage()
				+ " (nothing was deleted; move it aside or start with -Ddeepstress.db=ANOTHER_DIR)";
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
		Path instance = instanceLocation(context);
		String preferred = Preferences.location();
		if (preferred != null) {
			return instance == null ? Path.of(preferred).toAbsolutePath() : instance.resolve(preferred);
		}
		return instance != null ? instance.resolve("deepstress-db")
				: Path.of(System.getProperty("user.home"), ".deepstress", "deepstress-db");
	}

	private static Path instanceLocation(BundleContext context) {
		try {
			Collection<ServiceReference<Location>> refs = context.getServiceReferences(Location.class,
					Location.INSTANCE_FILTER);
			for (ServiceReference<Location> ref : refs) {
				Location location = context.getService(ref);
				try {
					if (location != null && location.getURL() != null) {
						return Path.of(location.getURL().toURI());
					}
				} catch (URISyntaxException | IllegalArgumentException e) {
					// no usable instance location
				} finally {
					context.ungetService(ref);
				}
			}
		} catch (InvalidSyntaxException e) {
			// cannot happen with the framework's own filter
		}
		return null;
	}

	@Deactivate
	public void close() {
		writer.shutdown();
		try {
			writer.awaitTermination(10, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		EntityManagerFactory factory = emf;
		if (factory != null || openedVersion > SCHEMA_VERSION) { // booted: with JPA, or only to read the version
			emf = null;
			if (factory != null) {
				factory.close();
			}
			try {
				new org.apache.derby.jdbc.EmbeddedDriver().connect("jdbc:derby:" + directory + ";shutdown=true",
						new Properties());
			} catch (SQLException expected) {
				// Derby reports a clean shutdown as SQLState 08006
			}
		}
	}

	/** Where the database is, for messages. */
	String location() {
		return String.valueOf(directory);
	}

	/** Why the database cannot be used, or null. */
	String problem() {
		return problem;
	}

	/** The schema version found when opening (0 for a new database). */
	int openedVersion() {
		return openedVersion;
	}

	String appVersion() {
		return appVersion;
	}

	boolean isOpen() {
		return emf != null;
	}

	EntityManagerFactory emf() {
		EntityManagerFactory factory = emf;
		if (factory == null) {
			throw new IllegalStateException(problem != null ? problem : "the records store is closed");
		}
		return factory;
	}

	/** Runs {@code work} in one transaction on the calling thread and returns its result. */
	<T> T inTransaction(java.util.function.Function<EntityManager, T> work) {
		EntityManager em = emf().createEntityManager();
		EntityTransaction tx = em.getTransaction();
		try {
			tx.begin();
			T result = work.apply(em);
			tx.commit();
			return result;
		} finally {
			if (tx.isActive()) {
				try {
					tx.rollback();
				} catch (RuntimeException ignored) {
					// the connection may be gone
				}
			}
			em.close();
		}
	}

	/** Runs {@code work} with an entity manager, no transaction (reads). */
	<T> T read(java.util.function.Function<EntityManager, T> work) {
		EntityManager em = emf().createEntityManager();
		try {
			return work.apply(em);
		} finally {
			em.close();
		}
	}

	/** Runs a write on the writer thread, in one transaction; the failure (if any) goes to {@code onError}. */
	void write(Consumer<EntityManager> work, Runnable onSuccess, Consumer<Exception> onError) {
		writer.execute(() -> {
			EntityManagerFactory factory = emf;
			if (factory == null) {
				onError.accept(new IllegalStateException(problem != null ? problem : "the records store is closed"));
				return;
			}
			EntityManager em = factory.createEntityManager();
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

	/**
	 * Rewrites a table's pages (Derby's SYSCS_COMPRESS_TABLE) and checkpoints, so that values overwritten in it
	 * (a secret an older version stored) no longer sit in the database files.
	 */
	void compress(String table) {
		inTransaction(em -> {
			em.flush(); // the transaction's connection
			Connection c = em.unwrap(Connection.class);
			try (java.sql.CallableStatement cs = c.prepareCall("CALL SYSCS_UTIL.SYSCS_COMPRESS_TABLE('APP', ?, 1)")) {
				cs.setString(1, table);
				cs.execute();
			} catch (SQLException e) {
				throw new jakarta.persistence.PersistenceException("compressing " + table + " failed: " + e.getMessage(), e);
			}
			return null;
		});
		inTransaction(em -> {
			em.flush();
			try (Statement st = em.unwrap(Connection.class).createStatement()) {
				st.execute("CALL SYSCS_UTIL.SYSCS_CHECKPOINT_DATABASE()");
			} catch (SQLException e) {
				throw new jakarta.persistence.PersistenceException("checkpoint failed: " + e.getMessage(), e);
			}
			return null;
		});
	}

	/** Reads a statement's single int, for schema checks. */
	static int queryInt(Connection c, String sql) throws SQLException {
		try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
			return rs.next() ? rs.getInt(1) : 0;
		}
	}
}
