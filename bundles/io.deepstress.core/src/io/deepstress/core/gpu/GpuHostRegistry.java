package io.deepstress.core.gpu;

import java.util.List;
import java.util.Optional;

/**
 * The GPU hosts the user configured (the records store keeps them; their secrets are in secure storage
 * under {@link GpuHost#secretKey()}). An OSGi service.
 */
public interface GpuHostRegistry {

	/** All hosts, by name. */
	List<GpuHost> hosts();

	/** The host with this name (case-insensitive). */
	Optional<GpuHost> byName(String name);

	/** Adds or replaces (by id) a host; names are unique. */
	GpuHost save(GpuHost host);

	/** Removes a host; returns whether it existed. */
	boolean remove(String id);
}
