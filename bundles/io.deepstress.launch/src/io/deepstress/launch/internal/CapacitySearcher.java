package io.deepstress.launch.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.deepstress.core.capacity.CapacityLevel;
import io.deepstress.core.capacity.CapacityRequest;
import io.deepstress.core.capacity.CapacityResult;
import io.deepstress.core.slo.SloFormat;

/**
 * The capacity search's decisions, apart from how a level is run: bracket by doubling from the lowest level
 * until a level fails (or the highest passes), then bisect the bracket down to the resolution; at a level whose
 * verdict is close (inside a check's confidence interval) run again, pooling the runs, up to the repeats. The
 * answer is the highest level that passed below the lowest that failed; its interval runs from the highest level
 * at or below it that passed confidently to just below the lowest level above it that failed confidently.
 */
final class CapacitySearcher {

	/** Runs one run at a level. */
	interface LevelRunner {
		/** @return the run, or null when the search was stopped */
		CapacityLevel.Run run(double level) throws InterruptedException;
	}

	/** Told of each level judged. */
	interface LevelSink {
		void judged(int index, CapacityLevel level);
	}

	private final CapacityRequest request;
	private final LevelJudge judge;
	private final LevelRunner runner;
	private final LevelSink sink;
	private final Map<Double, List<CapacityLevel.Run>> prior;
	private final Map<Double, CapacityLevel> judged = new TreeMap<>();
	private final List<CapacityLevel> order = new ArrayList<>();
	private boolean stopped;

	CapacitySearcher(CapacityRequest request, LevelRunner runner, LevelSink sink) {
		this(request, Map.of(), runner, sink);
	}

	/**
	 * A search that continues an earlier one: {@code prior} holds the runs it already had at each level, judged
	 * again rather than run again (and run more at a level that was stopped before its repeats were done).
	 */
	CapacitySearcher(CapacityRequest request, Map<Double, List<CapacityLevel.Run>> prior, LevelRunner runner,
			LevelSink sink) {
		this.request = request;
		this.prior = Map.copyOf(prior);
		this.judge = new LevelJudge(request.slo(), request.confidence(), request.maxErrorRate());
		this.runner = runner;
		this.sink = sink;
	}

	/** Searches; {@code batchId} and {@code unsaved} only go into the result. */
	CapacityResult search(String batchId, List<String> unsaved) throws InterruptedException {
		double min = request.min();
		double max = request.max();
		double res = request.resolution();
		Double lo = null;
		Double hi = null;
		double level = min;
		while (true) { // bracketing
			CapacityLevel l = evaluate(level);
			if (l == null) {
				return result(lo, hi, "cancelled", batchId, unsaved);
			}
			if (!l.passed()) {
				hi = level;
				break;
			}
			lo = level;
			if (level >= max) {
				break;
			}
			level = Math.min(max, round(Math.max(level * 2, level + res)));
		}
		if (lo == null) {
			CapacityLevel first = judged.get(min);
			return result(null, hi, first.errorStop() ? "error-rate" : "lowest-fails", batchId, unsaved);
		}
		while (hi != null && hi - lo > res * 1.000001) { // refinement
			double mid = round((lo + hi) / 2);
			if (mid <= lo || mid >= hi) {
				break;
			}
			CapacityLevel l = evaluate(mid);
			if (l == null) {
				return result(lo, hi, "cancelled", batchId, unsaved);
			}
			if (l.passed()) {
				lo = mid;
			} else {
				hi = mid;
			}
		}
		return result(lo, hi, hi == null ? "max-holds" : "found", batchId, unsaved);
	}

	private double round(double level) {
		if (request.by() == CapacityRequest.By.CONCURRENCY) {
			return Math.rint(level);
		}
		double step = request.resolution() / 4;
		return Math.round(level / step) * step;
	}

	/** Runs a level (again while its verdict is close and repeats are left); null when stopped. */
	private CapacityLevel evaluate(double level) throws InterruptedException {
		if (stopped) {
			return null;
		}
		List<CapacityLevel.Run> runs = new ArrayList<>(prior.getOrDefault(level, List.of()));
		CapacityLevel l = runs.isEmpty() ? null : judge.judge(level, runs);
		while (l == null || !l.confident() && !l.errorStop() && runs.size() < request.repeats()) {
			CapacityLevel.Run run = runner.run(level);
			if (run == null) {
				stopped = true;
				if (!runs.isEmpty()) {
					record(judge.judge(level, runs));
				}
				return null;
			}
			runs.add(run);
			l = judge.judge(level, runs);
		}
		record(l);
		return l;
	}

	private void record(CapacityLevel l) {
		judged.put(l.level(), l);
		order.add(l);
		sink.judged(order.size(), l);
	}

	private CapacityResult result(Double lo, Double hi, String stop, String batchId, List<String> unsaved) {
		String slo = request.slo().expression();
		if (lo == null) {
			String why = switch (stop) {
				case "cancelled" -> "The search was stopped before any level passed.";
				case "error-rate" -> "Even the lowest level (" + label(request.min()) + ") failed: more than "
						+ SloFormat.percent(request.maxErrorRate()) + " of its requests failed.";
				default -> "Even the lowest level (" + label(request.min()) + ") misses the SLO "
						+ request.slo().describe() + ".";
			};
			return new CapacityResult(Double.NaN, Double.NaN, Double.NaN, request.confidence(), "slope", request.by(),
					order, batchId, stop, why, slo, request.resolution(), unsaved);
		}
		double answer = lo;
		double low = judged.values().stream().filter(l -> l.level() <= answer && l.passed() && l.confident())
				.mapToDouble(CapacityLevel::level).max()
				.orElse(judged.keySet().stream().mapToDouble(Double::doubleValue).min().orElse(answer));
		double firstConfidentFail = judged.values().stream()
				.filter(l -> l.level() > answer && !l.passed() && l.confident()).mapToDouble(CapacityLevel::level).min()
				.orElse(Double.NaN);
		double high;
		if (!Double.isNaN(firstConfidentFail)) {
			high = Math.max(answer, round(firstConfidentFail - request.resolution()));
		} else {
			high = judged.keySet().stream().mapToDouble(Double::doubleValue).max().orElse(answer);
		}
		String boundary = "slope";
		CapacityLevel failing = hi == null ? null : judged.get(hi);
		if (failing != null && (failing.errorStop() || failing.worst() == null
				|| failing.worst().share() < failing.worst().target() / 2)) {
			boundary = "cliff";
		}
		CapacityLevel at = judged.get(answer);
		String message = String.format(Locale.ROOT, "%s at %s (%s CI %s), goodput %s req/s%s", label(answer),
				request.slo().describe(), SloFormat.percent(request.confidence()),
				same(low, high) ? label(low, false) : label(low, false) + "-" + label(high, false),
				SloFormat.trim(Math.round(at.goodputRps() * 10) / 10.0),
				switch (stop) {
					case "max-holds" -> "; the SLO still held at the highest level tried (--max), so the capacity may be higher";
					case "cancelled" -> "; the search was stopped before its end (partial)";
					default -> "";
				});
		return new CapacityResult(answer, low, high, request.confidence(), boundary, request.by(), order, batchId, stop,
				message, slo, request.resolution(), unsaved);
	}

	private static boolean same(double a, double b) {
		return Math.abs(a - b) < 1e-9;
	}

	private String label(double level) {
		return label(level, true);
	}

	private String label(double level, boolean unit) {
		String n = SloFormat.trim(level);
		if (!unit) {
			return n;
		}
		return request.by() == CapacityRequest.By.CONCURRENCY ? n + (level == 1 ? " concurrent user" : " concurrent users")
				: n + " req/s";
	}
}
