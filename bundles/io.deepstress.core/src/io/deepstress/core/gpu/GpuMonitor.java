package io.deepstress.core.gpu;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Watches the enabled GPU hosts through the providers, keeps a bounded history per GPU for charts, posts
 * samples on {@link io.deepstress.core.events.GpuTopics#SAMPLE} and states on
 * {@link io.deepstress.core.events.GpuTopics#SOURCE}. An OSGi service.
 */
public interface GpuMonitor {

	/** Starts watching a host (replacing a watch of the same id). */
	void watch(GpuHost host);

	/** Stops watching a host. */
	void unwatch(String hostId);

	/** The sampling interval (default 1 s); applies to sources opened afterwards and restarts running ones. */
	void setInterval(Duration interval);

	Duration interval();

	/** The state of every watched source. */
	List<GpuSourceState> sources();

	/** The recent samples of every GPU, oldest first, by {@link GpuSample#gpuKey()}. */
	Map<String, List<GpuSample>> history();

	/** The hosts watched now, in the order they were first watched. */
	List<GpuHost> watched();

	/**
	 * Hands every batch of samples of the watched host {@code hostId} to {@code samples} (on the source's thread; it
	 * must be quick and must not block) until the returned subscription is closed. A host watched later, or watched
	 * again, is heard too.
	 */
	Subscription subscribe(String hostId, Consumer<List<GpuSample>> samples);

	/** A subscription to a host's samples. */
	interface Subscription extends AutoCloseable {

		/** Stops the samples; closing twice does nothing. */
		@Override
		void close();
	}
}
