package io.deepstress.core.probe;

/**
 * Probes an OpenAI-compatible endpoint (an OSGi service): {@code /models}, one short streamed chat completion (usage,
 * role chunk, reasoning field, latency), {@code /tokenize}, {@code /metrics}. Never throws for what the endpoint
 * does: failures are {@link ProbeReport#problems()}.
 */
public interface EndpointProbe {

	/**
	 * @param baseUrl the endpoint's base URL, e.g. {@code http://127.0.0.1:8000/v1}
	 * @param model   the model to ask, or null for the first one {@code /models} lists
	 * @param apiKey  sent as a bearer token, or null
	 * @throws IllegalArgumentException when {@code baseUrl} is not an http(s) URL
	 */
	ProbeReport probe(String baseUrl, String model, String apiKey);
}
