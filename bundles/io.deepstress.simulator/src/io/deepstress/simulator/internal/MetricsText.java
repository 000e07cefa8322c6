package io.deepstress.simulator.internal;

import java.util.Locale;

import io.deepstress.simulator.CapacityModel;

/**
 * The simulator's {@code GET /metrics}: its real state in vLLM's names and the Prometheus text format, so that server
 * metrics scraping is tested against ground truth. With a capacity model: the sequences holding a slot
 * ({@code vllm:num_requests_running}), those queued for one ({@code vllm:num_requests_waiting}) and the slots in use
 * as the KV-cache usage ({@code vllm:kv_cache_usage_perc}, 0..1). Without one every open completion exchange runs,
 * none waits, and the usage is 0.
 */
final class MetricsText {

	static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

	private MetricsText() {
	}

	static String of(SimulatorServer sim) {
		CapacityModel.State st = sim.capacityState();
		boolean model = sim.admission() != null;
		int running = model ? st.running() : sim.openExchanges();
		int waiting = model ? st.queued() : 0;
		double usage = model && st.slots() > 0 ? (double) st.running() / st.slots() : 0;
		String labels = "{engine=\"0\",model_name=\"" + escape(sim.settings().model()) + "\"}";
		StringBuilder b = new StringBuilder(1024);
		gauge(b, "vllm:num_requests_running", "Number of requests in model execution batches.", labels, running);
		gauge(b, "vllm:num_requests_waiting", "Number of requests waiting to be processed.", labels, waiting);
		gauge(b, "vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.", labels, usage);
		b.append("# HELP vllm:request_success_total Count of finished requests.\n");
		b.append("# TYPE vllm:request_success_total counter\n");
		b.append("vllm:request_success_total").append(labels).append(' ').append(sim.endedExchanges()).append('\n');
		return b.toString();
	}

	private static void gauge(StringBuilder b, String name, String help, String labels, double value) {
		b.append("# HELP ").append(name).append(' ').append(help).append('\n');
		b.append("# TYPE ").append(name).append(" gauge\n");
		b.append(name).append(labels).append(' ').append(String.format(Locale.ROOT, "%s", value)).append('\n');
	}

	private static String escape(String s) {
		return s == null ? "" : s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
	}
}
