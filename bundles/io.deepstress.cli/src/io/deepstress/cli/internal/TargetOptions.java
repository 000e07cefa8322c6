package io.deepstress.cli.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.deepstress.core.model.ApiKind;
import picocli.CommandLine.Option;

/** Where requests go and how they are sent ({@code run}, {@code endpoints add}): URL, model, API, headers, key. */
final class TargetOptions {

	@Option(names = "--url", paramLabel = "URL", description = { "base URL of the OpenAI-compatible API, e.g. "
			+ "http://127.0.0.1:8000/v1; for run, 'builtin' starts the built-in simulator" })
	String url;

	@Option(names = "--model", paramLabel = "NAME", description = "model name sent in requests (run --url builtin: "
			+ "deepstress-sim unless given)")
	String model;

	@Option(names = "--api", paramLabel = "chat|completions", converter = Converters.Api.class,
			completionCandidates = Converters.ApiNames.class, description = "API to call (default chat)")
	ApiKind api;

	@Option(names = "--header", paramLabel = "'NAME: VALUE'", description = "extra request header (repeatable)")
	List<String> headers = new ArrayList<>();

	@Option(names = "--api-key-env", paramLabel = "VAR", description = "read the API key from environment variable VAR")
	String apiKeyEnv;

	static void checkUrl(String url) throws UsageException {
		if (!url.matches("(?i)https?://[^/\\s]+.*")) {
			throw new UsageException("--url must start with http:// or https:// and name a host, got '" + url + "'");
		}
	}

	ApiKind api() {
		return api == null ? ApiKind.CHAT : api;
	}

	/** The {@code --header}s in order, each checked to look like "Name: value". */
	Map<String, String> headers() throws UsageException {
		Map<String, String> parsed = new LinkedHashMap<>();
		for (String h : headers) {
			int colon = h.indexOf(':');
			if (colon <= 0) {
				throw new UsageException("--header must look like 'Name: value', got '" + h + "'");
			}
			parsed.put(h.substring(0, colon).strip(), h.substring(colon + 1).strip());
		}
		return parsed;
	}

	/** The API key from the environment variable {@code --api-key-env} names, or null without it. */
	String apiKey() throws UsageException {
		if (apiKeyEnv == null) {
			return null;
		}
		String key = System.getenv(apiKeyEnv);
		if (key == null || key.isEmpty()) {
			throw new UsageException("environment variable " + apiKeyEnv + " is not set or empty");
		}
		return key;
	}
}
