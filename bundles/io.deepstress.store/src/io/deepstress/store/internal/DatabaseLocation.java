package io.deepstress.store.internal;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Collection;

import org.eclipse.osgi.service.datalocation.Location;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Where the records database is: {@code -Ddeepstress.db=DIR}, else the {@code database.location} preference
 * (relative to the instance location), else {@code <instance>/deepstress-db} ({@code ~/.deepstress/deepstress-db}
 * without an instance location).
 */
final class DatabaseLocation {

	private DatabaseLocation() {
	}

	static Path of(BundleContext context) {
		String explicit = System.getProperty("deepstress.db");
		if (explicit != null && !explicit.isBlank()) {
			return Path.of(explicit).toAbsolutePath();
		}
		Path instance = instanceLocation(context);
		String preferred = Preferences.location();
		if (preferred != null) {
			return instance == null ? Path.of(preferred).toAbsolutePath() : instance.resolve(preferred);
		}
		return instance != null ? instance.resolve("deepstress-db")
				: Path.of(System.getProperty("user.home"), ".deepstress", "deepstress-db");
	}

	private static Path instanceLocation(BundleContext context) {
		try {
			Collection<ServiceReference<Location>> refs = context.getServiceReferences(Location.class,
					Location.INSTANCE_FILTER);
			for (ServiceReference<Location> ref : refs) {
				Location location = context.getService(ref);
				try {
					if (location != null && location.getURL() != null) {
						return Path.of(location.getURL().toURI());
					}
				} catch (URISyntaxException | IllegalArgumentException e) {
					// no usable instance location
				} finally {
					context.ungetService(ref);
				}
			}
		} catch (InvalidSyntaxException e) {
			// cannot happen with the framework's own filter
		}
		return null;
	}
}
