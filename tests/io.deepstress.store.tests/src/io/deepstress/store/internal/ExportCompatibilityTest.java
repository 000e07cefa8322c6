package io.deepstress.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.run.ErrorKind;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.run.TokenSource;

/**
 * A run exported by DeepStress 0.1.0 before JSON moved to Jackson (resources/export-v1, see its README.txt)
 * imports with every figure, and exporting it again gives the same bytes, as JSON and as CSV.
 */
class ExportCompatibilityTest {

	private static final String RUN_ID = "525f7e5e-0114-477e-a3ed-19980752ced5";
	private final Path dir = Path.of(System.getProperty("deepstress.test.dir"), UUID.randomUUID().toString());
	private DerbyRunStore store;

	private static String resource(String name) throws IOException {
		return Files.readString(Path.of(System.getProperty("deepstress.test.resources"), "export-v1", name),
				StandardCharsets.UTF_8);
	}

	@AfterEach
	void close() {
		if (store != null) {
			store.close();
		}
	}

	@Test
	void anOldExportImportsWithItsFiguresAndExportsAgainByteForByte() throws Exception {
		String file = resource("export.json");
		assertTrue(file.endsWith("}\n"), "the CLI writes the export and a newline");
		String json = file.substring(0, file.length() - 1);
		store = TestStores.runStore(dir.resolve("db"), null);
		assertTrue(store.problem().isEmpty(), store.problem().orElse(""));

		assertEquals(RUN_ID, store.importJson(json));

		RunSummary s = store.find(RUN_ID).orElseThrow();
		assertEquals("export fixture", s.name());
		assertEquals(RunStatus.COMPLETED, s.status());
		assertEquals("closed loop, concurrency 3", s.loadDescription());
		assertEquals(36, s.total());
		assertEquals(32, s.succeeded());
		assertEquals(4, s.failed());
		assertEquals(39, s.attempts());
		assertEquals(384, s.outputTokens());
		assertEquals(32, s.estimatedTokens());
		assertEquals(2080, s.chars());
		assertEquals(1.035418816, s.durationSeconds());
		assertEquals(8.119, s.ttft().p50());
		assertEquals(211.839, s.ttft().max());
		assertEquals(352, s.itl().count());
		assertEquals(0.9379119318181819, s.itl().mean());
		assertEquals(Map.of("protocol", 4L), s.errors());
		assertEquals(List.of("short", "long"), s.datasets().stream().map(d -> d.name()).toList());
		assertEquals(1.0, s.datasets().get(0).weight());
		assertEquals(2.0, s.datasets().get(1).weight());
		assertEquals(20, s.datasets().get(1).succeeded());
		assertEquals(1600.4099058488946, s.datasets().get(1).avgGenerationSpeed());

		List<RequestResult> samples = store.samples(RUN_ID);
		assertEquals(39, samples.size());
		assertTrue(samples.stream().allMatch(r -> r.tokenSource() == TokenSource.ESTIMATED));
		assertEquals(4, samples.stream().filter(r -> r.error() == ErrorKind.PROTOCOL).count());
		assertTrue(samples.stream().anyMatch(r -> r.error() == ErrorKind.HTTP_5XX && !r.last()), "a retried 500");
		assertTrue(samples.stream().anyMatch(r -> r.error() == ErrorKind.HTTP_4XX && r.httpStatus() == 429));
		List<GpuSample> gpu = store.gpuSamples(RUN_ID);
		assertEquals(2, gpu.size());
		GpuSample h100 = gpu.stream().filter(g -> g.name().contains("H100")).findFirst().orElseThrow();
		assertEquals(325.37, h100.powerW());
		assertEquals("0x0000000000000004", h100.throttleReasons());
		assertTrue(gpu.stream().anyMatch(g -> g.throttleReasons() == null), "absent stays absent");

		assertEquals(json, store.exportJson(RUN_ID), "the JSON export of the imported run");
		assertEquals(resource("export.csv"), store.exportCsv(RUN_ID), "the CSV export of the imported run");
	}
}
