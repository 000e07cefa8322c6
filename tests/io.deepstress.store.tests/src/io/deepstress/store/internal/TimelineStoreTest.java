package io.deepstress.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.deepstress.core.timeline.RunTimeline;
import io.deepstress.core.timeline.ServerMeaning;
import io.deepstress.core.timeline.ServerMetricsStatus;
import io.deepstress.core.timeline.ServerSeries;
import io.deepstress.core.timeline.TimelinePoint;

/**
 * A run's timeline and server series in RUN_TIMELINE: read back as saved (absent percentiles included), in the
 * export only when the run has one, imported and exported again byte for byte, deleted with the run.
 */
class TimelineStoreTest {

	private static final String RUN_ID = "525f7e5e-0114-477e-a3ed-19980752ced5";
	private final Path dir = Path.of(System.getProperty("deepstress.test.dir"), UUID.randomUUID().toString());
	private DerbyRunStore store;

	@AfterEach
	void close() {
		if (store != null) {
			store.close();
		}
	}

	private static RunTimeline timeline() {
		return new RunTimeline(RUN_ID, 1_764_800_000_123L,
				List.of(new TimelinePoint(0, 2.75, 4, 1, 0, 41.5, 101.2, 130.0, 20.1, 25.3),
						new TimelinePoint(1, 3.0, 3, 4, 1, 120.25, Double.NaN, Double.NaN, 20.4, 22.0)),
				List.of(new ServerSeries("vllm:num_requests_running", ServerMeaning.RUNNING,
						Map.of("model_name", "m", "engine", "0"), List.of(new double[] { 0.012, 3 }, new double[] { 1.013, 2 }))),
				new ServerMetricsStatus("http://127.0.0.1:8000/metrics", ServerMetricsStatus.State.PARTIAL, "vllm", 2,
						"1 of 3 scrapes failed, the last: connection refused"));
	}

	@Test
	void savedReadExportedImportedDeleted() throws Exception {
		String old = Files.readString(Path.of(System.getProperty("deepstress.test.resources"), "export-v1", "export.json"),
				StandardCharsets.UTF_8);
		old = old.substring(0, old.length() - 1);
		store = TestStores.runStore(dir.resolve("db"), null);
		assertEquals(RUN_ID, store.importJson(old));
		assertTrue(store.timeline(RUN_ID).isEmpty(), "an old run has none");
		assertFalse(store.exportJson(RUN_ID).contains("\"timeline\""), "and none in its export");

		store.saveTimeline(timeline());
		RunTimeline back = store.timeline(RUN_ID).orElseThrow();
		assertEquals(timeline().points(), back.points());
		assertEquals(timeline().serverStatus(), back.serverStatus());
		ServerSeries s = back.serverMetrics().get(0);
		assertEquals("vllm:num_requests_running", s.name());
		assertEquals(ServerMeaning.RUNNING, s.meaning());
		assertEquals(Map.of("model_name", "m", "engine", "0"), s.labels());
		assertEquals(1.013, s.points().get(1)[0]);
		assertEquals(2.0, s.points().get(1)[1]);

		String export = store.exportJson(RUN_ID);
		assertTrue(export.contains("\"ttft_p50_ms\":null"), "absent percentiles are null");
		assertTrue(export.contains("\"points\":[[0.012,3],[1.013,2]]"), export);
		assertTrue(store.delete(RUN_ID));
		assertTrue(store.timeline(RUN_ID).isEmpty(), "deleted with the run");
		assertEquals(RUN_ID, store.importJson(export));
		assertEquals(export, store.exportJson(RUN_ID));
		assertEquals(timeline().points(), store.timeline(RUN_ID).orElseThrow().points());

		store.saveTimeline(new RunTimeline(RUN_ID, 5, List.of(), List.of(), null)); // saved again: replaced
		assertEquals(List.of(), store.timeline(RUN_ID).orElseThrow().points());
		assertThrows(IllegalArgumentException.class,
				() -> store.saveTimeline(new RunTimeline("no-such-run", 0, List.of(), List.of(), null)));
		String broken = export.replace("\"timeline\":[", "\"timeline\":7,\"z\":[");
		store.delete(RUN_ID);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.importJson(broken));
		assertTrue(e.getMessage().startsWith("malformed export"), e.getMessage());
		assertTrue(store.find(RUN_ID).isEmpty(), "nothing half-imported");
	}
}
