package io.deepstress.plugins;

/** A plug-in operation that could not be done; the message says why, for the user. */
public final class PluginException extends Exception {

	private static final long serialVersionUID = 1L;

	public PluginException(String message) {
		super(message);
	}

	public PluginException(String message, Throwable cause) {
		super(message, cause);
	}
}
