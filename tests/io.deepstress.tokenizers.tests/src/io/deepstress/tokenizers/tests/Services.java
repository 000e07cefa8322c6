package io.deepstress.tokenizers.tests;

import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/** Looks up DS services in the test runtime. */
final class Services {

	private Services() {
	}

	static <T> T get(Class<T> type) {
		Bundle bundle = FrameworkUtil.getBundle(Services.class);
		BundleContext context = bundle.getBundleContext();
		ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
		tracker.open();
		try {
			T service = tracker.waitForService(TimeUnit.SECONDS.toMillis(20));
			if (service == null) {
				throw new IllegalStateException("no " + type.getName() + " service within 20 s");
			}
			return service;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}
}
