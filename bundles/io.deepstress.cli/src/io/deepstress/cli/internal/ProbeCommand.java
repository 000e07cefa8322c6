package io.deepstress.cli.internal;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import io.deepstress.core.probe.EndpointProbe;
import io.deepstress.core.probe.ProbeReport;
import io.deepstress.core.services.BuiltinSimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code deepstress probe --url URL}: what an endpoint supports ({@link EndpointProbe}); exit 0 when it answered as an
 * OpenAI-compatible server, 1 when it did not, 2 for a bad command line.
 */
@Command(name = "probe", sortOptions = false, description = { "probe an endpoint: /models, one streamed chat"
		+ " completion (usage, role chunk, reasoning field, latency), /tokenize, /metrics" })
final class ProbeCommand implements Callable<Integer> {

	@Option(names = "--url", paramLabel = "URL", required = true,
			description = "base URL, e.g. http://127.0.0.1:8000/v1, or builtin for the built-in simulator")
	String url;

	@Option(names = "--model", paramLabel = "NAME", description = "the model to ask (default: the first /models lists)")
	String model;

	@Option(names = "--api-key-env", paramLabel = "VAR", description = "read the API key from environment variable VAR")
	String apiKeyEnv;

	@Option(names = "--json", description = "print the findings as one JSON object")
	boolean json;

	private final Services services;
	private final PrintStream out;
	private final PrintStream err;

	ProbeCommand(Services services, PrintStream out, PrintStream err) {
		this.services = services;
		this.out = out;
		this.err = err;
	}

	@Override
	public Integer call() throws Exception {
		String base = url.equalsIgnoreCase("builtin") ? services.get(BuiltinSimulator.class).baseUrl() : url;
		if (!url.equalsIgnoreCase("builtin")) {
			TargetOptions.checkUrl(url);
		}
		String key = null;
		if (apiKeyEnv != null) {
			key = System.getenv(apiKeyEnv);
			if (key == null || key.isEmpty()) {
				throw new UsageException("environment variable " + apiKeyEnv + " is not set or empty");
			}
		}
		ProbeReport r;
		try {
			r = services.get(EndpointProbe.class).probe(base, model, key);
		} catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
		if (json) {
			out.println(CliJson.write(json(r)));
		} else {
			out.print(text(r));
		}
		r.problems().forEach(p -> err.println("deepstress probe: " + p));
		return r.reachable() ? 0 : 1;
	}

	static Map<String, Object> json(ProbeReport r) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("url", r.baseUrl());
		m.put("reachable", r.reachable());
		m.put("models", r.models());
		m.put("model", r.modelUsed());
		m.put("streaming", r.streaming());
		m.put("include_usage", r.includeUsage());
		m.put("role_chunk_first", r.roleChunkFirst());
		m.put("reasoning_field", r.reasoningField());
		m.put("ttft_ms", r.ttftMs());
		m.put("e2e_ms", r.e2eMs());
		m.put("tokenize", r.tokenize());
		m.put("metrics", r.metrics());
		m.put("server", r.server());
		m.put("problems", r.problems());
		return m;
	}

	static String text(ProbeReport r) {
		StringBuilder b = new StringBuilder();
		line(b, "endpoint", r.baseUrl());
		line(b, "models", r.models().isEmpty() ? "none listed" : String.join(", ", r.models()));
		line(b, "streaming", r.streaming() == null ? "not tried" : r.streaming()
				? String.format(Locale.ROOT, "yes, first content after %.1f ms, done in %.1f ms (%s)", r.ttftMs(), r.e2eMs(),
						r.modelUsed())
				: "no content streamed");
		line(b, "usage", r.includeUsage() == null ? "not known"
				: r.includeUsage() ? "stream_options.include_usage accepted, usage chunk sent"
						: "no usage chunk (token counts will be estimated)");
		line(b, "role chunk", r.roleChunkFirst() == null ? "not known"
				: r.roleChunkFirst() ? "the first chunk carries only the role" : "content from the first chunk");
		line(b, "reasoning", r.reasoningField() == null ? "none seen" : "in delta." + r.reasoningField());
		line(b, "tokenize", r.tokenize() ? "POST /tokenize answers" : "no /tokenize");
		line(b, "metrics", r.metrics() ? "/metrics answers" + (r.server() == null ? "" : " (looks like " + r.server() + ")")
				: "no Prometheus /metrics");
		return b.toString();
	}

	private static void line(StringBuilder b, String name, String value) {
		b.append(String.format(Locale.ROOT, "  %-11s %s%n", name, value));
	}
}
