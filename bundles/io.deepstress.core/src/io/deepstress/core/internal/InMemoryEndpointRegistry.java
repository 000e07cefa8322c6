package io.deepstress.core.internal;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.deepstress.core.events.DeepStressTopics;
import io.deepstress.core.events.ModelTopics;
import io.deepstress.core.model.Endpoint;
import io.deepstress.core.services.EndpointRegistry;

/**
 * Endpoint registry kept in memory, seeded with the built-in simulator. It is the fallback when no
 * persistent registry (store bundle) is installed, hence its low service ranking.
 */
@Component(service = EndpointRegistry.class, property = "service.ranking:Integer=-100")
public final class InMemoryEndpointRegistry implements EndpointRegistry {

	private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
	private volatile EventAdmin eventAdmin;

	public InMemoryEndpointRegistry() {
		Endpoint builtin = Endpoint.builtinSimulator();
		endpoints.put(builtin.id(), builtin);
	}

	@Override
	public synchronized List<Endpoint> list() {
		return endpoints.values().stream().sorted(Comparator.comparing(Endpoint::name, String.CASE_INSENSITIVE_ORDER))
				.toList();
	}

	@Override
	public synchronized Optional<Endpoint> find(String id) {
		return Optional.ofNullable(endpoints.get(id));
	}

	@Override
	public Endpoint save(Endpoint endpoint) {
		synchronized (this) {
			for (Endpoint other : endpoints.values()) {
				if (!other.id().equals(endpoint.id()) && other.name().equalsIgnoreCase(endpoint.name())) {
					throw new IllegalArgumentException("An endpoint named '" + endpoint.name() + "' already exists");
				}
			}
			endpoints.put(endpoint.id(), endpoint);
		}
		post(endpoint);
		return endpoint;
	}

	@Override
	public boolean remove(String id) {
		Endpoint removed;
		synchronized (this) {
			removed = endpoints.remove(id);
		}
		if (removed != null) {
			post(removed);
		}
		return removed != null;
	}

	private void post(Endpoint endpoint) {
		EventAdmin admin = eventAdmin;
		if (admin != null) {
			admin.postEvent(new Event(ModelTopics.CHANGED, Map.of(DeepStressTopics.DATA, endpoint)));
		}
	}
}
