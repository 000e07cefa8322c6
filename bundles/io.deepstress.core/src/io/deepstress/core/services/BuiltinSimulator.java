package io.deepstress.core.services;

/**
 * The built-in OpenAI-compatible simulator, the endpoint every installation starts with
 * ({@link io.deepstress.core.model.Endpoint#BUILTIN_SIMULATOR_URL}). An OSGi service; the server starts
 * on the first call and listens on a free loopback port.
 */
public interface BuiltinSimulator {

	/** Base URL of the running simulator, e.g. {@code http://127.0.0.1:41234/v1}; starts it if needed. */
	String baseUrl();
}
