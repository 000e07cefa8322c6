package io.deepstress.core.report;

import java.util.Locale;

/** Helpers for the HTML of report sections. */
public final class Html {

	private Html() {
	}

	/** Text for HTML element content or a quoted attribute; null becomes "-". */
	public static String escape(String text) {
		if (text == null) {
			return "-";
		}
		StringBuilder b = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
			case '<' -> b.append("&lt;");
			case '>' -> b.append("&gt;");
			case '&' -> b.append("&amp;");
			case '"' -> b.append("&quot;");
			case '\'' -> b.append("&#39;");
			default -> b.append(c);
			}
		}
		return b.toString();
	}

	/** A number with this many decimals, "-" for NaN or infinity: a report never shows NaN. */
	public static String num(double v, int decimals) {
		return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
	}

	/** A table row of cells (already HTML). */
	public static String row(String... cells) {
		StringBuilder b = new StringBuilder("<tr>");
		for (String c : cells) {
			b.append("<td>").append(c).append("</td>");
		}
		return b.append("</tr>").toString();
	}

	/** A table head row of labels (escaped here). */
	public static String head(String... labels) {
		StringBuilder b = new StringBuilder("<tr>");
		for (String l : labels) {
			b.append("<th>").append(escape(l)).append("</th>");
		}
		return b.append("</tr>").toString();
	}
}
