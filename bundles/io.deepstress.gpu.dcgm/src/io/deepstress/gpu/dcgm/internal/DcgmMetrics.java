package io.deepstress.gpu.dcgm.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.deepstress.core.gpu.GpuSample;
import io.deepstress.servermetrics.PrometheusReader;

/**
 * The GPU figures in a DCGM exporter's text (the field names of its default counters): one {@link GpuSample} per
 * GPU, told apart by the labels {@code Hostname} and {@code gpu} (index), named by {@code UUID} and
 * {@code modelName}. Samples carry the configured host's name (as SSH hosts do, so the monitor and the records
 * know them); an exporter that reports several nodes' {@code Hostname}s gets {@code name/Hostname} per node. Memory total is used + free (+ reserved when exported); the throttle reasons (the clock-event
 * bit mask, under its old or new name) are written in hex. A field an exporter does not send stays null.
 */
final class DcgmMetrics {

	static final String UTIL = "DCGM_FI_DEV_GPU_UTIL";
	static final String FB_USED = "DCGM_FI_DEV_FB_USED";
	static final String FB_FREE = "DCGM_FI_DEV_FB_FREE";
	static final String FB_RESERVED = "DCGM_FI_DEV_FB_RESERVED";
	static final String POWER = "DCGM_FI_DEV_POWER_USAGE";
	static final String POWER_LIMIT = "DCGM_FI_DEV_POWER_MGMT_LIMIT";
	static final String TEMP = "DCGM_FI_DEV_GPU_TEMP";
	static final String SM_CLOCK = "DCGM_FI_DEV_SM_CLOCK";
	static final String THROTTLE = "DCGM_FI_DEV_CLOCK_THROTTLE_REASONS";
	static final String CLOCK_EVENTS = "DCGM_FI_DEV_CLOCKS_EVENT_REASONS";

	private DcgmMetrics() {
	}

	/** One GPU's figures while they are collected. */
	private static final class Gpu {
		String host;
		int index;
		String uuid;
		String model;
		Double util;
		Double used;
		Double free;
		Double reserved;
		Double power;
		Double powerLimit;
		Double temp;
		Double smClock;
		Double throttle;
	}

	/** The GPUs in {@code samples}, ordered by node and index, named after the host {@code hostName}. */
	static List<GpuSample> gpus(List<PrometheusReader.Sample> samples, long epochMillis, String hostName) {
		java.util.Set<String> nodes = new java.util.HashSet<>();
		for (PrometheusReader.Sample s : samples) {
			String node = s.labels().get("Hostname");
			if (node != null && s.name().startsWith("DCGM_FI_")) {
				nodes.add(node);
			}
		}
		Map<String, Gpu> gpus = new TreeMap<>();
		for (PrometheusReader.Sample s : samples) {
			if (!s.name().startsWith("DCGM_FI_") || Double.isNaN(s.value())) {
				continue;
			}
			String gpuLabel = s.labels().get("gpu");
			if (gpuLabel == null) {
				continue;
			}
			int index;
			try {
				index = Integer.parseInt(gpuLabel.trim());
			} catch (NumberFormatException e) {
				continue;
			}
			String node = s.labels().get("Hostname");
			String host = nodes.size() > 1 && node != null ? hostName + "/" + node : hostName;
			Gpu g = gpus.computeIfAbsent(host + "\u0000" + String.format(Locale.ROOT, "%06d", index), k -> new Gpu());
			g.host = host;
			g.index = index;
			g.uuid = g.uuid != null ? g.uuid : s.labels().get("UUID");
			g.model = g.model != null ? g.model : s.labels().get("modelName");
			double v = s.value();
			switch (s.name()) {
			case UTIL -> g.util = v;
			case FB_USED -> g.used = v;
			case FB_FREE -> g.free = v;
			case FB_RESERVED -> g.reserved = v;
			case POWER -> g.power = v;
			case POWER_LIMIT -> g.powerLimit = v;
			case TEMP -> g.temp = v;
			case SM_CLOCK -> g.smClock = v;
			case THROTTLE, CLOCK_EVENTS -> g.throttle = v;
			default -> {
				// a counter DeepStress does not chart
			}
			}
		}
		List<GpuSample> out = new ArrayList<>(gpus.size());
		for (Gpu g : gpus.values()) {
			Long total = g.used != null && g.free != null
					? Math.round(g.used + g.free + (g.reserved != null ? g.reserved : 0)) : null;
			out.add(new GpuSample(epochMillis, g.host, g.index, g.uuid, g.model, g.util,
					g.used == null ? null : Math.round(g.used), total, g.temp, g.power, g.powerLimit,
					g.smClock == null ? null : Math.round(g.smClock),
					g.throttle == null ? null : "0x" + Long.toHexString((long) (double) g.throttle)));
		}
		return out;
	}
}
