package io.deepstress.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The store's JSON writes numbers and strings as DeepStress 0.1 did (the expected texts are what it wrote). */
class StoreJsonTest {

	@Test
	void doublesAsBeforeIntegralOnesWithoutAFraction() {
		assertEquals("[2,-3,0,0,100000000000000,1.0E15,0.1,1.0E-5,123.456,null,null,null]",
				StoreJson.write(Arrays.asList(2.0, -3.0, 0.0, -0.0, 1e14, 1e15, 0.1, 1e-5, 123.456, Double.NaN,
						Double.POSITIVE_INFINITY, null)));
		assertEquals("[0.10000000149011612,2]", StoreJson.write(List.of(0.1f, 2f)), "a float as its double");
		assertEquals("[9223372036854775807,-1,7]", StoreJson.write(List.of(Long.MAX_VALUE, -1L, 7)));
	}

	@Test
	void stringsEscapedAsBefore() {
		assertEquals("\"q\\\"b\\\\s/\\n\\r\\t\\b\\f\\u0000\\u0001\\u001f\u007f\u00e9\uD83D\uDE80\\u2028\\u2029\"",
				StoreJson.write("q\"b\\s/\n\r\t\b\f\u0000\u0001\u001f\u007f\u00e9\uD83D\uDE80\u2028\u2029"));
	}

	@Test
	void mapsKeepTheirOrderCompactly() {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("z", true);
		m.put("a", null);
		m.put("m", List.of(Map.of("k", "v")));
		m.put("e", Map.of());
		assertEquals("{\"z\":true,\"a\":null,\"m\":[{\"k\":\"v\"}],\"e\":{}}", StoreJson.write(m));
	}

	@Test
	void readingIsStrict() {
		assertEquals(12L, StoreJson.read("{\"a\":[12]}").get("a").get(0).numberValue());
		assertEquals(0.5, StoreJson.number(StoreJson.read("[0.5]").get(0)));
		assertTrue(Double.isNaN(StoreJson.number(StoreJson.read("[\"x\"]").get(0))));
		IllegalArgumentException trailing = assertThrows(IllegalArgumentException.class, () -> StoreJson.read("{} x"));
		assertTrue(trailing.getMessage().startsWith("malformed JSON"), trailing.getMessage());
		assertThrows(IllegalArgumentException.class, () -> StoreJson.read("{\"a\":"));
		assertThrows(IllegalArgumentException.class, () -> StoreJson.read("[NaN]"));
	}

	@Test
	void numbersBeyondEveryRangeAreAJsonErrorOrANumberNotACrash() {
		for (String text : List.of("[1e400]", "[-1e400]", "[1e99999999999]", "[123456789012345678901234567890]")) {
			try {
				assertTrue(StoreJson.read(text).get(0).isNumber(), text);
			} catch (IllegalArgumentException e) {
				assertTrue(e.getMessage().startsWith("malformed JSON"), e.getMessage());
			}
		}
	}
}
