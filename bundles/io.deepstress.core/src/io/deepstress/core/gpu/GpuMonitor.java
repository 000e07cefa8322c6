package io.deepstress.core.gpu;

import java.time.Duration;
import java.util.List;
import java.util.Map;

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
}
