package io.deepstress.engine.internal;

import io.deepstress.core.run.Load;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;

/** The summary of a run from its statistics: the seed's figures and the standard ones. */
final class RunSummaries {

	private RunSummaries() {
	}

	/**
	 * @param seconds the measured window (first measured start to last end)
	 * @param achievedRate the open loop's arrivals per second (NaN for a closed loop)
	 */
	static RunSummary of(String runId, RunConfig config, RunStatistics stats, RunStatus status, String error,
			long startEpochMillis, double seconds, double achievedRate) {
		var datasetStats = stats.datasets();
		double[] original = RunStatistics.originalAverages(datasetStats);
		String description;
		int concurrency;
		double targetRate = Double.NaN;
		double achieved = Double.NaN;
		if (config.load() instanceof Load.OpenLoop open) {
			description = String.format("open loop, %s%.1f req/s, cap %d", open.poisson() ? "Poisson " : "",
					open.ratePerSecond(), open.maxConcurrency());
			concurrency = open.maxConcurrency();
			targetRate = open.ratePerSecond();
			achieved = achievedRate;
		} else if (config.load() instanceof Load.Scheduled trace) {
			description = String.format(java.util.Locale.ROOT, "trace replay, %d arrivals at speed %sx, cap %d",
					trace.offsetsMicros().size(), trace.label().substring(1), trace.maxConcurrency());
			concurrency = trace.maxConcurrency();
			double span = trace.dueNanos(trace.offsetsMicros().size() - 1) / 1e9;
			targetRate = span > 0 ? (trace.offsetsMicros().size() - 1) / span : Double.NaN;
			achieved = achievedRate;
		} else {
			concurrency = ((Load.ClosedLoop) config.load()).concurrency();
			description = "closed loop, concurrency " + concurrency;
		}
		return new RunSummary(runId, config.name(), config.target().model(), description, concurrency, status, error,
				startEpochMillis, System.currentTimeMillis(), seconds, stats.total(), stats.succeeded(), stats.failed(),
				stats.attempts(), stats.outputTokens(), stats.inputTokens(), stats.chars(), stats.estimatedTokenRequests(),
				seconds > 0 ? stats.succeeded() / seconds : 0, seconds > 0 ? stats.outputTokens() / seconds : 0,
				targetRate, achieved, stats.ttft(), stats.e2e(), stats.itl(), stats.tpot(), stats.errors(), datasetStats,
				original[0], original[1], original[2], stats.turns());
	}
}
