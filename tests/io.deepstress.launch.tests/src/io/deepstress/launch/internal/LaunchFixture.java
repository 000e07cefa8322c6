package io.deepstress.launch.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.util.tracker.ServiceTracker;

import io.deepstress.core.events.DeepStressTopics;
import io.deepstress.core.events.LaunchTopics;
import io.deepstress.core.launch.LaunchListener;
import io.deepstress.core.launch.LaunchStep;
import io.deepstress.core.model.Datasets;
import io.deepstress.core.model.Endpoint;
import io.deepstress.core.model.TestConfiguration;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.LiveSnapshot;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunSummary;

/** The services of the test runtime, a bus recorder for launch events, and saved configurations to launch. */
final class LaunchFixture implements AutoCloseable {

	private final BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
	private final List<ServiceTracker<?, ?>> trackers = new ArrayList<>();
	private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
	/** "launch-id topic:PayloadType" of every launch event seen since the fixture was made. */
	final List<String> launchEvents = Collections.synchronizedList(new ArrayList<>());

	/** The events of one launch, in order, without its id. */
	List<String> eventsOf(String launchId) {
		synchronized (launchEvents) {
			return launchEvents.stream().filter(e -> e.startsWith(launchId + " "))
					.map(e -> e.substring(launchId.length() + 1)).toList();
		}
	}

	LaunchFixture() {
		Hashtable<String, Object> props = new Hashtable<>();
		props.put(EventConstants.EVENT_TOPIC, LaunchTopics.ALL);
		EventHandler handler = (Event e) -> {
			Object data = e.getProperty(DeepStressTopics.DATA);
			String launch = data instanceof LaunchStep step ? step.launchId()
					: data instanceof io.deepstress.core.launch.LaunchResult result ? result.launchId() : "?";
			launchEvents.add(launch + " " + e.getTopic().substring(LaunchTopics.BASE.length() + 1) + ":"
					+ data.getClass().getSimpleName());
		};
		registrations.add(context.registerService(EventHandler.class, handler, props));
	}

	<T> T service(Class<T> type) {
		ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
		tracker.open();
		trackers.add(tracker);
		try {
			T found = tracker.waitForService(20_000);
			if (found == null) {
				throw new AssertionError("no " + type.getSimpleName() + " service");
			}
			return found;
		} catch (InterruptedException e) {
			throw new AssertionError(e);
		}
	}

	<T> void register(Class<T> type, T service, int ranking) {
		Hashtable<String, Object> props = new Hashtable<>();
		props.put(org.osgi.framework.Constants.SERVICE_RANKING, ranking);
		registrations.add(context.registerService(type, service, props));
	}

	/**
	 * A saved configuration of the built-in simulator and its built-in prompts: {@code requests} per run at
	 * concurrency 1, 8 tokens each, once per level of {@code sweep} (empty: one run).
	 */
	TestConfiguration saved(String name, long requests, List<Double> sweep) {
		TestConfiguration c = TestConfiguration.create(name, Endpoint.builtinSimulator().id(),
				List.of(new TestConfiguration.Share(Datasets.BUILTIN, 1)), new Load.ClosedLoop(1),
				Limits.requests(requests), new RequestOptions(true, 8, null, null, true), null, RetryPolicy.none())
				.withSweep(sweep);
		io.deepstress.core.services.ConfigurationStore store = service(io.deepstress.core.services.ConfigurationStore.class);
		if (store.dataset(Datasets.BUILTIN).isEmpty()) { // as the clients do when a configuration uses the built-in prompts
			store.saveDataset(Datasets.builtin());
		}
		store.configuration(name).ifPresent(old -> store.removeConfiguration(old.id())); // a database left by an earlier build
		store.saveConfiguration(c);
		return c;
	}

	static void waitUntil(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
		long end = System.nanoTime() + limit.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > end) {
				throw new AssertionError("timed out waiting: " + what);
			}
			Thread.sleep(20);
		}
	}

	@Override
	public void close() {
		registrations.forEach(ServiceRegistration::unregister);
		trackers.forEach(ServiceTracker::close);
	}

	/** Remembers steps, snapshots and ends; runs {@code onStep}/{@code onFinished} actions given by a test. */
	static class Heard implements LaunchListener {
		final List<LaunchStep> steps = Collections.synchronizedList(new ArrayList<>());
		final List<RunSummary> finished = Collections.synchronizedList(new ArrayList<>());
		volatile LiveSnapshot last;

		@Override
		public void onStep(LaunchStep step) {
			steps.add(step);
		}

		@Override
		public void onSnapshot(LiveSnapshot snapshot) {
			last = snapshot;
		}

		@Override
		public void onFinished(RunSummary summary) {
			finished.add(summary);
		}
	}
}
