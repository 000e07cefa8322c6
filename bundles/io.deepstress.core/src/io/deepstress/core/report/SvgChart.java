package io.deepstress.core.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line or scatter chart as inline SVG, for reports: axes with round ticks, a legend, optional horizontal reference
 * lines (a limit, an SLO). Values that are NaN are left out; a chart with no values says so. The element carries
 * {@code data-chart="ID"}, so that tests and readers can find it.
 */
public final class SvgChart {

	private static final String[] COLOURS = { "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
			"#e377c2", "#17becf" };
	private static final int WIDTH = 760;
	private static final int HEIGHT = 280;
	private static final int LEFT = 64;
	private static final int RIGHT = 16;
	private static final int TOP = 30;
	private static final int BOTTOM = 44;
	private static final int MAX_POINTS = 4000;

	private record Series(String name, double[] x, double[] y, boolean points) {
	}

	private record Reference(double y, String label) {
	}

	private record Band(double from, double to, String label) {
	}

	private final String id;
	private final String title;
	private final String xLabel;
	private final String yLabel;
	private final List<Series> series = new ArrayList<>();
	private final List<Reference> references = new ArrayList<>();
	private final List<Band> bands = new ArrayList<>();

	private SvgChart(String id, String title, String xLabel, String yLabel) {
		this.id = id;
		this.title = title;
		this.xLabel = xLabel;
		this.yLabel = yLabel;
	}

	/** A chart with this id (for {@code data-chart}), title and axis labels. */
	public static SvgChart of(String id, String title, String xLabel, String yLabel) {
		return new SvgChart(id, title, xLabel, yLabel);
	}

	/** A series drawn as a line through its points in order. */
	public SvgChart line(String name, double[] x, double[] y) {
		series.add(new Series(name, x, y, false));
		return this;
	}

	/** A series drawn as dots. */
	public SvgChart dots(String name, double[] x, double[] y) {
		series.add(new Series(name, x, y, true));
		return this;
	}

	/** A dashed horizontal line at {@code y} with a label (a limit). */
	public SvgChart reference(double y, String label) {
		references.add(new Reference(y, label));
		return this;
	}

	/** A shaded vertical band from {@code x = from} to {@code x = to} with a label (an interval). */
	public SvgChart band(double from, double to, String label) {
		bands.add(new Band(Math.min(from, to), Math.max(from, to), label));
		return this;
	}

	/** The SVG element. */
	public String svg() {
		double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY;
		double minY = 0, maxY = Double.NEGATIVE_INFINITY;
		int count = 0;
		for (Series s : series) {
			for (int i = 0; i < Math.min(s.x.length, s.y.length); i++) {
				if (finite(s.x[i]) && finite(s.y[i])) {
					minX = Math.min(minX, s.x[i]);
					maxX = Math.max(maxX, s.x[i]);
					minY = Math.min(minY, s.y[i]);
					maxY = Math.max(maxY, s.y[i]);
					count++;
				}
			}
		}
		for (Reference r : references) {
			if (finite(r.y)) {
				maxY = Math.max(maxY, r.y);
				minY = Math.min(minY, r.y);
			}
		}
		for (Band band : bands) {
			if (count > 0 && finite(band.from) && finite(band.to)) {
				minX = Math.min(minX, band.from);
				maxX = Math.max(maxX, band.to);
			}
		}
		StringBuilder b = new StringBuilder();
		b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" data-chart=\"%s\""
				+ " role=\"img\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">",
				Html.escape(id), WIDTH, HEIGHT, WIDTH, HEIGHT));
		b.append("<title>").append(Html.escape(title)).append("</title>");
		b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"13\" font-weight=\"bold\">%s</text>", LEFT,
				Html.escape(title)));
		if (count == 0) {
			b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#666\">no data</text>",
					WIDTH / 2, HEIGHT / 2));
			return b.append("</svg>").toString();
		}
		if (maxX == minX) {
			maxX = minX + 1;
		}
		if (maxY <= minY) {
			maxY = minY + 1;
		}
		double[] xt = ticks(minX, maxX);
		double[] yt = ticks(minY, maxY);
		double x0 = Math.min(minX, xt[0]), x1 = Math.max(maxX, xt[xt.length - 1]);
		double y0 = Math.min(minY, yt[0]), y1 = Math.max(maxY, yt[yt.length - 1]);
		Axis ax = new Axis(x0, x1, LEFT, WIDTH - RIGHT);
		Axis ay = new Axis(y0, y1, HEIGHT - BOTTOM, TOP);
		// grid and ticks
		for (double t : yt) {
			b.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>", LEFT,
					WIDTH - RIGHT, ay.at(t), ay.at(t)));
			b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", LEFT - 6,
					ay.at(t) + 4, label(t)));
		}
		for (double t : xt) {
			b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#999\"/>", ax.at(t),
					ax.at(t), HEIGHT - BOTTOM, HEIGHT - BOTTOM + 4));
			b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", ax.at(t),
					HEIGHT - BOTTOM + 16, label(t)));
		}
		b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>",
				LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM));
		b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
				(LEFT + WIDTH - RIGHT) / 2, HEIGHT - 8, Html.escape(xLabel)));
		b.append(String.format(Locale.ROOT,
				"<text transform=\"translate(14 %d) rotate(-90)\" text-anchor=\"middle\">%s</text>", (TOP + HEIGHT - BOTTOM) / 2,
				Html.escape(yLabel)));
		for (Band band : bands) {
			if (finite(band.from) && finite(band.to)) {
				double x0b = ax.at(band.from);
				double width = Math.max(2, ax.at(band.to) - x0b);
				b.append(String.format(Locale.ROOT, "<rect class=\"band\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\""
						+ " fill=\"#2ca02c\" fill-opacity=\"0.15\"/>", x0b - (width == 2 ? 1 : 0), TOP, width,
						HEIGHT - TOP - BOTTOM));
				b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#2a7a2a\">%s</text>",
						x0b + width / 2, HEIGHT - BOTTOM - 6, Html.escape(band.label)));
			}
		}
		for (Reference r : references) {
			if (finite(r.y)) {
				b.append(String.format(Locale.ROOT, "<line class=\"reference\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\""
						+ " stroke=\"#444\" stroke-dasharray=\"6 4\"/>", LEFT, WIDTH - RIGHT, ay.at(r.y), ay.at(r.y)));
				b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#444\">%s</text>",
						WIDTH - RIGHT - 4, ay.at(r.y) - 4, Html.escape(r.label)));
			}
		}
		int n = 0;
		for (Series s : series) {
			String colour = COLOURS[n % COLOURS.length];
			b.append("<g class=\"series\" data-series=\"").append(Html.escape(s.name)).append("\">");
			int len = Math.min(s.x.length, s.y.length);
			int step = Math.max(1, (len + MAX_POINTS - 1) / MAX_POINTS);
			if (s.points) {
				b.append("<g fill=\"").append(colour).append("\" fill-opacity=\"0.55\">");
				for (int i = 0; i < len; i += step) {
					if (finite(s.x[i]) && finite(s.y[i])) {
						b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.8\"/>", ax.at(s.x[i]),
								ay.at(s.y[i])));
					}
				}
				b.append("</g>");
			} else {
				StringBuilder pts = new StringBuilder();
				for (int i = 0; i < len; i += step) {
					if (finite(s.x[i]) && finite(s.y[i])) {
						pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", ax.at(s.x[i]), ay.at(s.y[i])));
					}
				}
				b.append("<polyline fill=\"none\" stroke-width=\"1.6\" stroke=\"").append(colour).append("\" points=\"")
						.append(pts.toString().strip()).append("\"/>");
			}
			b.append("</g>");
			// legend
			int lx = LEFT + 8 + 150 * (n % 4);
			int ly = TOP + 14 + 14 * (n / 4);
			b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>", lx, ly - 9,
					colour));
			b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>", lx + 14, ly, Html.escape(s.name)));
			n++;
		}
		return b.append("</svg>").toString();
	}

	private record Axis(double from, double to, double pixelFrom, double pixelTo) {
		double at(double v) {
			return pixelFrom + (v - from) / (to - from) * (pixelTo - pixelFrom);
		}
	}

	private static boolean finite(double v) {
		return !Double.isNaN(v) && !Double.isInfinite(v);
	}

	/** About five round ticks (1, 2 or 5 times a power of ten) covering [min, max]. */
	static double[] ticks(double min, double max) {
		double raw = (max - min) / 5;
		double mag = Math.pow(10, Math.floor(Math.log10(raw)));
		double step = raw / mag >= 5 ? 10 * mag : raw / mag >= 2 ? 5 * mag : raw / mag >= 1 ? 2 * mag : mag;
		double first = Math.floor(min / step) * step;
		List<Double> out = new ArrayList<>();
		for (double t = first; t <= max + step * 0.999 && out.size() < 20; t += step) {
			out.add(t);
		}
		return out.stream().mapToDouble(Double::doubleValue).toArray();
	}

	private static String label(double v) {
		if (Math.abs(v) >= 1e6) {
			return String.format(Locale.ROOT, "%.3g", v);
		}
		if (v == Math.rint(v)) {
			return String.format(Locale.ROOT, "%.0f", v);
		}
		return new java.math.BigDecimal(String.format(Locale.ROOT, "%.3g", v)).stripTrailingZeros().toPlainString();
	}
}
