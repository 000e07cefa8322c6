package io.deepstress.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code deepstress run --slo}: attainment, goodput and each limit printed and written; exit 0, 1 or 2. */
class SloFromCommandLineTest {

	private static final Path DIR = Path.of(System.getProperty("deepstress.test.dir", "target/cli-tests"));

	@Test
	void anSloThatHoldsExitsZeroAndIsWrittenWithTheRun() throws Exception {
		Files.createDirectories(DIR);
		Path out = DIR.resolve("slo-pass.json");
		Files.deleteIfExists(out);
		Cli.Result r = Cli.run("run", "--url", "builtin", "--concurrency", "2", "--requests", "8", "--max-tokens", "4",
				"--quiet", "--no-save", "--slo", "ttft_p99<=20s,e2e<=30s,attainment>=90%", "--out", out.toString());
		assertEquals(0, r.code(), r.out() + r.err());
		assertTrue(r.out().contains("  SLO         ttft_p99<=20s,e2e<=30s,attainment>=90%: passed"), r.out());
		assertTrue(r.out().contains("  attainment  100 % (8 of 8 requests met every per-request limit)"), r.out());
		assertTrue(r.out().contains("  goodput     "), r.out());
		assertTrue(r.out().matches("(?s).*limit +ttft_p99<=20s +[0-9.]+ ms +passed.*"), r.out());
		JsonNode slo = CliJson.read(Files.readString(out)).get("slo");
		assertEquals(1.0, slo.get("attainment").asDouble());
		assertTrue(slo.get("passed").asBoolean());
		assertEquals(8, slo.get("met").asLong());
		double rps = CliJson.read(Files.readString(out)).get("throughput").get("requests_per_s").asDouble();
		assertEquals(rps, slo.get("goodput_rps").asDouble(), 1e-9, "every request met it: goodput = throughput");
		assertTrue(slo.get("goodput_tps").asDouble() > 0);
		JsonNode limit = slo.get("limits").get(0);
		assertEquals("ttft_p99", limit.get("name").asText());
		assertEquals(20_000.0, limit.get("limit").asDouble());
		assertTrue(limit.get("value").asDouble() > 0 && limit.get("value").asDouble() < 20_000, limit.toString());
		assertTrue(limit.get("passed").asBoolean());
		assertEquals(1, slo.get("limits").size(), "per-request limits are not run-level limits");
	}

	@Test
	void aFailingRunLevelLimitExitsOne() throws Exception {
		Files.createDirectories(DIR);
		Path out = DIR.resolve("slo-fail.json");
		Files.deleteIfExists(out);
		// the built-in simulator's TTFT is 50 ms: p99 <= 1 us cannot hold; E2E per request can
		Cli.Result r = Cli.run("run", "--url", "builtin", "--requests", "4", "--max-tokens", "2", "--quiet",
				"--no-save", "--slo", "ttft_p99<=1us,ttft<=20ms", "--out", out.toString());
		assertEquals(1, r.code(), r.out() + r.err());
		assertTrue(r.out().contains(": FAILED"), r.out());
		assertTrue(r.out().contains("  attainment  0 % (0 of 4 requests"), r.out());
		assertTrue(r.err().contains("the SLO failed"), r.err());
		JsonNode slo = CliJson.read(Files.readString(out)).get("slo");
		assertEquals(0.0, slo.get("attainment").asDouble());
		assertEquals(0.0, slo.get("goodput_rps").asDouble());
		assertTrue(!slo.get("passed").asBoolean());
		assertTrue(!slo.get("limits").get(0).get("passed").asBoolean());
	}

	@Test
	void aBadSloIsABadCommandLineNamingThePart() throws Exception {
		Cli.Result r = Cli.run("run", "--url", "builtin", "--requests", "1", "--no-save", "--slo",
				"ttft_p99<=500ms,foo<=1s");
		assertEquals(2, r.code(), r.err());
		assertEquals("deepstress run: --slo: Bad SLO part 'foo<=1s': unknown metric 'foo' (known: ttft, tpot, e2e, itl)",
				r.firstError());
		Cli.Result unit = Cli.run("run", "--url", "builtin", "--requests", "1", "--no-save", "--slo", "e2e<=20");
		assertEquals(2, unit.code(), unit.err());
		assertTrue(unit.firstError().contains("'e2e<=20'") && unit.firstError().contains("unit"), unit.firstError());
	}
}
