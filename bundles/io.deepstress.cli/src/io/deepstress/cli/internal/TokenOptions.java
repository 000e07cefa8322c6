package io.deepstress.cli.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.tokens.LengthSpec;
import io.deepstress.core.tokens.PromptSynthesizer;
import io.deepstress.core.tokens.SyntheticSpec;
import io.deepstress.core.tokens.Tokenizer;
import io.deepstress.core.tokens.TokenizerException;
import io.deepstress.core.tokens.TokenizerService;
import io.deepstress.core.trace.Trace;
import io.deepstress.core.trace.TraceReplay;
import picocli.CommandLine.Option;

/**
 * {@code run}'s synthetic traffic: prompts of exact token lengths ({@code --input-tokens}, {@code --output-tokens})
 * in the tokens of {@code --tokenizer}, with a shared prefix, a salt and a seed. Everything is checked before the
 * run starts (a bad spec, an unusable tokenizer, a length beyond the model's context): exit 2.
 */
final class TokenOptions {

	/** Synthetic prompts made when the run is bounded by time or by one pass, not by a request count. */
	static final int DEFAULT_COUNT = 1000;
	static final int ONE_PASS_COUNT = 100;

	@Option(names = "--input-tokens", paramLabel = "SPEC", description = { "synthetic prompts of exactly this many"
			+ " input tokens: N, uniform:MIN:MAX, normal:MEAN:SD or lognormal:MEAN:SD (cut from a built-in corpus with"
			+ " --tokenizer; the shared prefix comes on top)" })
	String inputTokens;

	@Option(names = "--output-tokens", paramLabel = "SPEC", description = { "output tokens of each synthetic prompt"
			+ " (max_tokens, and unless --no-ignore-eos ignore_eos and min_tokens so that exactly this many come): N,"
			+ " uniform:MIN:MAX, normal:MEAN:SD or lognormal:MEAN:SD" })
	String outputTokens;

	@Option(names = "--tokenizer", paramLabel = "cl100k|o200k|server|PATH", description = { "tokenizer the lengths"
			+ " are counted in (default cl100k): OpenAI's cl100k_base or o200k_base, server (the endpoint's own"
			+ " /tokenize), or a Hugging Face tokenizer.json; without --input-tokens it counts the run's own prompts so that"
			+ " their input tokens as sent are recorded" })
	String tokenizer;

	@Option(names = "--prefix-tokens", paramLabel = "N", converter = Converters.NonNegativeLong.class,
			description = "a shared prefix of N tokens at the start of every synthetic prompt (like a system prompt)")
	Long prefixTokens;

	@Option(names = "--salt", description = "a unique salt at the start of each synthetic prompt (after the prefix)"
			+ " that defeats the server's prefix cache")
	boolean salt;

	@Option(names = "--seed", paramLabel = "N", description = "seed of the synthetic prompts (default 1): the same"
			+ " seed gives the same prompts")
	Long seed;

	@Option(names = "--no-ignore-eos", description = "ask for the output length with max_tokens only (no ignore_eos,"
			+ " no min_tokens): the model may stop earlier")
	boolean noIgnoreEos;

	@Option(names = "--trace-speed", paramLabel = "X", converter = Converters.PositiveDouble.class,
			description = "--dataset trace:FILE: replay X times faster than recorded (default 1)")
	Double traceSpeed;

	@Option(names = "--trace-start", paramLabel = "S", converter = Converters.PositiveDouble.class,
			description = "--dataset trace:FILE: skip the trace's first S seconds")
	Double traceStart;

	/** The tokenizer of the synthetic prompts, once {@link #apply} made them; null otherwise. */
	String tokenizerId;

	/** Whether any of the synthetic prompts' options was given. */
	boolean given() {
		return inputTokens != null || outputTokens != null || tokenizer != null || prefixTokens != null || salt
				|| seed != null || noIgnoreEos;
	}

	/**
	 * {@code config} replaying {@code trace} (a Mooncake JSON Lines file): its requests' prompts synthesised to their
	 * lengths with {@code --tokenizer}, sent at the recorded times ({@code --trace-speed}, {@code --trace-start},
	 * {@code --requests} as the cap, {@code --concurrency} as the in-flight cap, default 256); {@code config} itself
	 * without a trace.
	 */
	RunConfig replay(RunConfig config, Path trace, TestOptions test, String baseUrl, boolean promptsGiven,
			Services services) throws Exception {
		if (trace == null) {
			if (traceSpeed != null || traceStart != null) {
				throw new UsageException("--trace-speed and --trace-start need --dataset trace:FILE");
			}
			return config;
		}
		if (inputTokens != null || outputTokens != null || prefixTokens != null || salt) {
			throw new UsageException("--dataset trace:" + trace + ": the trace gives the lengths (no --input-tokens,"
					+ " --output-tokens, --prefix-tokens or --salt)");
		}
		if (promptsGiven) {
			throw new UsageException("--dataset trace:" + trace + " cannot be combined with --prompts");
		}
		if (test.rate != null || test.poisson) {
			throw new UsageException("--dataset trace:" + trace + ": the trace gives the arrival times (no --rate or"
					+ " --poisson; --trace-speed scales them)");
		}
		if (config.limits().warmupRequests() > 0) {
			throw new UsageException("--dataset trace:" + trace + ": no --warmup with a trace replay");
		}
		Trace t;
		try {
			t = Trace.read(trace, traceStart == null ? 0 : Math.round(traceStart * 1000), config.limits().maxRequests());
		} catch (IllegalArgumentException e) {
			throw new UsageException("--dataset trace:" + trace + ": " + e.getMessage());
		}
		Tokenizer tok = tokenizer(baseUrl, services);
		Dataset prompts;
		try {
			prompts = services.get(PromptSynthesizer.class).trace(t, tok, seed == null ? 1 : seed);
		} catch (IllegalArgumentException e) {
			throw new UsageException("--dataset trace:" + trace + ": " + e.getMessage());
		}
		RequestOptions r = config.request();
		checkContext(prompts, r.maxTokens(), config.target(), baseUrl);
		tokenizerId = tok.id();
		int cap = (int) (test.concurrency == null ? 256 : Math.min(Integer.MAX_VALUE, test.concurrency));
		RunConfig asked = new RunConfig(config.name(), config.target(),
				new RequestOptions(r.stream(), r.maxTokens(), r.temperature(), ignoreEos(r.extraBodyJson()), r.includeUsage()),
				config.datasets(), config.load(), config.limits(), config.timeouts(), config.retry(), config.network());
		return TraceReplay.apply(asked, t, prompts, traceSpeed == null ? 1 : traceSpeed, cap);
	}

	/**
	 * {@code --tokenizer} without synthetic prompts: the run's own prompts (files, datasets, built-in) with their
	 * lengths counted by the tokenizer, so that the input tokens as sent are recorded.
	 */
	private RunConfig counted(RunConfig config, Tokenizer tok) {
		List<DatasetShare> shares = new java.util.ArrayList<>();
		for (DatasetShare share : config.datasets()) {
			List<Prompt> prompts = share.dataset().prompts().stream().map(p -> new Prompt(p.id(), p.text(), p.followUps(),
					tok.count(p.text()), p.outputTokens())).toList();
			shares.add(new DatasetShare(new Dataset(share.dataset().name(), prompts), share.weight()));
		}
		tokenizerId = tok.id();
		return new RunConfig(config.name(), config.target(), config.request(), shares, config.load(), config.limits(),
				config.timeouts(), config.retry());
	}

	private Tokenizer tokenizer(String baseUrl, Services services) throws Exception {
		try {
			return services.get(TokenizerService.class).resolve(tokenizer == null ? "cl100k" : tokenizer,
					URI.create(baseUrl));
		} catch (TokenizerException e) {
			throw new UsageException("--tokenizer: " + e.getMessage());
		}
	}

	/** The extra body with {@code ignore_eos: true} unless {@code --no-ignore-eos} (or the body sets it). */
	private String ignoreEos(String extra) {
		if (noIgnoreEos) {
			return extra;
		}
		ObjectNode body = extra == null || extra.isBlank() ? CliJson.read("{}").deepCopy()
				: ((ObjectNode) CliJson.read(extra)).deepCopy();
		if (!body.has("ignore_eos")) {
			body.put("ignore_eos", true);
		}
		return CliJson.write(body);
	}

	/**
	 * {@code config} with its datasets replaced by the synthetic prompts and its extra body asking for the exact
	 * output length; {@code config} itself without these options.
	 *
	 * @param baseUrl    the endpoint's real base URL (for {@code --tokenizer server} and its context length)
	 * @param traceGiven whether {@code --dataset trace:FILE} was given: then {@link #replay} makes the prompts
	 */
	RunConfig apply(RunConfig config, String baseUrl, boolean promptsGiven, boolean traceGiven, Services services)
			throws Exception {
		if (!given() || traceGiven) {
			return config; // a trace replay (replay) takes --tokenizer, --seed and --no-ignore-eos, and refuses the rest
		}
		if (inputTokens == null && tokenizer != null && outputTokens == null && prefixTokens == null && !salt
				&& seed == null && !noIgnoreEos) {
			return counted(config, tokenizer(baseUrl, services));
		}
		if (inputTokens == null) {
			throw new UsageException("--output-tokens, --prefix-tokens, --salt, --seed and --no-ignore-eos"
					+ " need --input-tokens (synthetic prompts)");
		}
		if (promptsGiven) {
			throw new UsageException("--input-tokens makes synthetic prompts: it cannot be combined with --prompts");
		}
		LengthSpec input = length("--input-tokens", inputTokens);
		LengthSpec output = outputTokens == null ? null : length("--output-tokens", outputTokens);
		if (noIgnoreEos && output == null) {
			throw new UsageException("--no-ignore-eos needs --output-tokens");
		}
		long n = config.limits().maxRequests();
		long count = n > 0 ? n + config.limits().warmupRequests()
				: config.limits().maxDuration() != null ? DEFAULT_COUNT : ONE_PASS_COUNT;
		SyntheticSpec spec;
		try {
			spec = new SyntheticSpec(input, output, (int) Math.min(Integer.MAX_VALUE, prefixTokens == null ? 0 : prefixTokens),
					salt, seed == null ? 1 : seed, (int) Math.min(count, SyntheticSpec.MAX_COUNT));
		} catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
		Tokenizer t = tokenizer(baseUrl, services);
		Dataset prompts;
		try {
			prompts = services.get(PromptSynthesizer.class).synthesize(spec, t);
		} catch (IllegalArgumentException e) {
			throw new UsageException("--input-tokens: " + e.getMessage());
		}
		RequestOptions r = config.request();
		checkContext(prompts, r.maxTokens(), config.target(), baseUrl);
		tokenizerId = t.id();
		String extra = output != null ? ignoreEos(r.extraBodyJson()) : r.extraBodyJson();
		return new RunConfig(config.name(), config.target(),
				new RequestOptions(r.stream(), r.maxTokens(), r.temperature(), extra, r.includeUsage()),
				List.of(new DatasetShare(prompts, 1)), config.load(), config.limits(), config.timeouts(), config.retry());
	}

	private static LengthSpec length(String option, String spec) throws UsageException {
		try {
			return LengthSpec.parse(spec);
		} catch (IllegalArgumentException e) {
			throw new UsageException(option + ": " + e.getMessage());
		}
	}

	/** Refuses prompts longer than the model's context when the server's /v1/models says its max_model_len. */
	private static void checkContext(Dataset prompts, Integer runMaxTokens, ApiTarget target, String baseUrl)
			throws UsageException {
		OptionalInt context = maxModelLen(target, baseUrl);
		if (context.isEmpty()) {
			return;
		}
		Prompt longest = null;
		long most = 0;
		for (Prompt p : prompts.prompts()) {
			long total = p.inputTokens() + (p.outputTokens() > 0 ? p.outputTokens() : runMaxTokens == null ? 0 : runMaxTokens);
			if (total > most) {
				most = total;
				longest = p;
			}
		}
		if (most > context.getAsInt()) {
			throw new UsageException("prompt " + longest.id() + " needs " + most + " tokens (" + longest.inputTokens()
					+ " in, " + (most - longest.inputTokens()) + " out) but the model's context (max_model_len in "
					+ baseUrl + "/models) is " + context.getAsInt() + " tokens: lower --input-tokens/--output-tokens");
		}
	}

	/** The model's {@code max_model_len} from {@code /v1/models} (vLLM), if the server says it. */
	static OptionalInt maxModelLen(ApiTarget target, String baseUrl) {
		try {
			HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(baseUrl.replaceAll("/+$", "") + "/models"))
					.timeout(Duration.ofSeconds(10)).GET();
			for (Map.Entry<String, String> h : target.headers().entrySet()) {
				get.header(h.getKey(), h.getValue());
			}
			if (target.apiKey() != null && !target.apiKey().isEmpty()) {
				get.header("Authorization", "Bearer " + target.apiKey());
			}
			HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
					.send(get.build(), HttpResponse.BodyHandlers.ofString());
			if (r.statusCode() != 200) {
				return OptionalInt.empty();
			}
			for (JsonNode m : CliJson.read(r.body()).path("data")) {
				JsonNode len = m.get("max_model_len");
				if (target.model().equals(m.path("id").asText()) && len != null && len.canConvertToInt()
						&& len.intValue() > 0) {
					return OptionalInt.of(len.intValue());
				}
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		} catch (Exception e) {
			// no context length known: the server answers too long prompts itself (a classified request error)
		}
		return OptionalInt.empty();
	}
}
