package io.deepstress.core.model;

/** Which OpenAI-compatible API an endpoint is driven through. */
public enum ApiKind {
	/** {@code POST {base}/chat/completions} with a messages array. */
	CHAT("chat/completions"),
	/** {@code POST {base}/completions} with a prompt string. */
	COMPLETIONS("completions");

	private final String path;

	ApiKind(String path) {
		this.path = path;
	}

	/** Path relative to the endpoint's base URL. */
	public String path() {
		return path;
	}
}
