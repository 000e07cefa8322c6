package io.deepstress.ui.models.internal;

import io.deepstress.core.services.SecretStore;

/** What the Models editors do with a deleted item's secret. */
final class Secrets {

	private Secrets() {
	}

	/**
	 * Removes a deleted item's secret from secure storage (call off the UI thread). Returns "" when done or
	 * when there is no secret store, else a sentence to add to the "Deleted" message saying why it stayed.
	 */
	static String forget(SecretStore secrets, String key, String what) {
		if (secrets == null) {
			return "";
		}
		try {
			secrets.remove(key);
			return "";
		} catch (RuntimeException kept) {
			return " Its " + what + " could not be removed from secure storage: " + kept.getMessage();
		}
	}
}
