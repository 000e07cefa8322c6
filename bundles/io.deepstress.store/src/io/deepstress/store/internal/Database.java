package io.deepstress.store.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.eclipse.persistence.config.PersistenceUnitProperties;
import org.eclipse.persistence.jpa.PersistenceProvider;
import org.osgi.framework.BundleContext;
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
	private javax.sql.DataSource dataSource;
	/** How this process reaches the database: embedded (serving the others, see {@link StoreLocator}) or as a client. */
	private volatile StoreLocator.Link link;
	private final RunLease lease = new RunLease(this);
	/** Set while the server this process was a client of is gone: writes wait in the recorders' buffers. */
	private volatile String lost;
	private long lastLostReport = Long.MIN_VALUE;
	private long lastRelocate = Long.MIN_VALUE;
	/** Set while the disk is full: writes wait in the recorders' buffers, Derby is shut down until space returns. */
	private volatile String diskProblem;
	private long lastDiskReport = Long.MIN_VALUE;
	/** How often the full-disk message is repeated at most. */
	static final long DISK_REPORT_NANOS = 5_000_000_000L;
	private Path directory;
	private String problem;
	private String appVersion = "unknown";
	private int openedVersion;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
	private volatile EventAdmin eventAdmin;

	@Activate
	void activate(BundleContext context) {
		appVersion = context.getBundle().getVersion().toString();
		directory = DatabaseLocation.of(context);
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
			link = StoreLocator.locate(dir, StoreLocator.OPEN_MILLIS);
			dataSource = link.dataSource();
			// the version before EclipseLink touches anything: a newer schema is left alone
			try (Connection c = dataSource.getConnection()) {
				openedVersion = Migrations.storedVersion(c);
			}
			if (openedVersion > SCHEMA_VERSION) {
				problem = "The records database " + dir + " was written by a newer DeepStress (schema " + openedVersion
						+ "; this version knows up to " + SCHEMA_VERSION + "). It was not changed; start with"
						+ " -Ddeepstress.db=ANOTHER_DIR or use the newer version.";
				LOG.log(System.Logger.Level.ERROR, problem);
				stopServer();
				return;
			}
			emf = connect(dataSource, true);
			lease.start();
			if (!link.embedded()) {
				LOG.log(System.Logger.Level.DEBUG, "the records database " + dir + " is open " + link.describe());
			}
		} catch (Exception e) {
			stopServer();
			problem = DiskSpace.isFull(e) ? DiskSpace.fullMessage(dir) + " The records store cannot be opened until"
					+ " space is freed." : OpenFailures.describe(e, dir);
			LOG.log(System.Logger.Level.ERROR, problem);
		}
	}

	/**
	 * Creates the JPA factory over the database: upgrades the schema and, at start-up only, marks runs left
	 * running as interrupted (a reopen after a full disk must not: the runs of this process are still going).
	 */
	private EntityManagerFactory connect(javax.sql.DataSource dataSource, boolean startup)
			throws SQLException {
		Map<String, Object> props = new HashMap<>();
		// a DataSource, not a JDBC URL: DriverManager only hands a driver to callers whose class loader sees
		// it, and EclipseLink's bundle does not see Derby's
		props.put(PersistenceUnitProperties.NON_JTA_DATASOURCE, dataSource);
		props.put(PersistenceUnitProperties.CLASSLOADER, Database.class.getClassLoader());
		EntityManagerFactory factory = new PersistenceProvider().createEntityManagerFactory("deepstress", props);
		if (factory == null) {
			throw new IllegalStateException("no persistence unit 'deepstress'");
		}
		EntityManager em;
		try {
			em = factory.createEntityManager(); // connects, creates or extends the tables
		} catch (RuntimeException e) {
			factory.close();
			throw e;
		}
		try {
			EntityTransaction tx = em.getTransaction();
			tx.begin();
			Migrations.upgrade(em, openedVersion);
			// only runs whose process is gone: another process may be recording into this database right now
			int interrupted = !startup ? 0 : RunLease.expire(em, System.currentTimeMillis());
			int filled = startup ? SyncedFigures.fillInterrupted(em) : 0;
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
						interrupted + " run(s) left running by a process that is gone marked interrupted");
			}
			if (filled > 0) {
				LOG.log(System.Logger.Level.INFO, filled + " interrupted run(s) given figures from their synced samples");
			}
		} catch (RuntimeException e) {
			em.close();
			factory.close();
			throw e;
		} finally {
			if (em.isOpen()) {
				em.close();
			}
		}
		try (Connection c = dataSource.getConnection()) {
			Migrations.ensureIndexes(c);
		} catch (SQLException e) {
			factory.close();
			throw e;
		}
		return factory;
	}

	@Deactivate
	public void close() {
		lease.stop();
		if (emf != null && lost == null && diskProblem == null) {
			write(lease::release, () -> {
			}, e -> {
			}); // this process records nothing more: its runs' leases end now
		}
		writer.shutdown();
		try {
			writer.awaitTermination(10, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		EntityManagerFactory factory = emf;
		if (factory != null || openedVersion > SCHEMA_VERSION) { // booted: with JPA, or only to read the version
			emf = null;
			stopServer(); // the clients reconnect: one of them takes the database over once it is shut down here
			if (factory != null) {
				factory.close();
			}
			shutdownDerby();
		}
	}

	/** Stops serving the others, if this process does. */
	private void stopServer() {
		StoreLocator.Link l = link;
		if (l != null && l.server() != null) {
			l.server().stop();
		}
	}

	/** The run lease of this process. */
	RunLease lease() {
		return lease;
	}

	/** How this process reaches the database, for messages and tests; null when it could not be opened. */
	StoreLocator.Link link() {
		return link;
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
			String why = diskProblem != null ? diskProblem : lost != null ? lost : problem;
			throw new IllegalStateException(why != null ? why : "the records store is closed");
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
		} catch (RuntimeException e) {
			StoreLocator.Link l = link;
			if (l != null && !l.embedded() && StoreLocator.serverLost(e)) {
				write(x -> {
				}, () -> {
				}, x -> {
				}); // the server is gone: the writer thread notices and looks for the database again
			}
			throw e;
		} finally {
			em.close();
		}
	}

	/** Runs a write on the writer thread, in one transaction; the failure (if any) goes to {@code onError}. */
	void write(Consumer<EntityManager> work, Runnable onSuccess, Consumer<Exception> onError) {
		writer.execute(() -> {
			if (diskProblem != null && !resume()) {
				report();
				onError.accept(new DiskSpace.FullException(diskProblem));
				return;
			}
			if (lost != null && !relocate()) {
				reportLost();
				onError.accept(new UnavailableException(lost));
				return;
			}
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
				if (DiskSpace.isFull(e)) {
					em.close();
					suspend();
					onError.accept(new DiskSpace.FullException(diskProblem));
				} else if (!link.embedded() && StoreLocator.serverLost(e)) {
					em.close();
					loseServer();
					onError.accept(new UnavailableException(lost));
				} else {
					onError.accept(e);
				}
			} finally {
				if (em.isOpen()) {
					em.close();
				}
			}
		});
	}

	/** The full-disk message while writes wait for space, or null. */
	String diskProblem() {
		return diskProblem;
	}

	/**
	 * On the writer thread, after a write failed for a full disk: closes the JPA factory and shuts Derby's
	 * database down (Derby would otherwise go on failing every write, and after a failed log write it only
	 * answers read-only), then says so once.
	 */
	private void suspend() {
		if (diskProblem != null) {
			return;
		}
		diskProblem = DiskSpace.fullMessage(directory) + " Results are kept in memory (up to " + RunRecorder.MAX_BUFFERED
				+ " per run) and written when space is freed.";
		closeFactory();
		shutdownDerby();
		lastDiskReport = Long.MIN_VALUE;
		report();
	}

	/** Closes the JPA factory after a failure (its connections may be dead): writes wait until it is made again. */
	private void closeFactory() {
		EntityManagerFactory factory = emf;
		emf = null;
		if (factory != null) {
			try {
				factory.close();
			} catch (RuntimeException ignored) {
				// closing anyway
			}
		}
	}

	/** The full-disk message, on the log and the bus, at most every {@link #DISK_REPORT_NANOS}. */
	private void report() {
		lastDiskReport = say(diskProblem, lastDiskReport);
	}

	/**
	 * Logs and posts {@code message} on {@code deepstress/record/failed} unless it was said less than
	 * {@link #DISK_REPORT_NANOS} ago ({@code last}, a {@link System#nanoTime()}); returns when it was last said.
	 */
	private long say(String message, long last) {
		long now = System.nanoTime();
		if (last != Long.MIN_VALUE && now - last < DISK_REPORT_NANOS) {
			return last;
		}
		LOG.log(System.Logger.Level.WARNING, message); // no stack trace: the message says it all
		post(io.deepstress.core.events.RecordTopics.FAILED, message);
		return now;
	}

	/**
	 * On the writer thread, after a write failed because the server this process logged in to is gone: closes the
	 * JPA factory and says so (rate-limited); the recorders keep their results and the next write looks for the
	 * database again ({@link #relocate()}).
	 */
	private void loseServer() {
		if (lost != null) {
			return;
		}
		ServerFile remote = link.remote();
		lost = "The process serving the records database " + directory + " (process " + remote.pid() + " on "
				+ remote.host() + ":" + remote.port() + ") is gone. Results are kept in memory (up to "
				+ RunRecorder.MAX_BUFFERED + " per run) while this process reconnects or takes the database over.";
		closeFactory();
		lastLostReport = Long.MIN_VALUE;
		reportLost();
	}

	private void reportLost() {
		lastLostReport = say(lost, lastLostReport);
	}

	/**
	 * On the writer thread, at most once a second while the server is gone: finds the database again, through the
	 * next server or by opening it embedded (and serving it) where this process is the first to try; whether it did.
	 */
	private boolean relocate() {
		long now = System.nanoTime();
		if (lastRelocate != Long.MIN_VALUE && now - lastRelocate < 1_000_000_000L) {
			return false;
		}
		lastRelocate = now;
		StoreLocator.Link next = null;
		try {
			next = StoreLocator.locate(directory, 2_000);
			link = next;
			dataSource = next.dataSource();
			emf = connect(dataSource, false);
			lost = null;
			LOG.log(System.Logger.Level.WARNING, "the records database " + directory + " is written again, "
					+ next.describe());
			return true;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		} catch (Exception e) {
			LOG.log(System.Logger.Level.DEBUG, "the records database " + directory + " is not back yet: " + e.getMessage());
			if (next != null && next.embedded()) {
				stopServer();
				shutdownDerby();
			}
		}
		return false;
	}

	/** A write refused while the database's serving process is gone; tried again once it is found. */
	static final class UnavailableException extends IllegalStateException {
		private static final long serialVersionUID = 1L;

		UnavailableException(String message) {
			super(message);
		}
	}

	/** On the writer thread: once there is room again, opens the database writable again; whether it is. */
	private boolean resume() {
		long free = DiskSpace.usable(directory);
		if (free >= 0 && free < DiskSpace.RESUME_BYTES) {
			return false;
		}
		try {
			emf = connect(dataSource, false);
			LOG.log(System.Logger.Level.WARNING, "space on " + DiskSpace.diskName(directory) + " is back ("
					+ DiskSpace.human(free) + " free): the records database " + directory + " is written again");
			diskProblem = null;
			return true;
		} catch (Exception e) {
			shutdownDerby();
			return false;
		}
	}

	private void shutdownDerby() {
		StoreLocator.Link l = link;
		if (l == null || l.embedded()) { // a client's database is the serving process's to shut down
			DerbyCredentials.shutdown(directory);
		}
	}

	void post(String topic, Object payload) {
		EventAdmin admin = eventAdmin;
		if (admin != null) {
			admin.postEvent(new Event(topic, Map.of(DeepStressTopics.DATA, payload)));
		}
	}

	/** Reads a statement's single int, for schema checks. */
	static int queryInt(Connection c, String sql) throws SQLException {
		try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
			return rs.next() ? rs.getInt(1) : 0;
		}
	}
}
