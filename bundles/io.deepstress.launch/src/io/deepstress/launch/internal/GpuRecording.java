package io.deepstress.launch.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuMonitor;
import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.gpu.GpuSampleSink;

/**
 * The GPU side of one launch: the hosts its plans record are watched for as long as it runs (those nobody watched
 * before are unwatched at its end), and while a run is active the samples of the hosts its own plan names, and of
 * no other host, go to the sample sinks (the records store) under that run's id.
 */
final class GpuRecording implements AutoCloseable {

	private final GpuMonitor monitor;
	private final Iterable<GpuSampleSink> sinks;
	private final List<String> startedHere = new ArrayList<>();
	private final String problem;

	/**
	 * Starts watching {@code hosts} that are not watched yet.
	 *
	 * @param monitor the GPU monitor, or null when it is not installed
	 */
	GpuRecording(GpuMonitor monitor, Iterable<GpuSampleSink> sinks, List<GpuHost> hosts) {
		this.monitor = monitor;
		this.sinks = sinks;
		Map<String, GpuHost> distinct = new LinkedHashMap<>();
		hosts.forEach(h -> distinct.putIfAbsent(h.id(), h));
		if (distinct.isEmpty()) {
			problem = null;
			return;
		}
		if (monitor == null) {
			problem = "The GPU monitor is not installed: no GPU telemetry is recorded.";
			return;
		}
		problem = null;
		Set<String> watched = monitor.watched().stream().map(GpuHost::id).collect(Collectors.toSet());
		for (GpuHost host : distinct.values()) {
			if (!watched.contains(host.id())) {
				monitor.watch(host);
				startedHere.add(host.id());
			}
		}
	}

	/** Why no GPU telemetry is recorded although hosts were asked for, or null. */
	String problem() {
		return problem;
	}

	/** Routes the samples of {@code hosts} to the sinks under {@code runId} until the returned route is closed. */
	Route route(String runId, List<GpuHost> hosts) {
		List<GpuMonitor.Subscription> subscriptions = new ArrayList<>();
		if (monitor != null) {
			for (String hostId : hosts.stream().map(GpuHost::id).distinct().toList()) {
				subscriptions.add(monitor.subscribe(hostId, samples -> deliver(runId, samples)));
			}
		}
		return () -> subscriptions.forEach(GpuMonitor.Subscription::close);
	}

	private void deliver(String runId, List<GpuSample> samples) {
		for (GpuSampleSink sink : sinks) {
			try {
				sink.accept(runId, samples);
			} catch (RuntimeException e) {
				// a sink must not stop the samples of the other sinks or the monitor
			}
		}
	}

	/** Stops watching the hosts this launch started watching. */
	@Override
	public void close() {
		if (monitor != null) {
			startedHere.forEach(monitor::unwatch);
		}
		startedHere.clear();
	}

	/** One run's samples on their way to the sinks. */
	interface Route extends AutoCloseable {
		@Override
		void close();
	}
}
