package io.deepstress.simulator.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.deepstress.simulator.CapacityModel;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/**
 * {@code GET /metrics}: the simulator's real state in vLLM's names and the Prometheus text format, read while
 * requests hold it: with a capacity model its slots and queue, without one every open exchange as running.
 */
class SimulatorMetricsEndpointTest {

	/** Each answer: 20 tokens 100 ms apart, about 2 s. */
	private static SimulatorSettings slow() {
		return SimulatorSettings.defaults().withTtft(Duration.ofMillis(10)).withItl(Duration.ofMillis(100))
				.withOutputTokenRange(20, 20);
	}

	private static double value(String text, String name) {
		Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{engine=\"0\",model_name=\"deepstress-sim\"\\} (\\S+)$")
				.matcher(text);
		assertTrue(m.find(), name + " in\n" + text);
		return Double.parseDouble(m.group(1));
	}

	private static List<CompletableFuture<HttpResponse<String>>> send(Simulator sim, int n) {
		List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			all.add(Http.CLIENT.sendAsync(Http.post(sim.baseUrl() + "/chat/completions", Http.chat("hi", true, "")).build(),
					HttpResponse.BodyHandlers.ofString()));
		}
		return all;
	}

	/** Waits until the state shows {@code running} (bounded). */
	private static String await(Simulator sim, String name, double expected) throws Exception {
		long end = System.nanoTime() + 10_000_000_000L;
		String text;
		do {
			HttpResponse<String> r = Http.get(sim.baseUrl().replace("/v1", "/metrics"));
			assertEquals(200, r.statusCode());
			assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
			text = r.body();
			if (value(text, name) == expected) {
				return text;
			}
			Thread.sleep(20);
		} while (System.nanoTime() < end);
		throw new AssertionError(name + " never " + expected + ":\n" + text);
	}

	@Test
	void theCapacityModelsSlotsAndQueue() throws Exception {
		try (Simulator sim = Simulator.start(slow(), CapacityModel.slots(2))) {
			String idle = await(sim, "vllm:num_requests_running", 0);
			assertEquals(0.0, value(idle, "vllm:num_requests_waiting"));
			assertEquals(0.0, value(idle, "vllm:kv_cache_usage_perc"));
			assertTrue(idle.contains("# TYPE vllm:num_requests_running gauge\n"), idle);
			var answers = send(sim, 5);
			String busy = await(sim, "vllm:num_requests_waiting", 3);
			var truth = sim.capacity();
			assertEquals(truth.running(), (int) value(busy, "vllm:num_requests_running"));
			assertEquals(2.0, value(busy, "vllm:num_requests_running"));
			assertEquals(1.0, value(busy, "vllm:kv_cache_usage_perc"));
			for (var a : answers) {
				assertEquals(200, a.get().statusCode());
			}
			String after = await(sim, "vllm:num_requests_running", 0);
			assertEquals(5.0, value(after, "vllm:request_success_total"));
		}
	}

	@Test
	void withoutACapacityModelEveryOpenExchangeRuns() throws Exception {
		try (Simulator sim = Simulator.start(slow())) {
			var answers = send(sim, 3);
			String busy = await(sim, "vllm:num_requests_running", 3);
			assertEquals(0.0, value(busy, "vllm:num_requests_waiting"));
			for (var a : answers) {
				assertEquals(200, a.get().statusCode());
			}
			await(sim, "vllm:num_requests_running", 0);
		}
	}
}
