package io.deepstress.core.capacity;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A capacity search as kept with its batch in the records store: what was asked (SLO, by, range, level duration,
 * repeats, confidence), every level judged so far, and how it ended. Saved after each level, so that a search that
 * dies (Stop, Ctrl+C, kill -9) keeps every finished level and can be resumed.
 *
 * @param batchId       the batch its runs are recorded under
 * @param name          the runs' name before their level (the configuration's name, or the run name)
 * @param status        {@link #COMPLETE} (the search decided), or {@link #PARTIAL} (stopped, interrupted or failed
 *                      before its end; also while it runs)
 * @param stop          as {@link CapacityResult#stop()}, or {@code interrupted} while it runs or after it died
 * @param message       the answer sentence or why there is none
 * @param by            concurrency or rate
 * @param slo           the SLO, as written
 * @param min           the lowest level asked
 * @param max           the highest level asked
 * @param levelMillis   each level run's duration, ms
 * @param repeats       the most runs at a close level
 * @param confidence    the intervals' confidence level
 * @param resolution    the refinement's resolution
 * @param maxErrorRate  the error-rate limit
 * @param answer        the answer (NaN without one)
 * @param low           lower end of its interval (NaN without an answer)
 * @param high          upper end
 * @param boundary      {@code cliff} or {@code slope}
 * @param levels        the levels judged, in the order they ran
 * @param startedMillis when the search started (epoch ms)
 * @param updatedMillis when this record was last saved (epoch ms)
 */
public record CapacityRecord(String batchId, String name, String status, String stop, String message,
		CapacityRequest.By by, String slo, double min, double max, long levelMillis, int repeats, double confidence,
		double resolution, double maxErrorRate, double answer, double low, double high, String boundary,
		List<Level> levels, long startedMillis, long updatedMillis) {

	/** The search decided: an answer, or none because the lowest level fails. */
	public static final String COMPLETE = "complete";
	/** The search did not reach its end (it may still be running); it can be resumed. */
	public static final String PARTIAL = "partial";

	public CapacityRecord {
		Objects.requireNonNull(batchId, "batchId");
		Objects.requireNonNull(by, "by");
		levels = List.copyOf(levels);
	}

	/**
	 * One level as stored.
	 *
	 * @param runIds the ids of its runs, in order
	 * @see CapacityLevel for the other fields
	 */
	public record Level(double level, List<String> runIds, long total, long met, long failed, boolean passed,
			boolean confident, boolean errorStop, double goodputRps, double goodputTps, double ttftP50,
			double ttftP99, double e2eP99, double tpotP99, double throughput) {

		public Level {
			runIds = List.copyOf(runIds);
		}

		public static Level of(CapacityLevel l) {
			return new Level(l.level(), l.runs().stream().map(r -> r.summary().runId()).toList(), l.total(), l.met(),
					l.failed(), l.passed(), l.confident(), l.errorStop(), l.goodputRps(), l.goodputTps(), l.ttftP50(),
					l.ttftP99(), l.e2eP99(), l.tpotP99(), l.throughput());
		}

		public double attainment() {
			return total > 0 ? (double) met / total : 0;
		}
	}

	/** The record of a search that is still running (or died): its levels so far, no answer yet. */
	public static CapacityRecord running(CapacityRequest request, String batchId, String name, List<CapacityLevel> levels,
			long startedMillis) {
		String message = "The search did not end (" + levels.size() + (levels.size() == 1 ? " level" : " levels")
				+ " finished); resume it with deepstress capacity --resume " + batchId;
		return new CapacityRecord(batchId, name, PARTIAL, "interrupted", message, request.by(), request.slo().expression(),
				request.min(), request.max(), request.levelDuration().toMillis(), request.repeats(), request.confidence(),
				request.resolution(), request.maxErrorRate(), Double.NaN, Double.NaN, Double.NaN, "slope",
				levels.stream().map(Level::of).toList(), startedMillis, System.currentTimeMillis());
	}

	/** The record of a search that ended. */
	public static CapacityRecord ended(CapacityRequest request, String name, CapacityResult r, long startedMillis) {
		boolean decided = switch (r.stop()) {
			case "found", "max-holds", "lowest-fails", "error-rate" -> true;
			default -> false;
		};
		return new CapacityRecord(r.batchId(), name, decided ? COMPLETE : PARTIAL, r.stop(), r.message(), r.by(), r.slo(),
				request.min(), request.max(), request.levelDuration().toMillis(), request.repeats(), r.confidence(),
				r.resolution(), request.maxErrorRate(), r.answer(), r.low(), r.high(), r.boundary(),
				r.levels().stream().map(Level::of).toList(), startedMillis, System.currentTimeMillis());
	}

	/** Whether an answer was found. */
	public boolean found() {
		return !Double.isNaN(answer);
	}

	/** Whether the search reached its end. */
	public boolean complete() {
		return COMPLETE.equals(status);
	}

	/** The level stored at the answer, or null. */
	public Level answerLevel() {
		return levels.stream().filter(l -> l.level() == answer).reduce((a, b) -> b).orElse(null);
	}

	/**
	 * Why {@code request} is not a continuation of this search (a different SLO, dimension, range, level duration,
	 * repeats, confidence, resolution or error-rate limit), or null when it is.
	 */
	public String differsFrom(CapacityRequest request) {
		StringBuilder b = new StringBuilder();
		differ(b, "--slo", slo, request.slo().expression());
		differ(b, "--by", by.name().toLowerCase(Locale.ROOT), request.by().name().toLowerCase(Locale.ROOT));
		differ(b, "--min", min, request.min());
		differ(b, "--max", max, request.max());
		differ(b, "--level-duration", levelMillis / 1000.0, request.levelDuration().toMillis() / 1000.0);
		differ(b, "--repeats", repeats, request.repeats());
		differ(b, "--confidence", confidence, request.confidence());
		differ(b, "--resolution", resolution, request.resolution());
		differ(b, "--max-error-rate", maxErrorRate, request.maxErrorRate());
		return b.isEmpty() ? null : "the stored search of batch " + batchId + " differs: " + b;
	}

	private static void differ(StringBuilder b, String option, Object stored, Object given) {
		if (!Objects.equals(stored, given)) {
			b.append(b.isEmpty() ? "" : "; ").append(option).append(" was ").append(text(stored)).append(", now ")
					.append(text(given));
		}
	}

	private static String text(Object v) {
		return v instanceof Double d ? CapacityRequest.fmt(d) : String.valueOf(v);
	}
}
