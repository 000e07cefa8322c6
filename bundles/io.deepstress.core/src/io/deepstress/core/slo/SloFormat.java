package io.deepstress.core.slo;

import java.util.Locale;

/** How SLO figures are written for people. */
public final class SloFormat {

	private SloFormat() {
	}

	/** 500 ms, 20 s, 250 us. */
	public static String duration(long nanos) {
		if (nanos >= 1_000_000_000L && nanos % 1_000_000L == 0) {
			return trim(nanos / 1e9) + " s";
		}
		if (nanos >= 1_000_000L || nanos == 0) {
			return trim(nanos / 1e6) + " ms";
		}
		return trim(nanos / 1e3) + " us";
	}

	/** 90 %, 99.5 %. */
	public static String percent(double share) {
		return trim(share * 100) + " %";
	}

	/** A number with at most three decimals and none when it is whole; "n/a" for NaN. */
	public static String trim(double v) {
		if (Double.isNaN(v) || Double.isInfinite(v)) {
			return "n/a";
		}
		if (v == Math.rint(v) && Math.abs(v) < 1e15) {
			return Long.toString((long) v);
		}
		String s = String.format(Locale.ROOT, "%.3f", v);
		return s.replaceAll("0+$", "").replaceAll("\\.$", "");
	}
}
