package io.deepstress.store.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.deepstress.core.events.RecordTopics;
import io.deepstress.core.run.RunStatus;
import jakarta.persistence.EntityManager;

/**
 * The run lease: a run is {@code interrupted} only when the process that records it is gone, not because another
 * process found it running. Each run row carries its recording process ({@code TEST_RUN.LEASE_OWNER}) and a time
 * until which that process vouches for it ({@code TEST_RUN.LEASE_UNTIL}, epoch ms); the recorder sets both with
 * every write and this class renews them every {@link #RENEW_MILLIS} for the runs this process is recording. Every
 * process that has the database open marks a {@code running} run whose lease ran out more than
 * {@link #MARGIN_MILLIS} ago as interrupted (and gives it figures from its synced samples), at start-up and with
 * every renewal; a run whose owner is a process of this machine that no longer exists is marked at once, without
 * waiting for its lease. A clean close lets this process's leases run out at once.
 * <p>
 * Leases are written and judged on the database's clock, not each machine's: processes on several machines share
 * a PostgreSQL database, and a machine whose clock is a minute slow would otherwise write leases that the others
 * find long expired. With PostgreSQL this process measures its clock's offset from the server's
 * ({@code clock_timestamp()}) when it opens the database and with every renewal; a Derby database is served on
 * 127.0.0.1 only, so its processes share the machine's clock and the offset stays 0.
 * <p>
 * The same timer watches a cheap change marker of the runs table (count and last update) and posts
 * {@link RecordTopics#CHANGED} when another process changed it, so that the Records perspective follows runs that
 * are not recorded here.
 */
final class RunLease {

	/** How long a lease lasts after each renewal. */
	static final long LEASE_MILLIS = Long.getLong("deepstress.lease.millis", 15_000);
	static final long RENEW_MILLIS = Math.max(200, LEASE_MILLIS / 3);
	/** How long past its end a lease is honoured still (a busy machine's late renewal). */
	static final long MARGIN_MILLIS = RENEW_MILLIS;
	/** How often the change marker is read. */
	static final long POLL_MILLIS = Long.getLong("deepstress.db.pollMillis", 2_000);
	private static final System.Logger LOG = System.getLogger(RunLease.class.getName());
	/** This machine's name in lease owners. */
	static final String HOST = hostName();

	private final Database db;
	private final String owner;
	private final Set<String> active = ConcurrentHashMap.newKeySet();
	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread t = new Thread(r, "deepstress-store-lease");
		t.setDaemon(true);
		return t;
	});
	private volatile boolean renewQueued;
	private List<?> lastMarker;
	/** This machine's clock, epoch ms (a test sets a skewed one). */
	private volatile java.util.function.LongSupplier localClock = System::currentTimeMillis;
	/** The database's clock minus this machine's, ms. */
	private volatile long offsetMillis;

	RunLease(Database db) {
		this.db = db;
		String id = HOST + "/" + ProcessHandle.current().pid() + "/"
				+ Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
		this.owner = id;
	}

	private static String hostName() {
		try {
			String name = java.net.InetAddress.getLocalHost().getHostName().replace("/", "_");
			return name.length() > 60 ? name.substring(0, 60) : name;
		} catch (java.io.IOException e) {
			return "localhost";
		}
	}

	/** This process's (this database's) lease owner id: {@code host/pid/random}. */
	String owner() {
		return owner;
	}

	/** The end of a lease taken now, on the database's clock. */
	long until() {
		return now() + LEASE_MILLIS;
	}

	/** Now on the database's clock (as last measured), epoch ms. */
	long now() {
		return localClock.getAsLong() + offsetMillis;
	}

	/** The database's clock minus this machine's, as last measured, ms. */
	long offsetMillis() {
		return offsetMillis;
	}

	/** For tests: this process's clock reads {@code clock} from now on; the offset is measured again. */
	void useLocalClock(java.util.function.LongSupplier clock) {
		localClock = clock;
		db.read(em -> {
			measure(em);
			return null;
		});
	}

	/**
	 * Now on the database's clock, epoch ms: PostgreSQL's {@code clock_timestamp()} (this machine's offset from it
	 * measured again, around the query's round trip), or this machine's clock for Derby.
	 */
	long measure(EntityManager em) {
		if (!db.isPostgres()) {
			return now();
		}
		long before = localClock.getAsLong();
		long server = databaseMillis(em, true);
		long after = localClock.getAsLong();
		offsetMillis = server - (before + after) / 2;
		return server;
	}

	/** The database server's clock, epoch ms (this machine's for Derby, served on 127.0.0.1 only). */
	static long databaseMillis(EntityManager em, boolean postgres) {
		if (!postgres) {
			return System.currentTimeMillis();
		}
		return ((Number) em.createNativeQuery("SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)")
				.getSingleResult()).longValue();
	}

	void start() {
		if (db.isPostgres()) {
			try {
				db.read(em -> {
					measure(em);
					return null;
				});
			} catch (RuntimeException e) {
				LOG.log(System.Logger.Level.DEBUG, "reading the database's clock failed: " + e.getMessage());
			}
		}
		timer.scheduleWithFixedDelay(this::renew, RENEW_MILLIS, RENEW_MILLIS, TimeUnit.MILLISECONDS);
		timer.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
	}

	void stop() {
		timer.shutdownNow();
	}

	/** A run this process records from now on: its lease is renewed until {@link #untrack}. */
	void track(String runId) {
		active.add(runId);
	}

	void untrack(String runId) {
		active.remove(runId);
	}

	/**
	 * On the writer thread: renews this process's leases and marks the runs of processes that are gone. A write like
	 * any other, so that a lost server is looked for again even when nothing is being recorded.
	 */
	private void renew() {
		if (renewQueued) {
			return; // the last one still waits in the writer's queue (a slow or lost database)
		}
		renewQueued = true;
		db.write(em -> {
			long now = measure(em);
			if (!active.isEmpty()) {
				em.createQuery("UPDATE RunEntity r SET r.leaseUntil = :until WHERE r.runId IN :ids AND r.status = :running")
						.setParameter("until", now + LEASE_MILLIS).setParameter("ids", List.copyOf(active))
						.setParameter("running", RunStatus.RUNNING.name()).executeUpdate();
			}
			if (expire(em, now) > 0) {
				SyncedFigures.fillInterrupted(em);
			}
		}, () -> renewQueued = false, e -> {
			renewQueued = false;
			LOG.log(System.Logger.Level.DEBUG, "renewing run leases failed: " + e.getMessage());
		});
	}

	/**
	 * Marks the {@code running} runs whose lease ended more than {@link #MARGIN_MILLIS} before {@code now} (or that
	 * have none: written before schema 13) as interrupted; how many. Their figures come from
	 * {@link SyncedFigures#fillInterrupted}.
	 */
	static int expire(EntityManager em, long now) {
		int n = em.createQuery("UPDATE RunEntity r SET r.status = :interrupted, r.updatedMillis = :now, r.leaseOwner = NULL,"
				+ " r.leaseUntil = NULL WHERE r.status = :running AND (r.leaseUntil IS NULL OR r.leaseUntil < :cutoff)")
				.setParameter("interrupted", RunStatus.INTERRUPTED.name()).setParameter("now", now)
				.setParameter("running", RunStatus.RUNNING.name()).setParameter("cutoff", now - MARGIN_MILLIS)
				.executeUpdate();
		// a process of this machine that is gone needs no lease to run out: its pid says so at once
		List<String> gone = new java.util.ArrayList<>();
		for (Object[] row : em.createQuery("SELECT r.runId, r.leaseOwner FROM RunEntity r WHERE r.status = :running",
				Object[].class).setParameter("running", RunStatus.RUNNING.name()).getResultList()) {
			if (processGone((String) row[1])) {
				gone.add((String) row[0]);
			}
		}
		if (!gone.isEmpty()) {
			n += em.createQuery("UPDATE RunEntity r SET r.status = :interrupted, r.updatedMillis = :now, r.leaseOwner = NULL,"
					+ " r.leaseUntil = NULL WHERE r.runId IN"
					+ " :gone AND r.status = :running").setParameter("interrupted", RunStatus.INTERRUPTED.name())
					.setParameter("now", now).setParameter("gone", gone).setParameter("running", RunStatus.RUNNING.name())
					.executeUpdate();
		}
		if (n > 0) {
			LOG.log(System.Logger.Level.INFO, n + " run(s) whose process is gone marked interrupted");
		}
		return n;
	}

	/**
	 * Whether a lease owner ({@code host/pid/random}, see {@link #owner()}) names a process of this machine that no
	 * longer exists. Another machine's process (a shared server database) is judged by its lease alone.
	 */
	static boolean processGone(String owner) {
		if (owner == null) {
			return false;
		}
		String[] parts = owner.split("/");
		if (parts.length < 3 || !parts[0].equals(HOST)) {
			return false;
		}
		try {
			long pid = Long.parseLong(parts[1]);
			return pid != ProcessHandle.current().pid() && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
		} catch (NumberFormatException e) {
			return false;
		}
	}

	/** At a clean close, on the writer thread: this process records nothing more, its leases end now. */
	void release(EntityManager em) {
		em.createQuery("UPDATE RunEntity r SET r.leaseUntil = 0 WHERE r.leaseOwner = :me AND r.status = :running")
				.setParameter("me", owner).setParameter("running", RunStatus.RUNNING.name()).executeUpdate();
	}

	/** Posts {@link RecordTopics#CHANGED} when the runs table changed since the last look (by anyone). */
	private void poll() {
		if (!db.isOpen()) {
			return;
		}
		try {
			List<?> marker = db.read(em -> List.of(em.createQuery(
					"SELECT COUNT(r), MAX(r.updatedMillis), MAX(r.startMillis) FROM RunEntity r").getSingleResult()));
			Object[] row = (Object[]) marker.get(0);
			List<?> now = List.of(String.valueOf(row[0]), String.valueOf(row[1]), String.valueOf(row[2]));
			if (lastMarker != null && !lastMarker.equals(now)) {
				db.post(RecordTopics.CHANGED, "");
			}
			lastMarker = now;
		} catch (RuntimeException e) {
			// the database is being reopened or its server is gone: the next look tries again
		}
	}
}
