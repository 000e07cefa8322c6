package io.deepstress.core.model;

import java.net.URI;
import java.util.Objects;
import java.util.UUID;

/**
 * An OpenAI-compatible model endpoint a test can target. Immutable; secrets (API keys) are not part
 * of it: they live in Eclipse Secure Storage under {@link #secretKey()}.
 *
 * @param id        stable identifier
 * @param name      unique display name
 * @param baseUrl   base URL such as {@code http://127.0.0.1:8000/v1}, or {@link #BUILTIN_SIMULATOR_URL}
 * @param apiKind   chat or legacy completions
 * @param model     model name sent in requests
 */
public record Endpoint(String id, String name, String baseUrl, ApiKind apiKind, String model) {

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
		if (!BUILTIN_SIMULATOR_URL.equals(baseUrl)) {
			validateHttpUrl(baseUrl);
		}
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
