package io.deepstress.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.deepstress.core.run.DatasetStats;
import io.deepstress.core.run.ErrorKind;
import io.deepstress.core.run.LatencyStats;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.run.TokenSource;

/**
 * {@code run --out} and {@code --samples} render the same figures as DeepStress 0.1 did, byte for byte (field
 * order, number formatting): the figures are read back from files 0.1 wrote (resources/cli-v1, see its
 * README.txt), rendered again and compared with the files.
 */
class OutputCompatibilityTest {

	private static String resource(String name) throws IOException {
		return Files.readString(Path.of(System.getProperty("deepstress.test.resources"), "cli-v1", name),
				StandardCharsets.UTF_8);
	}

	@Test
	void theSummaryJsonOfTheSameRunIsTheSameText() throws Exception {
		String file = resource("run.json");
		JsonNode d = CliJson.read(file);
		Map<String, Object> rendered = Reports.json(summary(d), d.get("url").textValue());
		Map<String, Object> client = new LinkedHashMap<>();
		client.put("cpu_s", d.at("/client/cpu_s").doubleValue());
		client.put("peak_rss_kib", d.at("/client/peak_rss_kib").longValue());
		client.put("java", d.at("/client/java").textValue());
		client.put("cores", d.at("/client/cores").intValue());
		rendered.put("client", client);
		assertEquals(file, CliJson.write(rendered) + "\n");
	}

	@Test
	void everySampleLineOfTheSameRunIsTheSameText() throws Exception {
		List<String> lines = resource("samples.jsonl").lines().toList();
		assertEquals(39, lines.size());
		int errors = 0;
		for (String line : lines) {
			RequestResult r = sample(CliJson.read(line));
			errors += r.error() == null ? 0 : 1;
			assertEquals(line, CliJson.write(Reports.sample(r)));
		}
		assertTrue(errors >= 4, "the file has failed attempts too: " + errors);
	}

	private static RunSummary summary(JsonNode d) {
		List<DatasetStats> datasets = new ArrayList<>();
		for (JsonNode s : d.get("datasets")) {
			datasets.add(new DatasetStats(s.get("name").textValue(), s.get("weight").doubleValue(),
					s.get("total").longValue(), s.get("succeeded").longValue(), s.get("failed").longValue(),
					s.get("output_tokens").longValue(), s.get("chars").longValue(), s.get("total_time_s").doubleValue(),
					s.get("avg_response_time_s").doubleValue(), s.get("avg_generation_speed").doubleValue(),
					s.get("avg_tps").doubleValue()));
		}
		Map<String, Long> errors = new LinkedHashMap<>();
		d.get("errors").properties().forEach(e -> errors.put(e.getKey(), e.getValue().longValue()));
		JsonNode requests = d.get("requests");
		JsonNode tokens = d.get("tokens");
		JsonNode throughput = d.get("throughput");
		JsonNode original = d.get("original");
		return new RunSummary(d.get("run_id").textValue(), d.get("name").textValue(), d.get("model").textValue(),
				d.get("load").textValue(), d.get("concurrency").intValue(),
				RunStatus.valueOf(d.get("status").textValue().toUpperCase(Locale.ROOT)),
				d.has("error_message") ? d.get("error_message").textValue() : null, d.get("start_epoch_ms").longValue(),
				d.get("end_epoch_ms").longValue(), d.get("duration_s").doubleValue(), requests.get("total").longValue(),
				requests.get("succeeded").longValue(), requests.get("failed").longValue(),
				requests.get("attempts").longValue(), tokens.get("output").longValue(), tokens.get("input").longValue(),
				tokens.get("chars").longValue(), tokens.get("estimated_requests").longValue(),
				throughput.get("requests_per_s").doubleValue(), throughput.get("output_tokens_per_s").doubleValue(),
				number(throughput.get("target_rate")), number(throughput.get("achieved_rate")),
				latency(d.get("ttft_ms")), latency(d.get("e2e_ms")), latency(d.get("itl_ms")), latency(d.get("tpot_ms")),
				errors, datasets, number(original.get("avg_response_time_s")),
				number(original.get("avg_generation_speed")), number(original.get("avg_tps")));
	}

	private static LatencyStats latency(JsonNode l) {
		return new LatencyStats(l.get("count").longValue(), number(l.get("mean")), number(l.get("p50")),
				number(l.get("p90")), number(l.get("p95")), number(l.get("p99")), number(l.get("max")));
	}

	private static double number(JsonNode n) {
		return n == null || n.isNull() ? Double.NaN : n.doubleValue();
	}

	private static RequestResult sample(JsonNode s) {
		int status = s.get("http_status").isNull() ? 0 : s.get("http_status").intValue();
		ErrorKind error = null;
		if (!s.get("error").isNull()) {
			for (ErrorKind k : ErrorKind.values()) {
				if (k.key(status).equals(s.get("error").textValue())) {
					error = k;
				}
			}
		}
		return new RequestResult(s.get("request_id").textValue(), s.get("index").longValue(),
				s.get("dataset").textValue(), s.get("prompt_id").textValue(), s.get("attempt").intValue(),
				s.get("final").booleanValue(), s.get("warmup").booleanValue(), 0, s.get("start_epoch_us").longValue(),
				nanos(s.get("ttft_ms")), nanos(s.get("e2e_ms")), s.get("itl_count").intValue(), nanos(s.get("itl_mean_ms")),
				nanos(s.get("itl_max_ms")), nanos(s.get("tpot_ms")), s.get("output_tokens").longValue(),
				TokenSource.valueOf(s.get("tokens_source").textValue().toUpperCase(Locale.ROOT)),
				s.get("input_tokens").isNull() ? -1 : s.get("input_tokens").longValue(), s.get("chars").longValue(), status,
				error, s.get("error_message").textValue());
	}

	private static long nanos(JsonNode ms) {
		return ms.isNull() ? -1 : Math.round(ms.doubleValue() * 1e6);
	}
}
