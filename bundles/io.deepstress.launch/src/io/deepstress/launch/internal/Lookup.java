package io.deepstress.launch.internal;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Services a launch needs only when its plans do (the built-in simulator starts a server when it is first
 * used; the stores open a database), looked up when needed and waited for a few seconds at most, since in a
 * fresh command-line process they may still be activating.
 */
final class Lookup implements AutoCloseable {

	/** How long a launch waits for a service that is not there yet. */
	static final long WAIT_MILLIS = Long.getLong("deepstress.launch.serviceWait", 10_000);

	private final BundleContext context;
	private final ConcurrentMap<Class<?>, ServiceTracker<?, ?>> trackers = new ConcurrentHashMap<>();

	Lookup(BundleContext context) {
		this.context = context;
	}

	/** The service, waited for up to {@link #WAIT_MILLIS}; empty when it does not come (its bundle is missing). */
	<T> Optional<T> find(Class<T> type) {
		if (context == null) {
			return Optional.empty();
		}
		@SuppressWarnings("unchecked")
		ServiceTracker<T, T> tracker = (ServiceTracker<T, T>) trackers.computeIfAbsent(type, t -> {
			ServiceTracker<T, T> created = new ServiceTracker<>(context, type, null);
			created.open();
			return created;
		});
		T now = tracker.getService();
		if (now != null) {
			return Optional.of(now);
		}
		try {
			return Optional.ofNullable(tracker.waitForService(WAIT_MILLIS));
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
	}

	@Override
	public void close() {
		trackers.values().forEach(ServiceTracker::close);
		trackers.clear();
	}
}
