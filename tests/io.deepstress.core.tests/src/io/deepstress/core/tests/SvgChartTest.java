package io.deepstress.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.deepstress.core.report.Html;
import io.deepstress.core.report.SvgChart;

/** The report helpers: escaped text, no NaN, charts that say when they are empty. */
class SvgChartTest {

	@Test
	void textIsEscapedAndNumbersNeverShowNaN() {
		assertEquals("&lt;b&gt; &amp; &quot;x&quot; &#39;y&#39;", Html.escape("<b> & \"x\" 'y'"));
		assertEquals("-", Html.escape(null));
		assertEquals("-", Html.num(Double.NaN, 2));
		assertEquals("-", Html.num(Double.POSITIVE_INFINITY, 2));
		assertEquals("1.50", Html.num(1.5, 2));
	}

	@Test
	void aChartHasItsIdTitleSeriesAndLeavesNaNOut() {
		String svg = SvgChart.of("lat<1>", "TTFT & E2E", "s", "ms")
				.line("p50", new double[] { 1, 2, 3 }, new double[] { 10, Double.NaN, 30 })
				.dots("all", new double[] { 1, 2 }, new double[] { 5, 6 }).reference(25, "limit 25 ms").svg();
		assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg);
		assertTrue(svg.contains("data-chart=\"lat&lt;1&gt;\""), svg);
		assertTrue(svg.contains("<title>TTFT &amp; E2E</title>"), svg);
		assertEquals(2, svg.split("<circle", -1).length - 1, "a dot per point");
		java.util.regex.Matcher points = java.util.regex.Pattern.compile("points=\"([^\"]*)\"").matcher(svg);
		assertTrue(points.find(), svg);
		assertEquals(2, points.group(1).split(" ").length, "two points on the line (NaN left out): " + points.group(1));
		assertTrue(svg.contains("limit 25 ms") && svg.contains("stroke-dasharray"), "the reference line");
		assertFalse(svg.contains("NaN"), svg);
		assertTrue(svg.endsWith("</svg>"));
	}

	@Test
	void aChartWithoutValuesSaysSo() {
		String svg = SvgChart.of("empty", "Nothing", "x", "y").line("none", new double[0], new double[0]).svg();
		assertTrue(svg.contains("no data"), svg);
		assertFalse(svg.contains("NaN"));
	}
}
