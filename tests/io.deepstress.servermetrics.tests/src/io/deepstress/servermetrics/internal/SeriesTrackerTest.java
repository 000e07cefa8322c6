package io.deepstress.servermetrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.deepstress.core.timeline.ServerMeaning;
import io.deepstress.core.timeline.ServerSeries;

/** Successive scrapes as series: gauges as they are, counters as rates, histograms as interval means. */
class SeriesTrackerTest {

	private static ServerSeries series(SeriesTracker t, String name) {
		return t.series().stream().filter(s -> s.name().equals(name)).findFirst()
				.orElseThrow(() -> new AssertionError("no series " + name + " in " + t.series().stream().map(ServerSeries::name).toList()));
	}

	@Test
	void vllmTwoScrapesTwoSecondsApart() throws Exception {
		String first = Texts.of("vllm");
		String second = first.replace("vllm:num_requests_running{engine=\"0\",model_name=\"Qwen/Qwen3-8B\"} 12.0",
				"vllm:num_requests_running{engine=\"0\",model_name=\"Qwen/Qwen3-8B\"} 16.0")
				.replace("} 30560.0", "} 31560.0") // generation tokens +1000 in 2 s
				.replace("_count{engine=\"0\",model_name=\"Qwen/Qwen3-8B\"} 247.0", "_count{engine=\"0\",model_name=\"Qwen/Qwen3-8B\"} 257.0")
				.replace("_sum{engine=\"0\",model_name=\"Qwen/Qwen3-8B\"} 24.7", "_sum{engine=\"0\",model_name=\"Qwen/Qwen3-8B\"} 26.7")
				.replace("} 52000.0", "} 54000.0").replace("} 13000.0", "} 13500.0");
		SeriesTracker t = new SeriesTracker(Set.of("process_resident_memory_bytes"));
		t.add(1.0, PrometheusText.parse(first));
		t.add(3.0, PrometheusText.parse(second));
		assertEquals("vllm", t.server());

		ServerSeries running = series(t, "vllm:num_requests_running");
		assertEquals(ServerMeaning.RUNNING, running.meaning());
		assertEquals("Qwen/Qwen3-8B", running.labels().get("model_name"));
		assertEquals(2, running.points().size());
		assertEquals(List.of(1.0, 12.0, 3.0, 16.0), flat(running));

		ServerSeries gen = series(t, "vllm:generation_tokens_total");
		assertEquals(ServerMeaning.GENERATION_TOKENS_PER_S, gen.meaning());
		assertEquals(List.of(3.0, 500.0), flat(gen));

		ServerSeries ttft = series(t, "vllm:time_to_first_token_seconds");
		assertEquals(ServerMeaning.SERVER_TTFT_MS, ttft.meaning());
		assertEquals(3.0, ttft.points().get(0)[0]);
		assertEquals(200.0, ttft.points().get(0)[1], 1e-9); // 2 s over 10 first tokens
		assertNull(ttft.labels().get("le"));

		assertEquals(List.of(3.0, 0.25), flat(series(t, "vllm:prefix_cache_hit_rate")));
		assertEquals(List.of(1.0, 0.4375, 3.0, 0.4375), flat(series(t, "vllm:kv_cache_usage_perc")));
		assertEquals(List.of(1.0, 2.147483648e9, 3.0, 2.147483648e9), flat(series(t, "process_resident_memory_bytes")));
		// not known and not picked
		assertEquals(0, t.series().stream().filter(s -> s.name().startsWith("python_gc")).count());
	}

	@Test
	void eachServerNamesItsCommonSeries() throws Exception {
		for (String server : List.of("sglang", "tgi", "llamacpp")) {
			SeriesTracker t = new SeriesTracker(Set.of());
			t.add(0.5, PrometheusText.parse(Texts.of(server)));
			List<String> meanings = t.series().stream().map(ServerSeries::meaning).distinct().toList();
			assertEquals(true, meanings.contains(ServerMeaning.RUNNING), server + " " + meanings);
			assertEquals(true, meanings.contains(ServerMeaning.WAITING), server + " " + meanings);
		}
		SeriesTracker s = new SeriesTracker(Set.of());
		s.add(0.5, PrometheusText.parse(Texts.of("sglang")));
		assertEquals("sglang", s.server());
		assertEquals(List.of(0.5, 0.62), flat(series(s, "sglang:token_usage")));
		SeriesTracker l = new SeriesTracker(Set.of());
		l.add(0.5, PrometheusText.parse(Texts.of("llamacpp")));
		assertEquals("llama.cpp", l.server());
		assertEquals(List.of(0.5, 2.0), flat(series(l, "llamacpp:requests_processing")));
	}

	@Test
	void aCounterResetGivesNoNegativeRate() throws Exception {
		SeriesTracker t = new SeriesTracker(Set.of());
		t.add(1, PrometheusText.parse("vllm:generation_tokens_total 100\n"));
		t.add(2, PrometheusText.parse("vllm:generation_tokens_total 300\n"));
		t.add(3, PrometheusText.parse("vllm:generation_tokens_total 10\n")); // the server restarted
		t.add(4, PrometheusText.parse("vllm:generation_tokens_total 60\n"));
		assertEquals(List.of(2.0, 200.0, 4.0, 50.0), flat(series(t, "vllm:generation_tokens_total")));
	}

	private static List<Double> flat(ServerSeries s) {
		return s.points().stream().flatMap(p -> java.util.stream.Stream.of(p[0], p[1])).toList();
	}
}
