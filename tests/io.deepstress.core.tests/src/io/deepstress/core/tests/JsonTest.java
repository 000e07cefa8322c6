package io.deepstress.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.deepstress.core.json.Json;
import io.deepstress.core.json.JsonException;

class JsonTest {

	@Test
	void numbersBeyondEveryRangeAreAJsonErrorNotACrash() {
		assertEquals(new BigDecimal("1e400"), Json.parse("1e400"), "beyond double: kept exactly");
		JsonException e = assertThrows(JsonException.class, () -> Json.parse("[1e99999999999]"));
		assertTrue(e.getMessage().contains("out of range"), e.getMessage());
		assertEquals(List.of(12L, 0.5), Json.parse("[12, 0.5]"));
	}
}
