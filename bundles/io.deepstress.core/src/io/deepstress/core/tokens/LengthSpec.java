package io.deepstress.core.tokens;

import java.util.Locale;

/**
 * A distribution of token counts: {@code N} (fixed), {@code uniform:MIN:MAX} (inclusive), {@code normal:MEAN:SD}
 * or {@code lognormal:MEAN:SD}, where MEAN and SD are those of the token counts themselves (not of their
 * logarithm). Samples are rounded to whole tokens and never below 1.
 *
 * @param kind which distribution
 * @param a    N, MIN or MEAN
 * @param b    0, MAX or SD
 */
public record LengthSpec(Kind kind, double a, double b) {

	/** The distributions. */
	public enum Kind {
		FIXED, UNIFORM, NORMAL, LOGNORMAL
	}

	public LengthSpec {
		switch (kind) {
		case FIXED -> check(a >= 1 && a == Math.rint(a), "a fixed length must be a whole number >= 1");
		case UNIFORM -> check(a >= 1 && b >= a && a == Math.rint(a) && b == Math.rint(b),
				"uniform:MIN:MAX needs whole numbers 1 <= MIN <= MAX");
		case NORMAL, LOGNORMAL -> check(a >= 1 && b >= 0 && Double.isFinite(a) && Double.isFinite(b),
				kind.name().toLowerCase(Locale.ROOT) + ":MEAN:SD needs MEAN >= 1 and SD >= 0");
		}
	}

	private static void check(boolean ok, String message) {
		if (!ok) {
			throw new IllegalArgumentException(message);
		}
	}

	/** A fixed length. */
	public static LengthSpec fixed(int n) {
		return new LengthSpec(Kind.FIXED, n, 0);
	}

	/**
	 * Parses a spec.
	 *
	 * @throws IllegalArgumentException with a message for the user, naming the accepted forms
	 */
	public static LengthSpec parse(String spec) {
		String s = spec == null ? "" : spec.strip();
		String[] parts = s.split(":", -1);
		try {
			if (parts.length == 1) {
				return new LengthSpec(Kind.FIXED, whole(parts[0]), 0);
			}
			if (parts.length == 3) {
				Kind kind = switch (parts[0].toLowerCase(Locale.ROOT)) {
				case "uniform" -> Kind.UNIFORM;
				case "normal" -> Kind.NORMAL;
				case "lognormal" -> Kind.LOGNORMAL;
				default -> null;
				};
				if (kind != null) {
					double a = kind == Kind.UNIFORM ? whole(parts[1]) : number(parts[1]);
					double b = kind == Kind.UNIFORM ? whole(parts[2]) : number(parts[2]);
					return new LengthSpec(kind, a, b);
				}
			}
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("bad token length '" + s + "': " + e.getMessage() + " (use N,"
					+ " uniform:MIN:MAX, normal:MEAN:SD or lognormal:MEAN:SD)");
		}
		throw new IllegalArgumentException("bad token length '" + s + "' (use N, uniform:MIN:MAX, normal:MEAN:SD or"
				+ " lognormal:MEAN:SD)");
	}

	private static double whole(String s) {
		try {
			return Long.parseLong(s.strip());
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException("'" + s + "' is not a whole number");
		}
	}

	private static double number(String s) {
		try {
			double v = Double.parseDouble(s.strip());
			if (!Double.isFinite(v)) {
				throw new NumberFormatException();
			}
			return v;
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException("'" + s + "' is not a number");
		}
	}

	/** The smallest count this spec can give. */
	public int min() {
		return switch (kind) {
		case FIXED, UNIFORM -> (int) a;
		case NORMAL, LOGNORMAL -> 1;
		};
	}

	/** The expected count (before rounding and the floor of 1). */
	public double mean() {
		return switch (kind) {
		case FIXED, NORMAL, LOGNORMAL -> a;
		case UNIFORM -> (a + b) / 2;
		};
	}

	/** The spec as the user writes it. */
	@Override
	public String toString() {
		return switch (kind) {
		case FIXED -> String.valueOf((long) a);
		case UNIFORM -> "uniform:" + (long) a + ":" + (long) b;
		case NORMAL -> "normal:" + num(a) + ":" + num(b);
		case LOGNORMAL -> "lognormal:" + num(a) + ":" + num(b);
		};
	}

	private static String num(double v) {
		return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
	}
}
