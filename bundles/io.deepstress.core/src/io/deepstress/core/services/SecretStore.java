package io.deepstress.core.services;

import java.util.Optional;

/**
 * Secrets (API keys, SSH passwords, key passphrases) by key. The product's implementation is Eclipse
 * Secure Storage; values never reach the records database, logs, exports or event payloads. An OSGi
 * service.
 */
public interface SecretStore {

	/** The secret under {@code key}, if any. */
	Optional<String> get(String key);

	/** Stores (or replaces) a secret; persisted before returning. */
	void put(String key, String value);

	/** Removes a secret; no-op when absent. */
	void remove(String key);
}
