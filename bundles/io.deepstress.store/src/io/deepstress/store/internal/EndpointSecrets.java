package io.deepstress.store.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import io.deepstress.core.model.Endpoint;
import io.deepstress.core.model.SecretHeaders;
import io.deepstress.core.services.SecretStore;

/**
 * Secret header values of saved endpoints: in secure storage under {@link SecretHeaders#key}, while the
 * endpoint's row keeps only the header's name, as {@code "X-Api-Key": {"secret": true}} in its headers JSON.
 */
final class EndpointSecrets {

	private EndpointSecrets() {
	}

	/** The headers JSON of a row: plain headers with their values, secret ones by name only; null for none. */
	static String headersJson(Endpoint e, Set<String> secret) {
		if (e.headers().isEmpty()) {
			return null;
		}
		Map<String, Object> json = new LinkedHashMap<>();
		e.headers().forEach((name, value) -> json.put(name, secret.contains(name) ? Map.of("secret", true) : value));
		return StoreJson.write(json);
	}

	/** The names of the secret headers a row's JSON holds. */
	static Set<String> secretNames(String headersJson) {
		Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
		JsonNode stored = headersJson == null ? null : StoreJson.read(headersJson);
		if (stored != null && stored.isObject()) {
			stored.properties().forEach(h -> {
				if (h.getValue().isObject() && h.getValue().path("secret").asBoolean()) {
					names.add(h.getKey());
				}
			});
		}
		return names;
	}

	/** Whether a row still holds a secret-looking header's value in plain text (written by 0.1). */
	static boolean hasPlainSecrets(String headersJson) {
		JsonNode stored = headersJson == null ? null : StoreJson.read(headersJson);
		if (stored == null || !stored.isObject()) {
			return false;
		}
		return stored.properties().stream()
				.anyMatch(h -> h.getValue().isTextual() && SecretHeaders.looksSecret(h.getKey()));
	}

	/** Puts the secret headers' values into secure storage, refusing when there is none to keep them. */
	static void put(Endpoint e, Set<String> secret, SecretStore secrets) {
		if (secret.isEmpty()) {
			return;
		}
		if (secrets == null) {
			throw new IllegalStateException("The header(s) " + String.join(", ", secret) + " of endpoint '" + e.name()
					+ "' are secrets and secure storage is not available: the endpoint was not saved");
		}
		for (String name : secret) {
			secrets.put(SecretHeaders.key(e.id(), name), e.headers().get(name));
		}
	}

	/** Removes the values of secret headers no longer among {@code kept}. */
	static void removeStale(String endpointId, Set<String> before, Set<String> kept, SecretStore secrets) {
		if (secrets == null) {
			return;
		}
		for (String name : before) {
			if (!kept.contains(name)) {
				secrets.remove(SecretHeaders.key(endpointId, name));
			}
		}
	}

	/**
	 * The endpoint with its secret headers' values from secure storage, in the stored order; a value that
	 * cannot be read (no secure storage, or removed there) leaves that header out.
	 */
	static Endpoint withValues(Endpoint fromRow, String headersJson, SecretStore secrets) {
		Set<String> secret = secretNames(headersJson);
		if (secret.isEmpty()) {
			return fromRow;
		}
		Map<String, String> headers = new LinkedHashMap<>();
		JsonNode stored = StoreJson.read(headersJson);
		for (String name : List.copyOf(iterable(stored))) {
			if (secret.contains(name)) {
				String value = null;
				try {
					value = secrets == null ? null : secrets.get(SecretHeaders.key(fromRow.id(), name)).orElse(null);
				} catch (RuntimeException unreadable) {
					// left out: the request then goes without it and the server says so
				}
				if (value != null) {
					headers.put(name, value);
				}
			} else if (fromRow.headers().containsKey(name)) {
				headers.put(name, fromRow.headers().get(name));
			}
		}
		return fromRow.with(headers, fromRow.verifyTls(), fromRow.timeouts());
	}

	private static List<String> iterable(JsonNode object) {
		return object.properties().stream().map(Map.Entry::getKey).toList();
	}
}
