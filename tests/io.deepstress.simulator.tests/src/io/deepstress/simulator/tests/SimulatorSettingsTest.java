package io.deepstress.simulator.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.deepstress.simulator.SimulatorSettings;

class SimulatorSettingsTest {

	private final SimulatorSettings d = SimulatorSettings.defaults();

	@Test
	void defaults() {
		assertEquals("127.0.0.1", d.host());
		assertEquals(0, d.port());
		assertEquals(Duration.ofMillis(50), d.ttft());
		assertEquals(Duration.ofMillis(10), d.itl());
		assertEquals(128, d.defaultOutputTokens());
		assertEquals(0, d.minOutputTokens());
		assertEquals(0, d.maxOutputTokens());
		assertFalse(d.hasOutputRange());
		assertEquals(1, d.tokensPerChunk());
		assertEquals(0, d.reasoningTokens());
		assertFalse(d.rejectStreamOptions());
		assertEquals(0.0, d.rate429() + d.rate500() + d.abortRate() + d.malformedRate() + d.stallRate());
		assertEquals(0, d.retryAfterSeconds());
		assertEquals(42L, d.seed());
		assertEquals("deepstress-sim", d.model());
		assertEquals(100_000, d.maxRecords());
	}

	@Test
	void copyMethodsChangeOneField() {
		SimulatorSettings s = d.withHost("localhost").withPort(8123).withTtft(Duration.ofMillis(7))
				.withItl(Duration.ofMillis(3)).withDefaultOutputTokens(9).withMaxOutputTokens(20).withMinOutputTokens(5)
				.withTokensPerChunk(4).withReasoningTokens(2).withRejectStreamOptions(true).withRate429(0.1)
				.withRate500(0.2).withAbortRate(0.05).withMalformedRate(0.05).withStallRate(0.1)
				.withRetryAfterSeconds(3).withSeed(9).withModel("m").withMaxRecords(10).withApiKey("k");
		assertEquals(new SimulatorSettings("localhost", 8123, Duration.ofMillis(7), Duration.ofMillis(3), 9, 5, 20, 4, 2,
				true, 0.1, 0.2, 0.05, 0.05, 0.1, 3, 9, "m", 10, "k"), s);
		assertTrue(s.hasOutputRange());
		assertEquals(d, d.withOutputTokenRange(3, 8).withOutputTokenRange(0, 0));
	}

	@Test
	void rejectsInvalidValuesNamingTheField() {
		assertInvalid("rate429", () -> d.withRate429(1.5));
		assertInvalid("rate500", () -> d.withRate500(-0.1));
		assertInvalid("abortRate", () -> d.withAbortRate(Double.NaN));
		assertInvalid("malformedRate", () -> d.withMalformedRate(2));
		assertInvalid("stallRate", () -> d.withStallRate(-1));
		assertInvalid("sum", () -> d.withRate429(0.6).withRate500(0.6));
		assertInvalid("ttft", () -> d.withTtft(Duration.ofMillis(-1)));
		assertInvalid("itl", () -> d.withItl(Duration.ofNanos(-1)));
		assertInvalid("tokensPerChunk", () -> d.withTokensPerChunk(0));
		assertInvalid("defaultOutputTokens", () -> d.withDefaultOutputTokens(-1));
		assertInvalid("minOutputTokens", () -> d.withOutputTokenRange(9, 3));
		assertInvalid("reasoningTokens", () -> d.withReasoningTokens(-2));
		assertInvalid("retryAfterSeconds", () -> d.withRetryAfterSeconds(-1));
		assertInvalid("port", () -> d.withPort(70_000));
		assertInvalid("host", () -> d.withHost(" "));
		assertInvalid("model", () -> d.withModel(""));
		assertInvalid("maxRecords", () -> d.withMaxRecords(0));
		assertThrows(NullPointerException.class, () -> d.withTtft(null));
	}

	private static void assertInvalid(String field, Supplier<SimulatorSettings> change) {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, change::get, field);
		assertTrue(e.getMessage().contains(field), e.getMessage());
	}
}
