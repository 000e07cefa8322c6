package io.deepstress.sample.amd.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.deepstress.core.gpu.GpuSample;

/**
 * The GPUs in the JSON of {@code amd-smi metric --json}: a list of per-GPU objects (or, in newer releases, that list
 * under {@code gpu_data}) with {@code gpu} (index), {@code usage.gfx_activity}, {@code mem_usage.used_vram} /
 * {@code total_vram}, {@code power.socket_power}, {@code temperature.hotspot} (else {@code edge}),
 * {@code clock.gfx_0.clk} and {@code power.throttle_status}. A value is a number, a {@code {"value", "unit"}} object
 * or a string such as {@code "143 W"}; {@code "N/A"} is absent (null), never zero.
 */
final class AmdSmiJson {

	private static final ObjectMapper JSON = new ObjectMapper();
	private static final Pattern LEADING_NUMBER = Pattern.compile("^\\s*(-?[0-9]+(?:\\.[0-9]+)?)");

	private AmdSmiJson() {
	}

	/**
	 * Reads {@code text}.
	 *
	 * @throws IllegalArgumentException when it is not that JSON
	 */
	static List<GpuSample> gpus(String text, long epochMillis, String host) {
		JsonNode root;
		try {
			root = JSON.readTree(text);
		} catch (JsonProcessingException e) {
			throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
		}
		if (root != null && root.isObject() && root.has("gpu_data")) {
			root = root.get("gpu_data");
		}
		if (root == null || !root.isArray()) {
			throw new IllegalArgumentException("not the JSON of amd-smi metric (a list of GPUs)");
		}
		List<GpuSample> out = new ArrayList<>();
		for (JsonNode gpu : root) {
			Double index = number(gpu.get("gpu"));
			if (index == null) {
				continue;
			}
			Double used = number(gpu.path("mem_usage").get("used_vram"));
			Double total = number(gpu.path("mem_usage").get("total_vram"));
			Double temp = number(gpu.path("temperature").get("hotspot"));
			if (temp == null) {
				temp = number(gpu.path("temperature").get("edge"));
			}
			Double power = number(gpu.path("power").get("socket_power"));
			Double clock = number(gpu.path("clock").path("gfx_0").get("clk"));
			JsonNode throttle = gpu.path("power").get("throttle_status");
			out.add(new GpuSample(epochMillis, host, index.intValue(), null, null,
					number(gpu.path("usage").get("gfx_activity")), used == null ? null : Math.round(used),
					total == null ? null : Math.round(total), temp, power, null, clock == null ? null : Math.round(clock),
					throttle == null || !throttle.isTextual() || throttle.asText().equals("N/A") ? null : throttle.asText()));
		}
		if (out.isEmpty()) {
			throw new IllegalArgumentException("amd-smi reported no GPU");
		}
		return out;
	}

	/** A number, a {@code {"value": ...}} object or a string with a leading number; null for N/A and the rest. */
	static Double number(JsonNode n) {
		if (n == null || n.isNull()) {
			return null;
		}
		if (n.isNumber()) {
			return n.doubleValue();
		}
		if (n.isObject()) {
			return number(n.get("value"));
		}
		if (n.isTextual()) {
			Matcher m = LEADING_NUMBER.matcher(n.asText());
			return m.find() ? Double.valueOf(m.group(1)) : null;
		}
		return null;
	}
}
