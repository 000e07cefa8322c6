package io.deepstress.core.timeline;

import java.util.List;

/**
 * The newest seconds of a running test's client timeline, as posted on {@code deepstress/run/timeline} about once a
 * second. A second stays open for late completions (a request's TTFT counts in the second its first token came),
 * so the same {@code t_s} can come again with newer figures: the later one replaces the earlier.
 *
 * @param runId            the run
 * @param startEpochMillis the wall-clock instant of {@code t_s = 0} (to place GPU samples on the same axis)
 * @param recent           the newest seconds, oldest first
 */
public record LiveTimeline(String runId, long startEpochMillis, List<TimelinePoint> recent) {

	public LiveTimeline {
		recent = List.copyOf(recent);
	}
}
