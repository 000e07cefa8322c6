package io.deepstress.core.timeline;

import java.util.List;

/**
 * A run's client timeline and the server series scraped beside it, on one clock: {@code t_s} seconds since the
 * run's start ({@code startEpochMillis} on the wall clock, measured on the monotonic clock from there).
 *
 * @param runId            the run
 * @param startEpochMillis the wall-clock instant of {@code t_s = 0}
 * @param points           one per second, oldest first
 * @param serverMetrics    the scraped series (empty when none)
 * @param serverStatus     how scraping went
 */
public record RunTimeline(String runId, long startEpochMillis, List<TimelinePoint> points,
		List<ServerSeries> serverMetrics, ServerMetricsStatus serverStatus) {

	public RunTimeline {
		points = List.copyOf(points);
		serverMetrics = List.copyOf(serverMetrics);
	}
}
