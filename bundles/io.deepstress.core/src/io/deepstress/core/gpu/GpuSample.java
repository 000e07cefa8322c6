package io.deepstress.core.gpu;

import java.util.Objects;

/**
 * One GPU at one instant. A value the source cannot give ({@code [N/A]}, {@code [Not Supported]}, an NVML
 * call that failed) is {@code null}, never zero.
 *
 * @param epochMillis      wall-clock time of the sample (same axis as request start times)
 * @param host             name of the host the GPU is in ({@code localhost} for local sources)
 * @param index            GPU index on that host
 * @param uuid             GPU UUID, or null
 * @param name             product name, or null
 * @param utilization      GPU utilisation, percent
 * @param memoryUsedMiB    memory used, MiB
 * @param memoryTotalMiB   memory total, MiB
 * @param temperatureC     core temperature, °C
 * @param powerW           power draw, W
 * @param powerLimitW      power limit, W
 * @param smClockMHz       SM clock, MHz
 * @param throttleReasons  active clock throttle reasons as reported (e.g. a bit mask in hex), or null
 */
public record GpuSample(long epochMillis, String host, int index, String uuid, String name, Double utilization,
		Long memoryUsedMiB, Long memoryTotalMiB, Double temperatureC, Double powerW, Double powerLimitW,
		Long smClockMHz, String throttleReasons) {

	public GpuSample {
		Objects.requireNonNull(host, "host");
	}

	/** A stable key of the GPU: host and UUID, or host and index when there is no UUID. */
	public String gpuKey() {
		return host + "/" + (uuid != null ? uuid : "#" + index);
	}
}
