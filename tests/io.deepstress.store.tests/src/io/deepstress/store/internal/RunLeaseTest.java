package io.deepstress.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.deepstress.core.run.RunStatus;
import io.deepstress.core.services.RunStore;

/**
 * The run lease's rule on one database: a running run is marked interrupted only when its process is gone, told
 * by its lease having run out (a process elsewhere) or by its pid no longer existing (a process of this machine).
 */
class RunLeaseTest {

	private final Path dir = Path.of(System.getProperty("deepstress.test.dir"), "lease-" + UUID.randomUUID());
	private DerbyRunStore store;

	@AfterEach
	void close() {
		if (store != null) {
			store.close();
		}
	}

	private String running(String owner, long leaseUntil) {
		String id = UUID.randomUUID().toString();
		store.database().inTransaction(em -> {
			RunEntity run = new RunEntity();
			run.runId = id;
			run.name = "lease";
			run.status = RunStatus.RUNNING.name();
			run.startMillis = System.currentTimeMillis();
			run.leaseOwner = owner;
			run.leaseUntil = leaseUntil;
			em.persist(run);
			return null;
		});
		return id;
	}

	private RunStatus status(String id) {
		return store.database().read(em -> RunStatus.valueOf(em.find(RunEntity.class, id).status));
	}

	@Test
	void onlyRunsWhoseProcessIsGoneAreMarked() throws Exception {
		store = DerbyRunStore.open(dir.resolve("db"), null);
		assertTrue(store.problem().isEmpty(), store.problem().orElse(""));
		long now = System.currentTimeMillis();
		Process ended = new ProcessBuilder("true").start();
		ended.waitFor();

		String elsewhereValid = running("other-machine/4242/ab", now + 60_000);
		String elsewhereExpired = running("other-machine/4242/cd", now - RunLease.MARGIN_MILLIS - 1_000);
		String withinMargin = running("other-machine/4242/ef", now - RunLease.MARGIN_MILLIS / 2);
		String deadHere = running(RunLease.HOST + "/" + ended.pid() + "/01", now + 60_000);
		String aliveHere = running(RunLease.HOST + "/" + ProcessHandle.current().parent().orElseThrow().pid() + "/02",
				now + 60_000);
		String noLease = running(null, 0); // a row of an older schema: its lease reads as expired
		store.database().inTransaction(em -> {
			em.createQuery("UPDATE RunEntity r SET r.leaseUntil = NULL WHERE r.runId = :id").setParameter("id", noLease)
					.executeUpdate();
			return null;
		});

		int marked = store.database().inTransaction(em -> RunLease.expire(em, now));
		assertEquals(3, marked);
		assertEquals(RunStatus.RUNNING, status(elsewhereValid), "a valid lease of another machine's process");
		assertEquals(RunStatus.INTERRUPTED, status(elsewhereExpired), "its lease ran out");
		assertEquals(RunStatus.RUNNING, status(withinMargin), "a late renewal is allowed for");
		assertEquals(RunStatus.INTERRUPTED, status(deadHere), "a process of this machine that is gone");
		assertEquals(RunStatus.RUNNING, status(aliveHere), "a live process of this machine");
		assertEquals(RunStatus.INTERRUPTED, status(noLease), "no lease: written before schema 10");
		assertFalse(RunLease.processGone("other-machine/1/x"));
		assertFalse(RunLease.processGone(null));
	}

	@Test
	void aRecordersLeaseIsRenewedAndEndsAtACleanClose() throws Exception {
		store = DerbyRunStore.open(dir.resolve("db2"), null);
		RunStore.Recorder recorder = store.recorder(SharedStoreProcess.config("renewed"));
		String id = UUID.randomUUID().toString();
		recorder.onSnapshot(TestData.snapshot(id));
		recorder.onResults(List.of(TestData.result(0, true)));
		assertTrue(recorder.awaitWritten(30_000), recorder.lastError());
		long first = store.database().read(em -> em.find(RunEntity.class, id).leaseUntil);
		assertEquals(store.database().lease().owner(), store.database().read(em -> em.find(RunEntity.class, id).leaseOwner));
		// renewed without any write of the recorder's (every third of the lease)
		long renewed = first;
		for (long end = System.nanoTime() + 4 * RunLease.LEASE_MILLIS * 1_000_000; renewed == first
				&& System.nanoTime() < end;) {
			Thread.sleep(100);
			renewed = store.database().read(em -> em.find(RunEntity.class, id).leaseUntil);
		}
		assertTrue(renewed > first, "the lease was renewed");
		assertEquals(RunStatus.RUNNING, status(id));

		store.close(); // no final figures: as if the process ended in the middle of the run
		store = DerbyRunStore.open(dir.resolve("db2"), null);
		assertEquals(RunStatus.INTERRUPTED, status(id), "a clean close ended the lease: marked at the next start");
	}
}
