package io.deepstress.core.services;

import java.util.List;
import java.util.Optional;

import io.deepstress.core.model.Endpoint;

/**
 * The model endpoints known to DeepStress. Implementations are OSGi services; the one with the highest
 * service ranking wins (the store's persistent registry outranks core's in-memory one). Every change is
 * posted on {@link io.deepstress.core.events.ModelTopics#CHANGED}.
 */
public interface EndpointRegistry {

	/** All endpoints, sorted by name (case-insensitive). */
	List<Endpoint> list();

	/** The endpoint with this id. */
	Optional<Endpoint> find(String id);

	/**
	 * Adds or replaces (by id) an endpoint.
	 *
	 * @throws IllegalArgumentException if another endpoint already has this name
	 */
	Endpoint save(Endpoint endpoint);

	/**
	 * Adds or replaces an endpoint whose headers of these names (ignoring case) are secrets, beside those whose
	 * names look like credentials ({@link io.deepstress.core.model.SecretHeaders}): a registry that keeps
	 * endpoints on disk keeps their values in secure storage, never in plain text. Since 0.2; a registry that
	 * keeps nothing on disk saves as {@link #save(Endpoint)} does.
	 *
	 * @throws IllegalArgumentException if another endpoint already has this name
	 * @throws IllegalStateException    if a secret header cannot be kept safely (no secure storage)
	 */
	default Endpoint save(Endpoint endpoint, java.util.Set<String> secretHeaders) {
		return save(endpoint);
	}

	/** Removes the endpoint with this id; returns whether it existed. */
	boolean remove(String id);
}
