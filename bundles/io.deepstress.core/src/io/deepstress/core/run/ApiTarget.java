package io.deepstress.core.run;

import java.util.Map;
import java.util.Objects;

import io.deepstress.core.model.ApiKind;

/**
 * Where and how requests go: a resolved base URL (never the built-in placeholder), the API kind, the
 * model, extra headers, and the API key. The key is a secret: it is never printed by {@link #toString()},
 * never serialised and never part of an event payload.
 */
public record ApiTarget(String baseUrl, ApiKind apiKind, String model, Map<String, String> headers, String apiKey) {

	public ApiTarget {
		Objects.requireNonNull(baseUrl, "baseUrl");
		Objects.requireNonNull(apiKind, "apiKind");
		Objects.requireNonNull(model, "model");
		headers = headers == null ? Map.of() : Map.copyOf(headers);
		baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
	}

	/** The full URL of the API path, e.g. {@code http://h:8000/v1/chat/completions}. */
	public String url() {
		return baseUrl + "/" + apiKind.path();
	}

	@Override
	public String toString() {
		return "ApiTarget[" + apiKind + " " + url() + ", model=" + model + ", headers=" + headers.keySet()
				+ ", apiKey=" + (apiKey == null || apiKey.isEmpty() ? "none" : "***") + "]";
	}
}
