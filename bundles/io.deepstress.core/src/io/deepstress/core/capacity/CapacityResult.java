package io.deepstress.core.capacity;

import java.util.List;

/**
 * How a capacity search ended.
 *
 * @param answer     the largest level at which the SLO held (NaN when even the lowest failed or none ran)
 * @param low        lower end of its confidence interval (NaN without an answer)
 * @param high       upper end
 * @param confidence the interval's confidence level
 * @param boundary   {@code cliff} (the SLO goes from held to badly missed within the resolution) or {@code slope}
 * @param by         concurrency or rate
 * @param levels     every level judged, in the order they ran
 * @param batchId    the batch its runs were recorded under (null when nothing ran)
 * @param stop       why it ended: {@code found}, {@code max-holds} (the SLO held up to the highest level),
 *                   {@code lowest-fails}, {@code error-rate} (the lowest level failed on errors),
 *                   {@code cancelled}, {@code failed}
 * @param message    one line for people: the answer ("48 concurrent users at p99 TTFT <= 500 ms (95 % CI 44-52),
 *                   goodput 41 req/s") or why there is none
 * @param slo        the SLO, as written
 * @param resolution the refinement's resolution
 * @param unsaved    what kept runs from being completely saved, empty when all were
 */
public record CapacityResult(double answer, double low, double high, double confidence, String boundary,
		CapacityRequest.By by, List<CapacityLevel> levels, String batchId, String stop, String message, String slo,
		double resolution, List<String> unsaved) {

	public CapacityResult {
		levels = List.copyOf(levels);
		unsaved = List.copyOf(unsaved);
	}

	/** Whether an answer was found (also when the search was stopped after finding one). */
	public boolean found() {
		return !Double.isNaN(answer);
	}

	/** The level judged at the answer, or null. */
	public CapacityLevel answerLevel() {
		return levels.stream().filter(l -> l.level() == answer).reduce((a, b) -> b).orElse(null);
	}
}
