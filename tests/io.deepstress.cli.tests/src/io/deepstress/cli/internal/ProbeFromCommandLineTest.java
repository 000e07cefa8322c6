package io.deepstress.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/** {@code deepstress probe --url URL}: what the simulator supports, and a dead endpoint (exit 1) or a bad URL (exit 2). */
class ProbeFromCommandLineTest {

	@Test
	void theSimulatorAsAProbeSeesIt() throws Exception {
		try (Simulator sim = Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ofMillis(40))
				.withItl(Duration.ofMillis(5)).withReasoningTokens(2))) {
			Cli.Result r = Cli.run("probe", "--url", sim.baseUrl(), "--json");
			assertEquals(0, r.code(), r.out() + r.err());
			JsonNode j = CliJson.read(r.out());
			assertEquals(sim.baseUrl(), j.get("url").asText());
			assertTrue(j.get("reachable").asBoolean());
			assertEquals("deepstress-sim", j.get("models").get(0).asText());
			assertEquals("deepstress-sim", j.get("model").asText());
			assertTrue(j.get("streaming").asBoolean());
			assertTrue(j.get("include_usage").asBoolean());
			assertTrue(j.get("role_chunk_first").asBoolean(), "the simulator sends the role first, like vLLM");
			assertEquals("reasoning_content", j.get("reasoning_field").asText());
			assertTrue(j.get("ttft_ms").asDouble() >= 39 && j.get("ttft_ms").asDouble() < 5000, j.toString());
			assertTrue(j.get("e2e_ms").asDouble() >= j.get("ttft_ms").asDouble());
			assertTrue(j.get("tokenize").asBoolean(), "the simulator answers /tokenize");
			assertTrue(j.get("metrics").asBoolean());
			assertEquals("vllm", j.get("server").asText());
			assertEquals(0, j.get("problems").size(), j.toString());

			Cli.Result text = Cli.run("probe", "--url", sim.baseUrl());
			assertEquals(0, text.code(), text.err());
			assertTrue(text.out().contains("  metrics     /metrics answers (looks like vllm)"), text.out());
			assertTrue(text.out().contains("  reasoning   in delta.reasoning_content"), text.out());
		}
	}

	@Test
	void aDeadEndpointExitsOneAndABadUrlTwo() throws Exception {
		int port;
		try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			port = free.getLocalPort();
		}
		Cli.Result dead = Cli.run("probe", "--url", "http://127.0.0.1:" + port + "/v1");
		assertEquals(1, dead.code(), dead.out() + dead.err());
		assertTrue(dead.err().contains("deepstress probe: GET /models: connection refused"), dead.err());
		assertTrue(dead.out().contains("  models      none listed"), dead.out());
		Cli.Result bad = Cli.run("probe", "--url", "ftp://x");
		assertEquals(2, bad.code(), bad.err());
	}
}
