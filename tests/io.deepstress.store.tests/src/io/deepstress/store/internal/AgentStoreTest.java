package io.deepstress.store.internal;

import static io.deepstress.store.internal.TestData.snapshot;
import static io.deepstress.store.internal.TestData.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.deepstress.core.batch.AgentClock;
import io.deepstress.core.batch.AgentRecord;
import io.deepstress.core.batch.RunHistograms;
import io.deepstress.core.batch.Shard;
import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Datasets;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunOrigin;
import io.deepstress.core.run.Timeouts;
import io.deepstress.core.services.RunStore;

/**
 * {@code RUN_HISTOGRAM} and {@code RUN_AGENT} (schema 14) on a real Derby: a run's histograms come back equal (the
 * compressed encoding), its agent record whole, a second save replaces the first, deleting the run deletes both, and
 * a run that is not stored is refused.
 */
class AgentStoreTest {

	private DerbyRunStore store;

	@BeforeEach
	void open() {
		store = DerbyRunStore.open(Path.of(System.getProperty("deepstress.test.dir"), "agents-" + UUID.randomUUID()), null);
	}

	@AfterEach
	void close() {
		store.close();
	}

	static RunConfig config(String name) {
		return new RunConfig(name, new ApiTarget("http://127.0.0.1:1/v1", ApiKind.CHAT, "m", null, null),
				new RequestOptions(true, 8, null, null, true), List.of(new DatasetShare(Datasets.builtin(), 1)),
				new Load.ClosedLoop(1), Limits.requests(1), Timeouts.defaults(), RetryPolicy.none());
	}

	/** A finished run of batch {@code batch} with no samples. */
	static String run(RunStore store, String name, String batch) throws InterruptedException {
		RunStore.Recorder recorder = store.recorder(config(name), new RunOrigin(null, null, batch));
		String id = UUID.randomUUID().toString();
		recorder.onSnapshot(snapshot(id));
		recorder.onFinished(summary(id, 10));
		assertTrue(recorder.awaitWritten(10_000), recorder.lastError());
		return id;
	}

	@Test
	void histogramsAndAgentRecordsAreKeptReplacedAndDeletedWithTheRun() throws Exception {
		String id = run(store, "agent", "b-" + UUID.randomUUID());
		Histogram ttft = RunHistograms.histogram(), itl = RunHistograms.histogram();
		for (int i = 1; i <= 5000; i++) {
			ttft.recordValue(1000L * i);
			itl.recordValue(17L * i);
		}
		RunHistograms h = new RunHistograms(ttft, ttft, itl, RunHistograms.histogram());
		store.saveHistograms(id, h);
		RunHistograms back = store.histograms(id).orElseThrow();
		assertEquals(ttft, back.ttft());
		assertEquals(itl, back.itl());
		assertEquals(0, back.tpot().getTotalCount());
		AgentRecord agent = new AgentRecord(id, new Shard(2, 4), new AgentClock(-1234, 17, AgentClock.DATE, ""), "pod-2");
		store.saveAgent(agent);
		assertEquals(agent, store.agent(id).orElseThrow());
		AgentRecord again = new AgentRecord(id, new Shard(2, 4), AgentClock.unknown("no Date header"), "pod-2");
		store.saveAgent(again);
		store.saveHistograms(id, RunHistograms.empty());
		assertEquals(again, store.agent(id).orElseThrow(), "replaced, not added");
		assertEquals(0, store.histograms(id).orElseThrow().ttft().getTotalCount());

		assertTrue(store.delete(id));
		assertFalse(store.histograms(id).isPresent());
		assertFalse(store.agent(id).isPresent());
		assertEquals("no run nope", assertThrows(IllegalArgumentException.class,
				() -> store.saveHistograms("nope", RunHistograms.empty())).getMessage());
		assertEquals("no run nope", assertThrows(IllegalArgumentException.class,
				() -> store.saveAgent(new AgentRecord("nope", new Shard(0, 1), null, null))).getMessage());
		assertFalse(store.agent("nope").isPresent());
	}
}
