package io.deepstress.servermetrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The exposition-format parser on the /metrics text of four servers and on text that is not the format. */
class PrometheusTextTest {

	private static double value(PrometheusText.Parsed p, String name, Map<String, String> labels) {
		return p.samples().stream().filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
				.findFirst().orElseThrow(() -> new AssertionError("no sample " + name + labels)).value();
	}

	@Test
	void vllm() throws Exception {
		PrometheusText.Parsed p = PrometheusText.parse(Texts.of("vllm"));
		assertEquals(12.0, value(p, "vllm:num_requests_running", Map.of("model_name", "Qwen/Qwen3-8B", "engine", "0")));
		assertEquals(0.4375, value(p, "vllm:kv_cache_usage_perc", Map.of()));
		assertEquals(17.0, value(p, "vllm:request_success_total", Map.of("finished_reason", "stop")));
		assertEquals(247.0, value(p, "vllm:time_to_first_token_seconds_bucket", Map.of("le", "+Inf")));
		assertEquals(2.147483648e9, value(p, "process_resident_memory_bytes", Map.of()));
		assertEquals("histogram", p.types().get("vllm:time_to_first_token_seconds"));
		assertEquals("gauge", p.types().get("vllm:num_requests_waiting"));
		assertEquals(24, p.samples().size());
	}

	@Test
	void sglangTgiLlamaCpp() throws Exception {
		PrometheusText.Parsed s = PrometheusText.parse(Texts.of("sglang"));
		assertEquals(48.0, value(s, "sglang:num_running_reqs", Map.of()));
		assertEquals(4.5e5, value(s, "sglang:prompt_tokens_total", Map.of()));
		PrometheusText.Parsed t = PrometheusText.parse(Texts.of("tgi"));
		assertEquals(5.0, value(t, "tgi_queue_size", Map.of()));
		assertEquals(1190.0, value(t, "tgi_request_mean_time_per_token_duration_count", Map.of()));
		PrometheusText.Parsed l = PrometheusText.parse(Texts.of("llamacpp"));
		assertEquals(0.25, value(l, "llamacpp:kv_cache_usage_ratio", Map.of()));
		assertEquals(1.0, value(l, "llamacpp:requests_deferred", Map.of()));
	}

	@Test
	void escapesTimestampsSpecialValuesAndCrLf() throws Exception {
		PrometheusText.Parsed p = PrometheusText.parse("a{path=\"C:\\\\x\",q=\"say \\\"hi\\\"\\n\"} 1 1700000000000\r\n"
				+ "b +Inf\r\nc -Inf\nd NaN\n  \n# free comment\ne{} 2.5e-3\nf{x=\"1\",} 7\n# EOF\n");
		assertEquals(6, p.samples().size());
		assertEquals("C:\\x", p.samples().get(0).labels().get("path"));
		assertEquals("say \"hi\"\n", p.samples().get(0).labels().get("q"));
		assertEquals(Double.POSITIVE_INFINITY, p.samples().get(1).value());
		assertEquals(Double.NEGATIVE_INFINITY, p.samples().get(2).value());
		assertTrue(Double.isNaN(p.samples().get(3).value()));
		assertEquals(0.0025, p.samples().get(4).value());
		assertEquals(Map.of("x", "1"), p.samples().get(5).labels());
	}

	@Test
	void garbageIsRejectedNamingTheLine() {
		var html = assertThrows(PrometheusText.FormatException.class,
				() -> PrometheusText.parse("<html><body>Not Found</body></html>\n"));
		assertEquals("not Prometheus text: line 1: expected a metric name", html.getMessage());
		var json = assertThrows(PrometheusText.FormatException.class, () -> PrometheusText.parse("ok 1\n{\"a\": 1}\n"));
		assertTrue(json.getMessage().startsWith("not Prometheus text: line 2"), json.getMessage());
		var value = assertThrows(PrometheusText.FormatException.class, () -> PrometheusText.parse("x{a=\"1\"} twelve\n"));
		assertEquals("not Prometheus text: line 1: not a number: 'twelve'", value.getMessage());
		assertThrows(PrometheusText.FormatException.class, () -> PrometheusText.parse("x{a=\"1} 3\n"));
		assertThrows(PrometheusText.FormatException.class, () -> PrometheusText.parse("x{a=1} 3\n"));
		assertThrows(PrometheusText.FormatException.class, () -> PrometheusText.parse("x\n"));
	}
}
