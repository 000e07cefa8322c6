package io.deepstress.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.deepstress.core.run.RunStatus;
import io.deepstress.core.services.RunStore;

/**
 * Leases on the database's clock: an agent whose machine clock is ten minutes slow records a run on a shared
 * PostgreSQL database, and another process opening the database does not take that run for one whose process is
 * gone (with each machine's own clock it would: the slow machine's lease ends ten minutes before it is written).
 */
class PostgresLeaseClockTest {

	private static final long SLOW_MILLIS = 600_000;
	private final Path dir = Path.of(System.getProperty("deepstress.test.dir"), "pg-clock-" + UUID.randomUUID());
	private final List<Database> opened = new ArrayList<>();

	@AfterEach
	void closeAll() {
		opened.forEach(Database::close);
	}

	private Database open(StoreUrl url, String password) {
		Database db = Database.open(url, password, null);
		opened.add(db);
		assertTrue(db.isOpen(), String.valueOf(db.problem()));
		return db;
	}

	@Test
	void aMachineWhoseClockIsSlowWritesLeasesThatTheOthersHonour() throws Exception {
		PostgresServer server = PostgresServer.get();
		StoreUrl url = server.urlFor(dir);
		Database slow = open(url, server.password());
		assertTrue(Math.abs(slow.lease().offsetMillis()) < 5_000, "same machine: " + slow.lease().offsetMillis());
		slow.lease().useLocalClock(() -> System.currentTimeMillis() - SLOW_MILLIS);
		long offset = slow.lease().offsetMillis();
		assertTrue(Math.abs(offset - SLOW_MILLIS) < 5_000, "the slow clock's offset measured: " + offset);
		assertTrue(Math.abs(slow.lease().now() - System.currentTimeMillis()) < 5_000, "now on the server's clock");

		RunStore.Recorder recorder = DerbyRunStore.over(slow, false).recorder(PostgresStoreTest.config("slow clock"));
		String runId = UUID.randomUUID().toString();
		recorder.onSnapshot(TestData.snapshot(runId));
		recorder.onResults(List.of(TestData.result(0, true)));
		assertTrue(recorder.awaitWritten(30_000), recorder.lastError());
		long until = slow.read(em -> em.find(RunEntity.class, runId).leaseUntil);
		assertTrue(until > System.currentTimeMillis(), "the lease ends in the future on the server's clock: " + until);

		Database other = open(url, server.password()); // its start-up marks the runs whose process is gone
		assertEquals(RunStatus.RUNNING.name(), other.read(em -> em.find(RunEntity.class, runId).status),
				"the slow machine's run is still its own");
		int marked = other.inTransaction(em -> RunLease.expire(em, other.lease().now()));
		assertEquals(0, marked, "nothing marked with the server's time either");
		recorder.onFinished(TestData.summary(runId, 1));
		assertTrue(recorder.awaitWritten(30_000), recorder.lastError());
	}
}
