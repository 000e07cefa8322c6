package io.deepstress.store.internal;

import static io.deepstress.store.internal.TestData.result;
import static io.deepstress.store.internal.TestData.snapshot;
import static io.deepstress.store.internal.TestData.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Datasets;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.Timeouts;
import io.deepstress.core.services.RunStore;
import io.deepstress.core.slo.SloResult;

/** A run's SLO result is saved with its final write, read back, exported and imported with it. */
class SloStoreTest {

	private final List<DerbyRunStore> opened = new ArrayList<>();
	private final Path dir = Path.of(System.getProperty("deepstress.test.dir"), UUID.randomUUID().toString());

	@AfterEach
	void closeAll() {
		opened.forEach(DerbyRunStore::close);
	}

	@Test
	void theSloResultIsKeptWithTheRunAndTravelsWithItsExport() throws Exception {
		DerbyRunStore store = TestStores.runStore(dir.resolve("db"), null);
		opened.add(store);
		assertTrue(store.problem().isEmpty(), store.problem().orElse(""));
		RunConfig config = new RunConfig("slo", new ApiTarget("http://127.0.0.1:1/v1", ApiKind.CHAT, "m", null, null),
				RequestOptions.defaults(), List.of(new DatasetShare(Datasets.builtin(), 1)), new Load.ClosedLoop(1),
				Limits.singlePass(), Timeouts.defaults(), RetryPolicy.none());

		String judged = UUID.randomUUID().toString();
		RunStore.Recorder recorder = store.recorder(config);
		recorder.onSnapshot(snapshot(judged));
		List<RequestResult> batch = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			batch.add(result(i, true));
		}
		recorder.onResults(batch);
		SloResult slo = new SloResult("ttft_p99<=500ms,e2e<=20s", 10, 8, 800, 2.5, Double.NaN, List.of(
				new SloResult.LimitResult("ttft_p99", "ttft_p99<=500ms", 500, 612.5, false, 10, 9, 0.99)));
		recorder.onSlo(slo);
		recorder.onFinished(summary(judged, 10));
		assertTrue(recorder.awaitWritten(10_000), ((RunRecorder) recorder).lastError());
		SloResult read = store.slo(judged).orElseThrow();
		assertEquals(slo.expression(), read.expression());
		assertEquals(8, read.met());
		assertEquals(0.8, read.attainment(), 1e-12);
		assertEquals(3.2, read.goodputRps(), 1e-12);
		assertTrue(Double.isNaN(read.attainmentTarget()));
		assertEquals(slo.limits(), read.limits());
		assertFalse(read.passed());

		String json = store.exportJson(judged);
		assertTrue(json.contains("\"sloJson\":"), json.substring(0, Math.min(400, json.length())));
		assertTrue(store.delete(judged));
		assertTrue(store.slo(judged).isEmpty());
		assertEquals(judged, store.importJson(json));
		assertEquals(slo.limits(), store.slo(judged).orElseThrow().limits(), "imported with its run");
		assertEquals(json, store.exportJson(judged));

		String plain = UUID.randomUUID().toString();
		RunStore.Recorder other = store.recorder(config);
		other.onSnapshot(snapshot(plain));
		other.onFinished(summary(plain, 0));
		assertTrue(other.awaitWritten(10_000));
		assertTrue(store.slo(plain).isEmpty(), "a run judged by no SLO has none");
		java.util.Map<String, SloResult> both = store.slo(List.of(judged, plain, "no-such-run"));
		assertEquals(java.util.Set.of(judged), both.keySet(), "one query for a page of runs");
		assertEquals(slo.limits(), both.get(judged).limits());
		assertFalse(store.exportJson(plain).contains("sloJson"), "and its export has no such field");
	}
}
