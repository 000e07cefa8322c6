package io.deepstress.core.timeline;

import java.util.List;
import java.util.Map;

/**
 * One series scraped from an inference server's {@code /metrics} during a run, on the run's clock.
 *
 * @param name    the server's own metric name ({@code vllm:num_requests_running}); for a counter the series is
 *                its rate per second, for a histogram the mean of the observations of each interval
 * @param meaning the common meaning across servers ({@link ServerMeaning}), or null for a series picked by name
 * @param labels  the sample's labels
 * @param points  {@code [t_s, value]} pairs, {@code t_s} seconds since the run's start (the timeline's clock)
 */
public record ServerSeries(String name, String meaning, Map<String, String> labels, List<double[]> points) {

	public ServerSeries {
		labels = Map.copyOf(labels);
		points = List.copyOf(points);
	}
}
