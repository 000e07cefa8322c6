package io.deepstress.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.LiveSnapshot;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.Timeouts;
import io.deepstress.core.run.TokenSource;
import io.deepstress.core.services.RunStore;
import jakarta.persistence.EntityManager;

/**
 * Store speed figures, printed and written to target/store-benchmark.txt (not a test: run by
 * {@code benchmarks/measure.sh store}; the suite checks the same queries at a small size in RunQueryTest).
 * Sizes come from -Dstore.bench.batch (5,000 samples per transaction), -Dstore.bench.samples (1,000,000),
 * -Dstore.bench.runs (10,000) and -Dstore.bench.chart (100,000), set through the pom's properties.
 */
class StoreBenchmark {

	private static final int SAMPLES = Integer.getInteger("store.bench.samples", 1_000_000);
	private static final int RUNS = Integer.getInteger("store.bench.runs", 10_000);
	private static final int CHART = Integer.getInteger("store.bench.chart", 100_000);
	private static final int BATCH = Integer.getInteger("store.bench.batch", 5_000);

	private static RequestResult result(long i) {
		return new RequestResult("b-" + i, i, "ds", "p" + (i % 100), 1, true, false, 0, i, 50_000_000, 1_300_000_000,
				127, 10_000_000, 12_000_000, 9_900_000, 128, TokenSource.USAGE, 20, 600, 200, null, null);
	}

	private static RunConfig config() {
		return new RunConfig("bench", new ApiTarget("http://127.0.0.1:1/v1", ApiKind.CHAT, "m", null, null),
				RequestOptions.defaults(), List.of(new DatasetShare(new Dataset("ds", List.of(new Prompt("p", "x"))), 1)),
				new Load.ClosedLoop(1), Limits.singlePass(), new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1),
						Duration.ofSeconds(1)), RetryPolicy.none());
	}

	private static String fill(DerbyRunStore store, int samples) throws InterruptedException {
		RunStore.Recorder recorder = store.recorder(config());
		String runId = UUID.randomUUID().toString();
		recorder.onSnapshot(new LiveSnapshot(runId, "bench", 0, 0, 0, 0, 0, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN,
				Double.NaN, Double.NaN));
		for (int i = 0; i < samples; i += BATCH) {
			List<RequestResult> batch = new ArrayList<>(BATCH);
			for (int j = i; j < Math.min(samples, i + BATCH); j++) {
				batch.add(result(j));
			}
			recorder.onResults(batch);
			if ((i / BATCH) % 4 == 3) {
				assertTrue(recorder.awaitWritten(120_000)); // keep the buffer bounded like a live run
			}
		}
		assertTrue(recorder.awaitWritten(300_000), ((RunRecorder) recorder).lastError());
		return runId;
	}

	@Test
	void printsStoreSpeedFigures() throws Exception {
		Path dir = Path.of(System.getProperty("deepstress.test.dir"), "bench-" + UUID.randomUUID());
		DerbyRunStore store = TestStores.runStore(dir.resolve("db"), null);
		StringBuilder report = new StringBuilder();
		try {
			long t0 = System.nanoTime();
			String big = fill(store, SAMPLES);
			double seconds = (System.nanoTime() - t0) / 1e9;
			report.append(String.format(Locale.ROOT, "insert %,d request samples in batches of %,d: %.1f s = %,.0f samples/s%n",
					SAMPLES, BATCH, seconds, SAMPLES / seconds));

			EntityManager em = store.emfForTests().createEntityManager();
			em.getTransaction().begin();
			for (int i = 0; i < RUNS; i++) {
				RunEntity r = new RunEntity();
				r.runId = UUID.randomUUID().toString();
				r.name = "run " + i;
				r.status = RunStatus.COMPLETED.name();
				r.startMillis = 1_700_000_000_000L + i * 1000L;
				r.latencyJson = "{}";
				r.errorsJson = "{}";
				em.persist(r);
				if (i % 1000 == 999) {
					em.flush();
					em.clear();
				}
			}
			em.getTransaction().commit();
			em.close();
			long[] page = new long[7];
			for (int i = 0; i < page.length; i++) {
				long s = System.nanoTime();
				assertEquals(50, store.list(null, 0, 50).size());
				page[i] = System.nanoTime() - s;
			}
			Arrays.sort(page);
			report.append(String.format(Locale.ROOT, "first page (50) of %,d runs, newest first: median %.1f ms (best %.1f, first call %s)%n",
					store.count(), page[page.length / 2] / 1e6, page[0] / 1e6, "included"));

			String chartRun = CHART == SAMPLES ? big : fill(store, CHART);
			long[] chart = new long[5];
			for (int i = 0; i < chart.length; i++) {
				long s = System.nanoTime();
				int points = store.samples(chartRun, 1000).size();
				chart[i] = System.nanoTime() - s;
				assertTrue(points > 500 && points <= 1000, points + " points");
			}
			Arrays.sort(chart);
			report.append(String.format(Locale.ROOT, "chart data of a %,d-sample run downsampled to 1,000 points: median %.1f ms (best %.1f)%n",
					CHART, chart[chart.length / 2] / 1e6, chart[0] / 1e6));
		} finally {
			store.close();
		}
		System.out.print(TestStores.described(report.toString()));
		Files.writeString(Path.of(System.getProperty("deepstress.test.dir")).resolve("../" + TestStores.reportName("store-benchmark")), TestStores.described(report.toString()));
	}
}
