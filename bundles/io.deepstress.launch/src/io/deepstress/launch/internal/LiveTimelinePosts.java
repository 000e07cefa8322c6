package io.deepstress.launch.internal;

import java.util.function.BiConsumer;

import io.deepstress.core.events.RunTopics;
import io.deepstress.core.run.LiveSnapshot;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.RunListener;
import io.deepstress.core.timeline.LiveTimeline;

/**
 * Posts a running test's newest timeline seconds on {@code deepstress/run/timeline} at most once per
 * {@link #INTERVAL_NANOS}, driven by the engine's snapshots (no thread of its own), and once more when the run ends.
 * Each post carries the last {@link #SECONDS} seconds, as the newest ones may still change.
 */
final class LiveTimelinePosts implements RunListener {

	static final long INTERVAL_NANOS = 1_000_000_000L;
	static final int SECONDS = 5;

	private final TimelineBuilder timeline;
	private final long startEpochMillis;
	private final BiConsumer<String, Object> bus;
	private long lastPost = System.nanoTime() - INTERVAL_NANOS;

	LiveTimelinePosts(TimelineBuilder timeline, long startEpochMillis, BiConsumer<String, Object> bus) {
		this.timeline = timeline;
		this.startEpochMillis = startEpochMillis;
		this.bus = bus;
	}

	@Override
	public void onSnapshot(LiveSnapshot snapshot) {
		long now = System.nanoTime();
		synchronized (this) {
			if (now - lastPost < INTERVAL_NANOS) {
				return;
			}
			lastPost = now;
		}
		post(snapshot.runId());
	}

	@Override
	public void onFinished(RunSummary summary) {
		post(summary.runId());
	}

	private void post(String runId) {
		var recent = timeline.recent(SECONDS);
		if (!recent.isEmpty()) {
			bus.accept(RunTopics.TIMELINE, new LiveTimeline(runId, startEpochMillis, recent));
		}
	}
}
