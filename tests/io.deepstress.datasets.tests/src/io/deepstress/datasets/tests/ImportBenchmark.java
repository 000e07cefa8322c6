package io.deepstress.datasets.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.deepstress.core.datasets.DatasetFormat;
import io.deepstress.core.datasets.ImportReport;
import io.deepstress.core.datasets.ImportRequest;
import io.deepstress.core.datasets.LengthHistogram;

/**
 * A ShareGPT JSON array of {@code import.bench.megabytes} (default 200) imported as whole conversations in the
 * test JVM's 128 MB heap (the pom's argLine): prints the time, records per second and the peak heap. Not run by
 * the suite ({@code benchmarks/measure.sh datasets}).
 */
class ImportBenchmark {

	@Test
	void importsALargeShareGptFileInBoundedHeap() throws Exception {
		long megabytes = Long.getLong("import.bench.megabytes", 200);
		Path target = Path.of(System.getProperty("deepstress.test.target", "target"));
		Path file = target.resolve("sharegpt-bench.json");
		long written = generate(file, megabytes << 20);
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			pool.resetPeakUsage();
		}
		AtomicLong turns = new AtomicLong();
		LengthHistogram lengths = new LengthHistogram();
		long start = System.nanoTime();
		ImportReport report = Importing.importer().read(new ImportRequest(file, DatasetFormat.SHAREGPT, null, true), p -> {
			turns.addAndGet(p.turns());
			lengths.add(p.text().length());
		}, null);
		double seconds = (System.nanoTime() - start) / 1e9;
		long peak = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP) {
				peak += pool.getPeakUsage().getUsed();
			}
		}
		long max = Runtime.getRuntime().maxMemory();
		String figures = String.format(Locale.ROOT,
				"ShareGPT import: %.1f MB, %d conversations (%d user turns) in %.2f s = %.1f MB/s, %.0f records/s;"
						+ " peak heap %.1f MB of max %.1f MB; %d problems%n",
				written / 1e6, report.prompts(), turns.get(), seconds, written / 1e6 / seconds, report.prompts() / seconds,
				peak / 1e6, max / 1e6, report.problemCount());
		System.out.print(figures);
		Files.writeString(target.resolve("import-benchmark.txt"), figures);
		assertEquals(0, report.problemCount());
		assertTrue(max <= 160L << 20, "runs in a bounded heap (-Xmx128m), not " + max);
		Files.delete(file);
	}

	/** Conversations of 1-4 exchanges with texts of varied lengths, until the file has {@code bytes}. */
	private static long generate(Path file, long bytes) throws IOException {
		String[] words = "the a model token cache prefix request latency stream server 模型 缓存 请求 batch GPU memory"
				.split(" ");
		long size = 0;
		long n = 0;
		try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			w.write("[\n");
			StringBuilder record = new StringBuilder();
			while (size < bytes) {
				record.setLength(0);
				record.append(n == 0 ? "" : ",\n").append("{\"id\": \"c").append(n).append("\", \"conversations\": [");
				int exchanges = 1 + (int) (n % 4);
				for (int e = 0; e < exchanges; e++) {
					record.append(e == 0 ? "" : ", ").append("{\"from\": \"human\", \"value\": \"");
					text(record, words, 20 + (int) ((n * 7 + e * 13) % 200));
					record.append("\"}, {\"from\": \"gpt\", \"value\": \"");
					text(record, words, 50 + (int) ((n * 11 + e * 3) % 400));
					record.append("\"}");
				}
				record.append("]}");
				w.append(record);
				size += record.length() + 6L * exchanges; // about: the CJK words take 3 bytes
				n++;
			}
			w.write("\n]\n");
		}
		return Files.size(file);
	}

	private static void text(StringBuilder out, String[] words, int count) {
		for (int i = 0; i < count; i++) {
			out.append(i == 0 ? "" : " ").append(words[(i * 31 + count) % words.length]);
		}
	}
}
