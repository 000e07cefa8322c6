package io.deepstress.cli.internal;

import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/** OSGi services for the command line, waited for a few seconds at most. */
final class Services implements AutoCloseable {

	private final BundleContext context;
	private final List<ServiceTracker<?, ?>> trackers = new ArrayList<>();

	Services(BundleContext context) {
		this.context = context;
	}

	<T> T get(Class<T> type) throws InterruptedException {
		ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
		tracker.open();
		trackers.add(tracker);
		T service = tracker.waitForService(15_000);
		if (service == null) {
			throw new IllegalStateException("the " + type.getSimpleName() + " service is not available: is its bundle installed?");
		}
		return service;
	}

	/** The service if it appears within {@code millis}, else empty. */
	<T> java.util.Optional<T> find(Class<T> type, long millis) throws InterruptedException {
		ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
		tracker.open();
		trackers.add(tracker);
		return java.util.Optional.ofNullable(tracker.waitForService(millis));
	}

	@Override
	public void close() {
		trackers.forEach(ServiceTracker::close);
	}
}
