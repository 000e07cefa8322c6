package io.deepstress.core.run;

/** Why an attempt failed. HTTP errors carry their status code beside the kind. */
public enum ErrorKind {
	/** Host unknown, connection refused or reset, TLS handshake failed. */
	CONNECT("connect"),
	/** The connection was not established within the connect timeout. */
	TIMEOUT_CONNECT("timeout-connect"),
	/** No generated content within the first-token timeout. */
	TIMEOUT_FIRST_TOKEN("timeout-first-token"),
	/** The response did not end within the total timeout. */
	TIMEOUT_TOTAL("timeout-total"),
	/** HTTP 3xx: a redirect, which DeepStress does not follow (the URL should name the endpoint itself). Since 0.2. */
	HTTP_3XX("http-3xx"),
	/** HTTP 4xx. */
	HTTP_4XX("http-4xx"),
	/** HTTP 5xx (or another non-2xx status outside 3xx and 4xx). */
	HTTP_5XX("http-5xx"),
	/** The response could not be understood: not JSON, malformed stream, error object in the stream, too large. */
	PROTOCOL("protocol"),
	/** The run was stopped while the request was in flight. */
	CANCELLED("cancelled"),
	/**
	 * A resource of this machine ran out (file handles: "Too many open files"; local ports): the client's failure,
	 * never the server's; such a run is client-limited. Since 0.2.
	 */
	CLIENT("client");

	private final String label;

	ErrorKind(String label) {
		this.label = label;
	}

	/** Stable label, e.g. {@code timeout-first-token}. */
	public String label() {
		return label;
	}

	/** The key errors are counted by: the label, or {@code http-<status>} for HTTP errors. */
	public String key(int httpStatus) {
		return (this == HTTP_3XX || this == HTTP_4XX || this == HTTP_5XX) && httpStatus > 0 ? "http-" + httpStatus : label;
	}
}
