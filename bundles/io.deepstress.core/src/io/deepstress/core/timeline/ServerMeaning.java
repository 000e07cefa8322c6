package io.deepstress.core.timeline;

/** The common meanings of the server series DeepStress keeps, whatever the server calls them. */
public final class ServerMeaning {

	/** Requests being processed (decoding or prefilling). */
	public static final String RUNNING = "running";
	/** Requests queued, not yet scheduled. */
	public static final String WAITING = "waiting";
	/** KV-cache usage, 0..1. */
	public static final String KV_CACHE_USAGE = "kv_cache_usage";
	/** Prefix-cache hit rate, 0..1. */
	public static final String PREFIX_CACHE_HIT_RATE = "prefix_cache_hit_rate";
	/** Preemptions per second. */
	public static final String PREEMPTIONS_PER_S = "preemptions_per_s";
	/** Prompt tokens processed per second. */
	public static final String PROMPT_TOKENS_PER_S = "prompt_tokens_per_s";
	/** Tokens generated per second. */
	public static final String GENERATION_TOKENS_PER_S = "generation_tokens_per_s";
	/** The server's own TTFT, mean of each interval, ms. */
	public static final String SERVER_TTFT_MS = "server_ttft_ms";
	/** The server's own inter-token latency (or time per output token), mean of each interval, ms. */
	public static final String SERVER_ITL_MS = "server_itl_ms";

	private ServerMeaning() {
	}
}
