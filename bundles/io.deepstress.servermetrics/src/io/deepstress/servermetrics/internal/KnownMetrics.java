package io.deepstress.servermetrics.internal;

import java.util.Map;

import io.deepstress.core.timeline.ServerMeaning;

/**
 * The series kept from the known servers, under their own names, with a common meaning and how a scrape's value
 * becomes a point. Names from the servers' metrics documentation: vLLM (docs "Metrics", V1 engine and the older
 * names still served), SGLang ("Production Metrics"), TGI ({@code tgi_*}), llama.cpp server ({@code --metrics}).
 */
final class KnownMetrics {

	/** How a family becomes a series. */
	enum Kind {
		/** The value as it is. */
		GAUGE,
		/** A counter: its increase per second between scrapes. */
		COUNTER,
		/** A histogram (seconds): the mean of the observations between scrapes, in ms ({@code Δ_sum / Δ_count}). */
		HISTOGRAM_MS
	}

	record Known(String meaning, Kind kind) {
	}

	static final Map<String, Known> BY_NAME = Map.ofEntries(
			// vLLM
			Map.entry("vllm:num_requests_running", new Known(ServerMeaning.RUNNING, Kind.GAUGE)),
			Map.entry("vllm:num_requests_waiting", new Known(ServerMeaning.WAITING, Kind.GAUGE)),
			Map.entry("vllm:gpu_cache_usage_perc", new Known(ServerMeaning.KV_CACHE_USAGE, Kind.GAUGE)),
			Map.entry("vllm:kv_cache_usage_perc", new Known(ServerMeaning.KV_CACHE_USAGE, Kind.GAUGE)),
			Map.entry("vllm:gpu_prefix_cache_hit_rate", new Known(ServerMeaning.PREFIX_CACHE_HIT_RATE, Kind.GAUGE)),
			Map.entry("vllm:num_preemptions_total", new Known(ServerMeaning.PREEMPTIONS_PER_S, Kind.COUNTER)),
			Map.entry("vllm:prompt_tokens_total", new Known(ServerMeaning.PROMPT_TOKENS_PER_S, Kind.COUNTER)),
			Map.entry("vllm:generation_tokens_total", new Known(ServerMeaning.GENERATION_TOKENS_PER_S, Kind.COUNTER)),
			Map.entry("vllm:time_to_first_token_seconds", new Known(ServerMeaning.SERVER_TTFT_MS, Kind.HISTOGRAM_MS)),
			Map.entry("vllm:inter_token_latency_seconds", new Known(ServerMeaning.SERVER_ITL_MS, Kind.HISTOGRAM_MS)),
			Map.entry("vllm:time_per_output_token_seconds", new Known(ServerMeaning.SERVER_ITL_MS, Kind.HISTOGRAM_MS)),
			// SGLang
			Map.entry("sglang:num_running_reqs", new Known(ServerMeaning.RUNNING, Kind.GAUGE)),
			Map.entry("sglang:num_queue_reqs", new Known(ServerMeaning.WAITING, Kind.GAUGE)),
			Map.entry("sglang:token_usage", new Known(ServerMeaning.KV_CACHE_USAGE, Kind.GAUGE)),
			Map.entry("sglang:cache_hit_rate", new Known(ServerMeaning.PREFIX_CACHE_HIT_RATE, Kind.GAUGE)),
			Map.entry("sglang:prompt_tokens_total", new Known(ServerMeaning.PROMPT_TOKENS_PER_S, Kind.COUNTER)),
			Map.entry("sglang:generation_tokens_total", new Known(ServerMeaning.GENERATION_TOKENS_PER_S, Kind.COUNTER)),
			Map.entry("sglang:time_to_first_token_seconds", new Known(ServerMeaning.SERVER_TTFT_MS, Kind.HISTOGRAM_MS)),
			Map.entry("sglang:inter_token_latency_seconds", new Known(ServerMeaning.SERVER_ITL_MS, Kind.HISTOGRAM_MS)),
			Map.entry("sglang:time_per_output_token_seconds", new Known(ServerMeaning.SERVER_ITL_MS, Kind.HISTOGRAM_MS)),
			// TGI
			Map.entry("tgi_batch_current_size", new Known(ServerMeaning.RUNNING, Kind.GAUGE)),
			Map.entry("tgi_queue_size", new Known(ServerMeaning.WAITING, Kind.GAUGE)),
			Map.entry("tgi_request_mean_time_per_token_duration", new Known(ServerMeaning.SERVER_ITL_MS, Kind.HISTOGRAM_MS)),
			// llama.cpp
			Map.entry("llamacpp:requests_processing", new Known(ServerMeaning.RUNNING, Kind.GAUGE)),
			Map.entry("llamacpp:requests_deferred", new Known(ServerMeaning.WAITING, Kind.GAUGE)),
			Map.entry("llamacpp:kv_cache_usage_ratio", new Known(ServerMeaning.KV_CACHE_USAGE, Kind.GAUGE)),
			Map.entry("llamacpp:prompt_tokens_total", new Known(ServerMeaning.PROMPT_TOKENS_PER_S, Kind.COUNTER)),
			Map.entry("llamacpp:tokens_predicted_total", new Known(ServerMeaning.GENERATION_TOKENS_PER_S, Kind.COUNTER)));

	/** vLLM's prefix cache as two counters: hits over queries between scrapes is the hit rate. */
	static final String VLLM_PREFIX_HITS = "vllm:prefix_cache_hits_total";
	static final String VLLM_PREFIX_QUERIES = "vllm:prefix_cache_queries_total";
	static final String VLLM_PREFIX_HIT_RATE = "vllm:prefix_cache_hit_rate";

	private KnownMetrics() {
	}

	/** Which server a sample name belongs to, or null. */
	static String server(String name) {
		if (name.startsWith("vllm:")) {
			return "vllm";
		}
		if (name.startsWith("sglang:")) {
			return "sglang";
		}
		if (name.startsWith("tgi_")) {
			return "tgi";
		}
		if (name.startsWith("llamacpp:")) {
			return "llama.cpp";
		}
		return null;
	}
}
