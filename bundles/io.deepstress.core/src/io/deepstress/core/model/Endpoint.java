package io.deepstress.core.model;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.deepstress.core.run.Timeouts;

/**
 * An OpenAI-compatible model endpoint a test can target. Immutable; secrets (API keys) are not part
 * of it: they live in Eclipse Secure Storage under {@link #secretKey()}.
 *
 * @param id        stable identifier
 * @param name      unique display name
 * @param baseUrl   base URL such as {@code http://127.0.0.1:8000/v1}, or {@link #BUILTIN_SIMULATOR_URL}
 * @param apiKind   chat or legacy completions
 * @param model     model name sent in requests
 * @param headers   extra HTTP headers sent with every request (not secrets: a key belongs in secure storage)
 * @param verifyTls whether an https server's certificate must be valid (off only for self-signed lab servers)
 * @param timeouts  per-request time limits used unless a test configuration sets its own
 */
public record Endpoint(String id, String name, String baseUrl, ApiKind apiKind, String model,
		Map<String, String> headers, boolean verifyTls, Timeouts timeouts) {

	/**
	 * Base URL of the built-in simulator. The simulator binds a free loopback port when it starts, so the
	 * real URL is resolved at run time by whoever talks to it.
	 */
	public static final String BUILTIN_SIMULATOR_URL = "builtin:simulator";

	/** Name of the endpoint every new installation starts with. */
	public static final String BUILTIN_SIMULATOR_NAME = "Built-in simulator";

	public Endpoint {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(apiKind, "apiKind");
		name = requireText(name, "name");
		model = requireText(model, "model");
		baseUrl = requireText(baseUrl, "base URL");
		headers = headers == null ? Map.of() : Map.copyOf(headers);
		timeouts = timeouts == null ? Timeouts.defaults() : timeouts;
		if (!BUILTIN_SIMULATOR_URL.equals(baseUrl)) {
			validateHttpUrl(baseUrl);
		}
	}

	/** An endpoint with no extra headers, TLS verified, default timeouts. */
	public Endpoint(String id, String name, String baseUrl, ApiKind apiKind, String model) {
		this(id, name, baseUrl, apiKind, model, Map.of(), true, Timeouts.defaults());
	}

	/** The same endpoint with other extra headers, TLS check and timeouts. */
	public Endpoint with(Map<String, String> newHeaders, boolean newVerifyTls, Timeouts newTimeouts) {
		return new Endpoint(id, name, baseUrl, apiKind, model, newHeaders, newVerifyTls, newTimeouts);
	}

	/** A new endpoint with a fresh id. */
	public static Endpoint create(String name, String baseUrl, ApiKind apiKind, String model) {
		return new Endpoint(UUID.randomUUID().toString(), name, baseUrl, apiKind, model);
	}

	/** The endpoint every installation starts with: the built-in simulator. */
	public static Endpoint builtinSimulator() {
		return new Endpoint("builtin-simulator", BUILTIN_SIMULATOR_NAME, BUILTIN_SIMULATOR_URL, ApiKind.CHAT,
				"deepstress-sim");
	}

	/** Whether this endpoint is served by the built-in simulator. */
	public boolean isBuiltin() {
		return BUILTIN_SIMULATOR_URL.equals(baseUrl);
	}

	/** Key of this endpoint's API key in secure storage. */
	public String secretKey() {
		return "endpoint/" + id + "/api-key";
	}

	private static String requireText(String value, String what) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("The " + what + " must not be empty");
		}
		return value.strip();
	}

	private static void validateHttpUrl(String url) {
		URI uri;
		try {
			uri = new URI(url);
		} catch (java.net.URISyntaxException e) {
			throw new IllegalArgumentException("Not a valid URL: '" + url + "' (" + e.getReason() + ")");
		}
		String scheme = uri.getScheme();
		if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
			throw new IllegalArgumentException("The URL must start with http:// or https://: '" + url + "'");
		}
		if (uri.getHost() == null || uri.getHost().isEmpty()) {
			throw new IllegalArgumentException("The URL has no host: '" + url + "'");
		}
	}
}
