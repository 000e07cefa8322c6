package io.deepstress.store.internal;

import static io.deepstress.store.internal.TestData.result;
import static io.deepstress.store.internal.TestData.snapshot;
import static io.deepstress.store.internal.TestData.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

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
import io.deepstress.core.run.Timeouts;
import io.deepstress.core.services.RunStore;

/**
 * A write that fails (here: another connection holds an exclusive lock on the samples table, so Derby
 * times out the writer's insert) does not stop the run: the results wait and are written once the
 * database takes writes again, exactly once; the failure is posted on the bus.
 */
class FailingWriteTest {

	private final Path dir = Path.of(System.getProperty("deepstress.test.dir"), UUID.randomUUID().toString());

	@Test
	void resultsWaitThroughFailedWritesAndAreWrittenOnceLater() throws Exception {
		List<Event> events = Collections.synchronizedList(new ArrayList<>());
		EventAdmin bus = TestData.collecting(events);
		DerbyRunStore store = DerbyRunStore.open(dir.resolve("db"), bus);
		EmbeddedDataSource ds = DerbyCredentials.embedded(dir.resolve("db")); // this JVM's Derby login
		try (Connection blocker = ds.getConnection()) {
			try (Statement s = blocker.createStatement()) {
				// this database only: give up on a lock after 1 s instead of 60
				s.execute("CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.locks.waitTimeout', '1')");
			}
			RunConfig config = new RunConfig("failing", new ApiTarget("http://127.0.0.1:1/v1", ApiKind.CHAT, "m",
					Map.of(), null), RequestOptions.defaults(),
					List.of(new DatasetShare(new Dataset("ds", List.of(new Prompt("p", "x"))), 1)), new Load.ClosedLoop(1),
					Limits.singlePass(), Timeouts.defaults(), RetryPolicy.none());
			RunStore.Recorder recorder = store.recorder(config);
			String runId = UUID.randomUUID().toString();
			recorder.onSnapshot(snapshot(runId));
			assertTrue(recorder.awaitWritten(5000), recorder.lastError());

			blocker.setAutoCommit(false);
			try (Statement s = blocker.createStatement()) {
				s.execute("LOCK TABLE REQUEST_SAMPLE IN EXCLUSIVE MODE");
			}
			List<RequestResult> batch = new ArrayList<>();
			for (int i = 0; i < 30; i++) {
				batch.add(result(i, true));
			}
			recorder.onResults(batch); // the run goes on: this returns at once
			TestData.awaitWriterIdle(store); // the write waits for the lock (1 s) and fails before this returns
			assertNotNull(recorder.lastError(), "the write failed");
			// the recorder logs the failure (a long stack trace) before it posts it: wait for the event too
			long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
			while (!posted(events, RecordTopics.FAILED) && System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
			assertTrue(posted(events, RecordTopics.FAILED), "failure posted");
			recorder.onResults(List.of(result(30, true), result(31, false)));
			blocker.commit(); // the lock goes: the database takes writes again
			blocker.setAutoCommit(true);

			recorder.onFinished(summary(runId, 32));
			assertTrue(recorder.awaitWritten(20_000), "written after the failure: " + recorder.lastError());
			assertNull(recorder.lastError());
			assertEquals(RunStatus.COMPLETED, store.find(runId).orElseThrow().status());
			assertEquals(32, store.samples(runId).size(), "every result, once");
			try (Statement s = blocker.createStatement();
					ResultSet rs = s.executeQuery("SELECT COUNT(DISTINCT SEQ), COUNT(*) FROM REQUEST_SAMPLE WHERE RUN_ID = '"
							+ runId + "'")) {
				assertTrue(rs.next());
				assertEquals(32, rs.getInt(1));
				assertEquals(32, rs.getInt(2));
			}
		} finally {
			store.close();
		}
	}

	private static boolean posted(List<Event> events, String topic) {
		synchronized (events) {
			return events.stream().anyMatch(e -> e.getTopic().equals(topic));
		}
	}
}
