package io.deepstress.core.launch;

import java.util.ArrayList;
import java.util.List;

import io.deepstress.core.run.Load;

/**
 * The one reading of a sweep's levels, for every client (the workbench's fields, the command line, saved
 * configurations): levels separated by commas, in the order given; a closed loop's levels are whole numbers of
 * concurrent requests from 1 to {@value #MAX_CONCURRENCY}, an open loop's are rates above 0 requests per second.
 */
public final class SweepLevels {

	/** The most concurrent requests a level may ask for, as the quick test's Concurrency. */
	public static final int MAX_CONCURRENCY = 4096;

	/** The hint of an empty sweep field. */
	public static final String HINT = "e.g. 1,8,32,128 — one run per concurrency level; empty = one run";

	private SweepLevels() {
	}

	/**
	 * The levels of {@code text} for {@code load}'s kind; blank text is no sweep (an empty list).
	 *
	 * @throws IllegalArgumentException saying which entry is wrong
	 */
	public static List<Double> parse(String text, Load load) {
		return parse(text, load instanceof Load.ClosedLoop);
	}

	/**
	 * The levels of {@code text}: concurrency levels when {@code closedLoop}, else rates; blank text is an empty
	 * list.
	 *
	 * @throws IllegalArgumentException saying which entry is wrong
	 */
	public static List<Double> parse(String text, boolean closedLoop) {
		String trimmed = text == null ? "" : text.strip();
		if (trimmed.isEmpty()) {
			return List.of();
		}
		List<Double> levels = new ArrayList<>();
		for (String entry : trimmed.split(",", -1)) {
			String level = entry.strip();
			double value = number(level);
			check(level, value, closedLoop);
			levels.add(value);
		}
		return List.copyOf(levels);
	}

	/**
	 * The numbers of {@code text} (positive, separated by commas) before the kind of load is known, as a command
	 * line reads them; {@link #check} them against the load. Blank text is an empty list.
	 *
	 * @throws IllegalArgumentException saying which entry is wrong
	 */
	public static List<Double> numbers(String text) {
		String trimmed = text == null ? "" : text.strip();
		if (trimmed.isEmpty()) {
			return List.of();
		}
		List<Double> levels = new ArrayList<>();
		for (String entry : trimmed.split(",", -1)) {
			String level = entry.strip();
			double value = number(level);
			if (!(value > 0) || Double.isInfinite(value)) {
				throw new IllegalArgumentException("Sweep: '" + level + "' is not a level (a number above 0; levels"
						+ " separated by commas, e.g. 1,8,32,128)");
			}
			levels.add(value);
		}
		return List.copyOf(levels);
	}

	/**
	 * {@code levels} when every one is a level of {@code load}'s kind.
	 *
	 * @throws IllegalArgumentException naming the first level that is not
	 */
	public static List<Double> check(List<Double> levels, Load load) {
		boolean closed = load instanceof Load.ClosedLoop;
		for (double level : levels) {
			check(format(level), level, closed);
		}
		return List.copyOf(levels);
	}

	/** The levels as typed: "1,8,32", "0.5,2" (empty for none). */
	public static String format(List<Double> levels) {
		return String.join(",", levels.stream().map(SweepLevels::format).toList());
	}

	private static String format(double level) {
		return level == Math.rint(level) && Math.abs(level) < 1e15 ? Long.toString((long) level)
				: Double.toString(level);
	}

	private static double number(String text) {
		if (!text.matches("[0-9]+(\\.[0-9]+)?|\\.[0-9]+")) {
			return -1;
		}
		try {
			return Double.parseDouble(text);
		} catch (NumberFormatException e) {
			return -1;
		}
	}

	private static void check(String text, double value, boolean closedLoop) {
		if (closedLoop) {
			if (!(value >= 1 && value <= MAX_CONCURRENCY && value == Math.rint(value))) {
				throw new IllegalArgumentException("Sweep: '" + text + "' is not a concurrency level (a whole number"
						+ " from 1 to " + MAX_CONCURRENCY + "; levels separated by commas, e.g. 1,8,32,128)");
			}
		} else if (!(value > 0) || Double.isInfinite(value)) {
			throw new IllegalArgumentException("Sweep: '" + text + "' is not a rate (a number of requests per second"
					+ " above 0; rates separated by commas, e.g. 1,5,20)");
		}
	}
}
