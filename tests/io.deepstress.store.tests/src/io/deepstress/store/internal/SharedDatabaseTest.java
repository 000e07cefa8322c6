package io.deepstress.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;

/**
 * Several DeepStress processes on one records database (issue 16 item 5), with real processes: each
 * {@link SharedStoreProcess} is a JVM of its own ({@link ChildJvm}), and this test's JVM is one more. The first to
 * open the database serves it through Derby's network server; the others log in with the generated credentials of
 * its server file. Run leases come from the test pom ({@code deepstress.lease.millis} = 6 s).
 */
class SharedDatabaseTest {

	private final Path dir = Path.of(System.getProperty("deepstress.test.dir"), "shared-" + UUID.randomUUID());
	private final Path db = dir.resolve("deepstress-db");
	private final List<ChildJvm> children = new ArrayList<>();
	private final List<DerbyRunStore> stores = new ArrayList<>();

	@AfterEach
	void stopAll() throws InterruptedException {
		stores.forEach(DerbyRunStore::close);
		for (ChildJvm c : children) {
			c.close();
		}
	}

	private ChildJvm child(String... args) throws Exception {
		ChildJvm c = ChildJvm.start(dir.resolve("logs"), args);
		children.add(c);
		return c;
	}

	/** A process that holds the database open and serves it, as a workbench does. */
	private ChildJvm holder() throws Exception {
		ChildJvm holder = child("hold", db.toString(), "170");
		String link = holder.await("LINK", 90);
		assertTrue(link.contains("embedded, serving others on 127.0.0.1:"), link);
		holder.await("READY", 30);
		return holder;
	}

	/** This JVM as one more process on the database. */
	private DerbyRunStore open() {
		DerbyRunStore store = DerbyRunStore.open(db, null);
		stores.add(store);
		assertTrue(store.problem().isEmpty(), store.problem().orElse(""));
		return store;
	}

	private static long samples(DerbyRunStore store, String runId) {
		return store.database().read(em -> ((Number) em
				.createNativeQuery("SELECT COUNT(*) FROM REQUEST_SAMPLE WHERE RUN_ID = ?").setParameter(1, runId)
				.getSingleResult()).longValue());
	}

	private static RunStatus status(DerbyRunStore store, String runId) {
		return store.find(runId).map(RunSummary::status).orElse(null);
	}

	@Test
	void aSecondProcessRecordsWhileTheFirstServesAndRunsListSeesItRunning() throws Exception {
		ChildJvm holder = holder();
		Path file = ServerFile.of(db);
		assertEquals(db.getParent().resolve("deepstress-db.server"), file);
		ServerFile served = ServerFile.read(file);
		assertNotNull(served, "the server file is written");
		assertEquals(holder.pid(), served.pid());
		assertEquals("127.0.0.1", served.host());
		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
		assertFalse(served.toString().contains(served.password()), "no password in the text of the file's record");

		// a wrong password is refused: nobody else on the machine gets in
		ServerFile wrong = new ServerFile(served.host(), served.port(), served.user(), "not-" + served.password(),
				served.pid(), served.database());
		assertThrows(SQLException.class, () -> {
			try (Connection c = StoreLocator.client(wrong).getConnection()) {
				// refused before this
			}
		});

		List<org.osgi.service.event.Event> events = java.util.Collections.synchronizedList(new ArrayList<>());
		DerbyRunStore here = DerbyRunStore.open(db, TestData.collecting(events));
		stores.add(here);
		assertTrue(here.problem().isEmpty(), here.problem().orElse(""));
		assertFalse(here.database().link().embedded(), "this JVM goes through the holder's server");

		String runId = UUID.randomUUID().toString();
		ChildJvm cli = child("record", db.toString(), runId, "300", "20");
		cli.await("READY", 90);
		// `runs list` during the run: another process's run, as it arrives
		RunStatus seen = null;
		for (long end = System.nanoTime() + 60_000_000_000L; System.nanoTime() < end && seen == null;) {
			if (here.list(RunStatus.RUNNING, 0, 50).stream().anyMatch(s -> s.runId().equals(runId))) {
				seen = RunStatus.RUNNING;
			} else {
				Thread.sleep(100);
			}
		}
		assertEquals(RunStatus.RUNNING, seen, "the other process's run is listed as running while it runs");
		assertTrue(cli.alive(), "seen while the recording process still runs");

		String done = cli.await("DONE", 120);
		assertTrue(done.startsWith("DONE written=true"), done);
		assertEquals(0, cli.waitFor(60));
		// live sync: this process heard of the other's run without recording anything itself
		assertTrue(events.stream().anyMatch(e -> e.getTopic().equals(io.deepstress.core.events.RecordTopics.CHANGED)),
				"record/changed posted for another process's writes");
		assertEquals(RunStatus.COMPLETED, status(here, runId));
		assertEquals(300, samples(here, runId), "every result recorded");

		// the holder records too, through its own embedded connection, while this JVM is a client: both kept
		assertTrue(holder.alive());
	}

	@Test
	void whenTheServingProcessDiesTheWriterKeepsEveryResultAndTakesTheDatabaseOver() throws Exception {
		ChildJvm holder = holder();
		String runId = UUID.randomUUID().toString();
		ChildJvm writer = child("record", db.toString(), runId, "400", "15");
		String link = writer.await("LINK", 90);
		assertTrue(link.contains("through the server of process " + holder.pid()), link);
		Thread.sleep(2_000); // some results are synced through the holder
		holder.kill();

		String done = writer.await("DONE", 180);
		assertTrue(done.startsWith("DONE written=true"), done + "\n" + writer.output());
		assertTrue(done.contains("link=embedded"), "the writer opened the database itself: " + done);
		assertEquals(0, writer.waitFor(60));

		DerbyRunStore here = open();
		assertEquals(RunStatus.COMPLETED, status(here, runId));
		assertEquals(400, samples(here, runId), "nothing lost while the database changed hands");
	}

	@Test
	void aKilledProcessesRunIsMarkedInterruptedByTheLeaseWhileAnotherKeepsRunning() throws Exception {
		holder();
		String killed = UUID.randomUUID().toString();
		String alive = UUID.randomUUID().toString();
		ChildJvm victim = child("hang", db.toString(), killed, "25");
		victim.await("SYNCED", 120);
		ChildJvm survivor = child("record", db.toString(), alive, "800", "25"); // 20 s of results
		survivor.await("READY", 90);
		DerbyRunStore here = open();
		assertEquals(RunStatus.RUNNING, status(here, killed), "a live process's run is not marked at start-up");
		victim.kill();

		RunStatus now = null;
		for (long end = System.nanoTime() + 60_000_000_000L; System.nanoTime() < end;) {
			now = status(here, killed);
			if (now == RunStatus.INTERRUPTED) {
				break;
			}
			Thread.sleep(250);
		}
		assertEquals(RunStatus.INTERRUPTED, now, "the killed process's run is marked once its lease ran out");
		assertTrue(survivor.alive(), "marked while the other run still goes on");
		assertEquals(RunStatus.RUNNING, status(here, alive), "the live process's run is not marked");
		RunSummary figures = here.find(killed).orElseThrow();
		assertTrue(figures.errorMessage().contains("from 25 synced samples"), figures.errorMessage());

		String done = survivor.await("DONE", 180);
		assertTrue(done.startsWith("DONE written=true"), done);
		assertEquals(RunStatus.COMPLETED, status(here, alive));
		assertEquals(800, samples(here, alive));
	}
}
