package io.deepstress.gpu.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.deepstress.core.events.DeepStressTopics;
import io.deepstress.core.events.GpuTopics;
import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuMonitor;
import io.deepstress.core.gpu.GpuProvider;
import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.gpu.GpuSource;
import io.deepstress.core.gpu.GpuSourceListener;
import io.deepstress.core.gpu.GpuSourceState;
import io.deepstress.core.gpu.GpuSourceState.Status;

/**
 * The GPU monitor: opens each watched host through the provider of its kind (the highest-ranked one),
 * keeps a bounded history per GPU, posts {@link GpuTopics#SAMPLE} and {@link GpuTopics#SOURCE}, and hands
 * each host's batches to its subscribers (the launch service keeps them with the runs that record the host).
 * Provider and subscriber failures never reach the caller.
 */
@Component(service = GpuMonitor.class)
public final class DefaultGpuMonitor implements GpuMonitor {

	/** Samples kept per GPU: one hour at the default interval. */
	public static final int DEFAULT_HISTORY = 3600;

	/** GPUs whose history is kept; the least recently updated are dropped beyond this. */
	public static final int MAX_GPUS = 256;

	private final int historyCapacity;
	private final Object lock = new Object();

	// guarded by lock
	private final Map<String, Watch> watches = new LinkedHashMap<>();
	private final Map<GpuHost.Kind, List<Ranked>> providers = new ConcurrentHashMap<>();
	private Duration interval = Duration.ofSeconds(1);
	private boolean deactivated;

	private final Map<String, ArrayDeque<GpuSample>> history;
	private final Map<String, List<Consumer<List<GpuSample>>>> subscribers = new ConcurrentHashMap<>();

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
	private volatile EventAdmin eventAdmin;

	public DefaultGpuMonitor() {
		this(DEFAULT_HISTORY);
	}

	/** @param historyCapacity samples kept per GPU */
	public DefaultGpuMonitor(int historyCapacity) {
		if (historyCapacity < 1) {
			throw new IllegalArgumentException("historyCapacity must be >= 1");
		}
		this.historyCapacity = historyCapacity;
		this.history = new LinkedHashMap<>(16, 0.75f, true) {
			private static final long serialVersionUID = 1L;

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<GpuSample>> eldest) {
				return size() > MAX_GPUS;
			}
		};
	}

	private record Ranked(GpuProvider provider, int ranking, long serviceId) {
	}

	// ---- references

	@Reference(name = "provider", service = GpuProvider.class, cardinality = ReferenceCardinality.MULTIPLE,
			policy = ReferencePolicy.DYNAMIC, unbind = "unbindProvider")
	void bindProvider(GpuProvider provider, Map<String, Object> properties) {
		add(provider, intProperty(properties, "service.ranking"), longProperty(properties, "service.id"));
	}

	/** Registers a provider outside OSGi (tests, embedding), with a ranking like {@code service.ranking}. */
	public void addProvider(GpuProvider provider, int ranking) {
		add(provider, ranking, Long.MAX_VALUE);
	}

	private void add(GpuProvider provider, int ranking, long serviceId) {
		GpuHost.Kind kind;
		try {
			kind = provider.kind();
		} catch (RuntimeException e) {
			return;
		}
		if (kind == null) {
			return;
		}
		List<GpuHost> reopen = new ArrayList<>();
		synchronized (lock) {
			List<Ranked> list = new ArrayList<>(providers.getOrDefault(kind, List.of()));
			list.add(new Ranked(provider, ranking, serviceId));
			list.sort(Comparator.comparingInt(Ranked::ranking).reversed().thenComparingLong(Ranked::serviceId));
			providers.put(kind, List.copyOf(list));
			for (Watch w : watches.values()) {
				if (w.host.kind() == kind && w.provider != best(kind)) {
					reopen.add(w.host);
				}
			}
		}
		reopen.forEach(this::watch);
	}

	/** Registers a provider outside OSGi (tests, embedding). */
	public void addProvider(GpuProvider provider) {
		addProvider(provider, 0);
	}

	void unbindProvider(GpuProvider provider, Map<String, Object> properties) {
		removeProvider(provider);
	}

	/** Removes a provider; its hosts are reopened with the next provider of their kind, if any. */
	public void removeProvider(GpuProvider provider) {
		List<GpuHost> reopen = new ArrayList<>();
		synchronized (lock) {
			for (Map.Entry<GpuHost.Kind, List<Ranked>> e : providers.entrySet()) {
				List<Ranked> list = e.getValue().stream().filter(r -> r.provider != provider).toList();
				providers.put(e.getKey(), list);
			}
			for (Watch w : watches.values()) {
				if (w.provider == provider) {
					reopen.add(w.host);
				}
			}
		}
		reopen.forEach(this::watch);
	}

	/** Sets the EventAdmin outside OSGi (tests, embedding). */
	public void setEventAdmin(EventAdmin admin) {
		this.eventAdmin = admin;
	}

	private static int intProperty(Map<String, Object> properties, String key) {
		return properties != null && properties.get(key) instanceof Integer i ? i : 0;
	}

	private static long longProperty(Map<String, Object> properties, String key) {
		return properties != null && properties.get(key) instanceof Long l ? l : Long.MAX_VALUE;
	}

	private GpuProvider best(GpuHost.Kind kind) {
		List<Ranked> list = providers.getOrDefault(kind, List.of());
		return list.isEmpty() ? null : list.get(0).provider;
	}

	@Deactivate
	void deactivate() {
		List<Watch> all;
		synchronized (lock) {
			deactivated = true;
			all = new ArrayList<>(watches.values());
			watches.clear();
		}
		all.forEach(Watch::retire);
		subscribers.clear();
	}

	/** Closes every source (the DS deactivation, for use outside OSGi). */
	public void close() {
		deactivate();
	}

	// ---- GpuMonitor

	@Override
	public void watch(GpuHost host) {
		Objects.requireNonNull(host, "host");
		Watch old;
		Watch created;
		synchronized (lock) {
			if (deactivated) {
				return;
			}
			old = watches.remove(host.id());
			created = new Watch(host, best(host.kind()));
			watches.put(host.id(), created);
		}
		if (old != null) {
			old.retire();
		}
		synchronized (lock) {
			if (watches.get(host.id()) != created) {
				return; // replaced or unwatched meanwhile
			}
			created.open(interval);
		}
	}

	@Override
	public void unwatch(String hostId) {
		Watch old;
		synchronized (lock) {
			old = watches.remove(hostId);
		}
		if (old != null) {
			old.retire();
			post(GpuTopics.SOURCE, new GpuSourceState(old.host.id(), old.host.name(), Status.STOPPED, null,
					System.currentTimeMillis(), old.state.samples(), old.state.skipped()));
		}
	}

	@Override
	public void setInterval(Duration newInterval) {
		Objects.requireNonNull(newInterval, "interval");
		if (newInterval.toMillis() < 10) {
			throw new IllegalArgumentException("The GPU sampling interval must be at least 10 ms, got " + newInterval);
		}
		List<GpuHost> hosts;
		synchronized (lock) {
			if (interval.equals(newInterval)) {
				return;
			}
			interval = newInterval;
			hosts = watches.values().stream().map(w -> w.host).toList();
		}
		hosts.forEach(this::watch);
	}

	@Override
	public Duration interval() {
		synchronized (lock) {
			return interval;
		}
	}

	@Override
	public List<GpuSourceState> sources() {
		synchronized (lock) {
			return watches.values().stream().map(Watch::state).toList();
		}
	}

	@Override
	public Map<String, List<GpuSample>> history() {
		synchronized (history) {
			Map<String, List<GpuSample>> copy = new LinkedHashMap<>();
			history.forEach((key, deque) -> copy.put(key, List.copyOf(deque)));
			return copy;
		}
	}

	@Override
	public List<GpuHost> watched() {
		synchronized (lock) {
			return watches.values().stream().map(w -> w.host).toList();
		}
	}

	@Override
	public Subscription subscribe(String hostId, Consumer<List<GpuSample>> samples) {
		Objects.requireNonNull(hostId, "hostId");
		Objects.requireNonNull(samples, "samples");
		subscribers.computeIfAbsent(hostId, id -> new CopyOnWriteArrayList<>()).add(samples);
		return () -> {
			List<Consumer<List<GpuSample>>> list = subscribers.get(hostId);
			if (list != null) {
				list.remove(samples);
			}
		};
	}

	// ---- samples and states

	private void onSamples(String hostId, List<GpuSample> samples) {
		if (samples == null || samples.isEmpty()) {
			return;
		}
		List<GpuSample> batch = List.copyOf(samples);
		synchronized (history) {
			for (GpuSample s : batch) {
				ArrayDeque<GpuSample> deque = history.computeIfAbsent(s.gpuKey(), k -> new ArrayDeque<>());
				while (deque.size() >= historyCapacity) {
					deque.removeFirst();
				}
				deque.addLast(s);
			}
		}
		post(GpuTopics.SAMPLE, batch);
		for (Consumer<List<GpuSample>> subscriber : subscribers.getOrDefault(hostId, List.of())) {
			try {
				subscriber.accept(batch);
			} catch (RuntimeException e) {
				// a subscriber must not stop the monitor
			}
		}
	}

	private void post(String topic, Object payload) {
		EventAdmin admin = eventAdmin;
		if (admin != null) {
			try {
				admin.postEvent(new Event(topic, Map.of(DeepStressTopics.DATA, payload)));
			} catch (RuntimeException e) {
				// EventAdmin going away
			}
		}
	}

	/** One watched host and the source currently open for it; its callbacks are ignored once retired. */
	private final class Watch implements GpuSourceListener {

		final GpuHost host;
		final GpuProvider provider;
		private volatile GpuSource source;
		private volatile GpuSourceState state;
		private volatile boolean retired;

		Watch(GpuHost host, GpuProvider provider) {
			this.host = host;
			this.provider = provider;
			this.state = new GpuSourceState(host.id(), host.name(), Status.STARTING, null, System.currentTimeMillis(),
					0, 0);
		}

		void open(Duration interval) {
			if (provider == null) {
				onState(new GpuSourceState(host.id(), host.name(), Status.UNAVAILABLE,
						"no provider for " + host.kind() + " hosts", System.currentTimeMillis(), 0, 0));
				return;
			}
			try {
				source = provider.open(host, interval, this);
			} catch (RuntimeException | LinkageError e) {
				onState(new GpuSourceState(host.id(), host.name(), Status.FAILED,
						"the " + host.kind() + " provider failed: " + e, System.currentTimeMillis(), 0, 0));
			}
		}

		GpuSourceState state() {
			GpuSource s = source;
			if (s != null && !retired) {
				try {
					return s.state();
				} catch (RuntimeException e) {
					// fall back to the last state seen
				}
			}
			return state;
		}

		void retire() {
			retired = true;
			GpuSource s = source;
			source = null;
			if (s != null) {
				try {
					s.close();
				} catch (RuntimeException e) {
					// closing is best effort
				}
			}
		}

		@Override
		public void onSamples(List<GpuSample> samples) {
			if (!retired) {
				DefaultGpuMonitor.this.onSamples(host.id(), samples);
			}
		}

		@Override
		public void onState(GpuSourceState newState) {
			if (!retired && newState != null) {
				state = newState;
				post(GpuTopics.SOURCE, newState);
			}
		}
	}
}
