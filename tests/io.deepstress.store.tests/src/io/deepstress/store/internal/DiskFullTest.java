package io.deepstress.store.internal;

import static io.deepstress.store.internal.TestData.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

import io.deepstress.core.events.DeepStressTopics;
import io.deepstress.core.events.RecordTopics;
import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.run.Timeouts;
import io.deepstress.core.run.TokenSource;
import io.deepstress.core.services.RunStore;

/**
 * The records database on a real full disk: a 32 MB tmpfs mounted by the test (root; CI runs as root too) and
 * filled by a file. One clear message naming the disk and the path (not one stack trace per batch), the results
 * kept in the recorder's buffer while Derby is shut down, written once space is freed (the database reopened
 * writable), the run's final figures those of its summary; nothing synced before the disk filled is lost.
 */
class DiskFullTest {

	private static Path mount;

	private static String exec(String... cmd) throws Exception {
		Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes());
		int rc = p.waitFor();
		if (rc != 0) {
			throw new AssertionError("'" + String.join(" ", cmd) + "' failed (exit " + rc + "): " + out
					+ " (this test mounts a tmpfs and needs root, as CI has)");
		}
		return out;
	}

	@BeforeAll
	static void mountASmallTmpfs() throws Exception {
		mount = Path.of(System.getProperty("deepstress.test.dir"), "tmpfs-" + UUID.randomUUID()).toAbsolutePath();
		Files.createDirectories(mount);
		exec("mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", mount.toString());
	}

	@AfterAll
	static void unmount() throws Exception {
		if (mount != null) {
			exec("umount", "-l", mount.toString());
		}
	}

	private static RequestResult result(long i) {
		return new RequestResult("r-" + i, i, "ds", "p" + i, 1, true, false, 0, 1000 * i, 5_000_000, 20_000_000, 3,
				4_000_000, 5_000_000, 4_000_000, 4, TokenSource.USAGE, 7, 12, 200, null, null);
	}

	private static List<RequestResult> batch(long from, int n) {
		List<RequestResult> b = new ArrayList<>();
		for (int k = 0; k < n; k++) {
			b.add(result(from + k));
		}
		return b;
	}

	/** Writes a file until the disk is full; returns it. */
	private static Path fill() throws IOException {
		Path filler = mount.resolve("filler");
		try (OutputStream out = Files.newOutputStream(filler)) {
			byte[] b = new byte[64 * 1024];
			for (int i = 0; i < 100_000; i++) {
				out.write(b);
			}
			throw new AssertionError("the tmpfs did not fill");
		} catch (IOException full) {
			assertTrue(String.valueOf(full.getMessage()).contains("No space left"), full.toString());
		}
		return filler;
	}

	@Test
	void beforeALongRunTheFreeSpaceIsComparedWithTheSamplesItMayWrite() throws Exception {
		DerbyRunStore store = DerbyRunStore.open(mount.resolve("db-space"), null);
		try {
			RunConfig base = new RunConfig("long", new ApiTarget("http://127.0.0.1:1/v1", ApiKind.CHAT, "m", Map.of(),
					null), RequestOptions.defaults(),
					List.of(new DatasetShare(new Dataset("ds", List.of(new Prompt("p", "x"))), 1)), new Load.ClosedLoop(64),
					Limits.requests(1_000_000), Timeouts.defaults(), RetryPolicy.none());
			Optional<String> warning = store.spaceWarning(base);
			assertTrue(warning.isPresent(), "a million samples on a 32 MB disk");
			assertTrue(warning.get().contains("1,000,000 samples") && warning.get().contains("tmpfs")
					&& warning.get().contains(mount.toString()), warning.get());
			RunConfig open = new RunConfig("open", base.target(), base.request(), base.datasets(),
					new Load.OpenLoop(500, false, 64), Limits.duration(java.time.Duration.ofHours(1)), base.timeouts(),
					base.retry());
			assertTrue(store.spaceWarning(open).orElse("").contains("1,800,000 samples"), "500/s for an hour");
			RunConfig small = new RunConfig("small", base.target(), base.request(), base.datasets(), base.load(),
					Limits.requests(100), base.timeouts(), base.retry());
			assertEquals(Optional.empty(), store.spaceWarning(small), "100 samples fit");
		} finally {
			store.close();
		}
	}

	@Test
	void aFullDiskKeepsTheResultsAndWritesThemOnceSpaceIsFreed() throws Exception {
		List<Event> events = Collections.synchronizedList(new ArrayList<>());
		Path db = mount.resolve("db");
		DerbyRunStore store = DerbyRunStore.open(db, TestData.collecting(events));
		assertEquals(Optional.empty(), store.problem());
		RunConfig config = new RunConfig("full", new ApiTarget("http://127.0.0.1:1/v1", ApiKind.CHAT, "m", Map.of(), null),
				RequestOptions.defaults(), List.of(new DatasetShare(new Dataset("ds", List.of(new Prompt("p", "x"))), 1)),
				new Load.ClosedLoop(1), Limits.singlePass(), Timeouts.defaults(), RetryPolicy.none());
		RunStore.Recorder recorder = store.recorder(config);
		String runId = UUID.randomUUID().toString();
		recorder.onSnapshot(snapshot(runId));
		long fed = 0;
		recorder.onResults(batch(fed, 2000));
		fed += 2000;
		assertTrue(recorder.awaitWritten(30_000), recorder.lastError());
		long syncedBefore = fed;

		Path filler = fill();
		long deadline = System.currentTimeMillis() + 90_000;
		long fullAt = -1;
		while (System.currentTimeMillis() < deadline) { // a fast run goes on: results keep coming
			recorder.onResults(batch(fed, 2000));
			fed += 2000;
			recorder.onSnapshot(snapshot(runId));
			String error = recorder.lastError();
			if (error != null && error.contains("is full")) {
				fullAt = System.nanoTime();
				break;
			}
			Thread.sleep(100);
		}
		assertTrue(fullAt > 0, "no full-disk message within 90 s; last error: " + recorder.lastError());
		String message = recorder.lastError();
		assertTrue(message.contains("The disk holding the records database is full") && message.contains(db.toString())
				&& message.contains("tmpfs"), message);
		assertTrue(message.contains("written when space is freed"), message);
		assertNotNull(store.database().diskProblem());
		// the run goes on for 3 s more against the full disk: still one message, repeated at most every 5 s
		for (int i = 0; i < 30; i++) {
			recorder.onResults(batch(fed, 200));
			fed += 200;
			recorder.onSnapshot(snapshot(runId));
			Thread.sleep(100);
		}
		long fullMessages = events.stream().filter(e -> RecordTopics.FAILED.equals(e.getTopic()))
				.filter(e -> String.valueOf(e.getProperty(DeepStressTopics.DATA)).contains("is full")).count();
		long seconds = (System.nanoTime() - fullAt) / 1_000_000_000L;
		assertTrue(fullMessages >= 1 && fullMessages <= 2 + seconds / 5, fullMessages + " full-disk messages in "
				+ seconds + " s");
		assertTrue(events.stream().filter(e -> RecordTopics.FAILED.equals(e.getTopic())).count() <= fullMessages + 3,
				"few other failure events: " + events.size());

		Files.delete(filler); // space is back
		recorder.onResults(batch(fed, 100));
		fed += 100;
		RunSummary summary = TestData.summary(runId, fed);
		recorder.onFinished(summary);
		assertTrue(recorder.awaitWritten(60_000), "written once space was freed: " + recorder.lastError());
		assertNull(store.database().diskProblem());
		RunSummary stored = store.find(runId).orElseThrow();
		assertEquals(RunStatus.COMPLETED, stored.status());
		assertEquals(fed, stored.total(), "the final figures are the engine's summary");
		assertEquals(summary.ttft(), stored.ttft());
		assertEquals(fed, store.samples(runId).size(), "every result written once, none lost");
		assertTrue(fed > syncedBefore);

		store.close();
		DerbyRunStore again = DerbyRunStore.open(db, null);
		try {
			assertEquals(Optional.empty(), again.problem());
			assertEquals(fed, again.samples(runId).size(), "all of it on disk after a restart");
			assertEquals(RunStatus.COMPLETED, again.find(runId).orElseThrow().status());
		} finally {
			again.close();
		}
	}
}
