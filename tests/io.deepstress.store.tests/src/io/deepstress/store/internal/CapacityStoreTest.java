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

import io.deepstress.core.capacity.CapacityRecord;
import io.deepstress.core.capacity.CapacityRequest;
import io.deepstress.core.metrics.Saturation;
import io.deepstress.core.metrics.SaturationVerdict;
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

/**
 * Schema 10 in a real Derby: a capacity search kept per batch (saved, replaced, listed newest first, read back with
 * every field), and a run's saturation verdict kept with its final write and carried by its export.
 */
class CapacityStoreTest {

	private final List<DerbyRunStore> opened = new ArrayList<>();
	private final Path dir = Path.of(System.getProperty("deepstress.test.dir"), UUID.randomUUID().toString());

	@AfterEach
	void closeAll() {
		opened.forEach(DerbyRunStore::close);
	}

	private DerbyRunStore open() {
		DerbyRunStore store = DerbyRunStore.open(dir.resolve("db"), null);
		opened.add(store);
		assertTrue(store.problem().isEmpty(), store.problem().orElse(""));
		return store;
	}

	private static CapacityRecord search(String batch, String status, long started, int levels, double answer) {
		List<CapacityRecord.Level> l = new ArrayList<>();
		for (int i = 0; i < levels; i++) {
			l.add(new CapacityRecord.Level(1 << i, List.of("run-" + batch + "-" + i), 40 + i, 30 + i, i, i < 2, i != 1,
					false, 3.5 * (i + 1), 41.25 * (i + 1), 11.5, i == 2 ? Double.NaN : 60.25 * (i + 1), 700, 50.5,
					4.0 + i));
		}
		return new CapacityRecord(batch, "capacity", status, CapacityRecord.COMPLETE.equals(status) ? "found"
				: "interrupted", "2 concurrent users at TTFT <= 60 ms (95 % CI 2-3), goodput 3.2 req/s",
				CapacityRequest.By.CONCURRENCY, "ttft<=60ms,attainment>=70%", 1, 8, 1500, 3, 0.95, 1, 0.2, answer,
				Double.isNaN(answer) ? Double.NaN : answer, Double.isNaN(answer) ? Double.NaN : answer + 1, "cliff", l,
				started, started + 10);
	}

	@Test
	void aSearchIsKeptPerBatchReplacedAtEachSaveAndListedNewestFirst() {
		DerbyRunStore store = open();
		DerbyCapacityStore searches = DerbyCapacityStore.over(store);
		String older = UUID.randomUUID().toString();
		String newer = UUID.randomUUID().toString();
		long now = System.currentTimeMillis();
		searches.save(search(older, CapacityRecord.PARTIAL, now - 5000, 1, Double.NaN));
		searches.save(search(newer, CapacityRecord.PARTIAL, now, 2, Double.NaN));
		CapacityRecord done = search(older, CapacityRecord.COMPLETE, now - 5000, 3, 2);
		searches.save(done); // the same batch again: replaced, not added
		assertEquals(done, searches.find(older).orElseThrow(), "every field read back (NaN stays NaN)");
		CapacityRecord partial = searches.find(newer).orElseThrow();
		assertFalse(partial.complete());
		assertFalse(partial.found());
		assertEquals(2, partial.levels().size());
		List<String> listed = searches.list().stream().map(CapacityRecord::batchId)
				.filter(b -> b.equals(older) || b.equals(newer)).toList();
		assertEquals(List.of(newer, older), listed, "newest first, one row per batch");
		assertTrue(searches.find("no-such-batch").isEmpty());
		assertTrue(searches.find(" " + older + " ").isPresent(), "an id with blanks around it");
	}

	@Test
	void aRunKeepsItsSaturationVerdictAndItsExportCarriesIt() throws Exception {
		DerbyRunStore store = open();
		RunConfig config = new RunConfig("saturated", new ApiTarget("http://127.0.0.1:1/v1", ApiKind.CHAT, "m", null,
				null), RequestOptions.defaults(), List.of(new DatasetShare(Datasets.builtin(), 1)),
				new Load.OpenLoop(40, false, 2000), Limits.singlePass(), Timeouts.defaults(), RetryPolicy.none());
		String runId = UUID.randomUUID().toString();
		RunStore.Recorder recorder = store.recorder(config);
		recorder.onSnapshot(snapshot(runId));
		List<RequestResult> batch = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			batch.add(result(i, true));
		}
		recorder.onResults(batch);
		Saturation found = new Saturation(runId, 14, 10, 19.5, 0.12, 830.25, 41.5, 22.75, 1.25, 0.95);
		recorder.onSaturation(SaturationVerdict.found(found, 10, 0.95));
		recorder.onFinished(summary(runId, 10));
		assertTrue(recorder.awaitWritten(10_000), ((RunRecorder) recorder).lastError());
		SaturationVerdict read = store.saturation(runId).orElseThrow();
		assertTrue(read.saturated() && read.tested());
		assertEquals(found, read.finding());

		String json = store.exportJson(runId);
		assertTrue(json.contains("\"saturationJson\":"), json.substring(0, Math.min(400, json.length())));
		assertTrue(store.delete(runId));
		assertTrue(store.saturation(runId).isEmpty());
		assertEquals(runId, store.importJson(json));
		assertEquals(found, store.saturation(runId).orElseThrow().finding(), "imported with its run");

		// a run without a verdict (recorded before it was kept) has none; its export has no such field
		String older = UUID.randomUUID().toString();
		RunStore.Recorder plain = store.recorder(config);
		plain.onSnapshot(snapshot(older));
		plain.onFinished(summary(older, 0));
		assertTrue(plain.awaitWritten(10_000));
		assertTrue(store.saturation(older).isEmpty());
		assertFalse(store.exportJson(older).contains("saturationJson"));
		// damaged text reads as none, not as a crash
		assertTrue(SaturationJson.read(older, "{not json").isEmpty());
		assertTrue(SaturationJson.read(older, "{\"saturated\":\"yes\"}").isEmpty());
		SaturationVerdict notTested = SaturationJson.read(older, SaturationJson.write(
				SaturationVerdict.notFound(10, 0.95, 4))).orElseThrow();
		assertFalse(notTested.saturated() || notTested.tested());
	}
}
