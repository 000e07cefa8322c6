package io.deepstress.launch.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.deepstress.core.events.DeepStressTopics;
import io.deepstress.core.capacity.CapacityRequest;
import io.deepstress.core.capacity.CapacitySearch;
import io.deepstress.core.capacity.CapacityStore;
import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuMonitor;
import io.deepstress.core.gpu.GpuSampleSink;
import io.deepstress.core.launch.LaunchHandle;
import io.deepstress.core.launch.LaunchRequest;
import io.deepstress.core.launch.LaunchService;
import io.deepstress.core.launch.RunPlan;
import io.deepstress.core.services.LoadEngine;
import io.deepstress.core.services.RunStore;
import io.deepstress.core.timeline.ServerMetricsSource;
import io.deepstress.launch.internal.PlanResolver.Planned;

/**
 * The launch service: resolves a request's plans, then runs them as one {@link Launch}. Launches belong to the
 * service, not to the view or command that started them; when the service goes (the application closes) the
 * launches still running are cancelled and their final writes waited for.
 */
@Component(service = { LaunchService.class, CapacitySearch.class })
public final class DefaultLaunchService implements LaunchService, CapacitySearch {

	/** How long closing waits for cancelled launches to write their runs. */
	private static final long CLOSE_WAIT_MILLIS = 10_000;

	@Reference
	private LoadEngine engine;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
	private volatile EventAdmin eventAdmin;

	private final List<GpuSampleSink> sinks = new CopyOnWriteArrayList<>();
	private final List<Launch> active = new CopyOnWriteArrayList<>();
	private Lookup services;

	@Activate
	void activate(BundleContext context) {
		services = new Lookup(context);
	}

	@Reference(name = "sink", service = GpuSampleSink.class, cardinality = ReferenceCardinality.MULTIPLE,
			policy = ReferencePolicy.DYNAMIC, unbind = "removeSink")
	void addSink(GpuSampleSink sink) {
		sinks.add(sink);
	}

	void removeSink(GpuSampleSink sink) {
		sinks.remove(sink);
	}

	@Override
	public LaunchHandle launch(LaunchRequest request) {
		List<Planned> runs = new PlanResolver(services).resolve(request.plans());
		if (runs.size() > 1 && runs.stream().anyMatch(r -> r.plan().agent() != null)) {
			// one agent, one run: a merge adds up the batch's runs, which only makes sense for parts of one load
			throw new IllegalArgumentException("an agent of a batch (--batch, --shard) runs one run: it cannot be"
					+ " combined with a sweep or several configurations (" + runs.size() + " runs)");
		}
		runs.forEach(r -> engine.check(r.config()));
		Launch launch = newLaunch(runs, request.plans(), request.listener(), null);
		launch.start();
		return launch;
	}

	/**
	 * A capacity search: the plan resolved once (at its lowest level, which also checks it), then every level a
	 * launch of one run under the search's batch.
	 */
	@Override
	public CapacitySearch.Handle search(CapacityRequest request) {
		return start(request, null);
	}

	@Override
	public CapacitySearch.Handle resume(CapacityRequest request, String batchId) {
		if (!request.plan().record()) {
			throw new IllegalArgumentException("A resumed search must be recorded (it continues a stored batch)");
		}
		return start(request, batchId);
	}

	private CapacitySearch.Handle start(CapacityRequest request, String resumed) {
		RunPlan plan = request.plan().atLevels(List.of());
		List<Planned> resolved = new PlanResolver(services).resolve(List.of(plan));
		Planned first = resolved.get(0);
		CapacityStore searches = plan.record() ? services.find(CapacityStore.class).orElse(null) : null;
		String name = CapacityRun.baseName(plan, first);
		CapacityRun.Launcher launcher = (planned, batchId) -> {
			Launch l = newLaunch(List.of(planned), List.of(planned.plan()), request.listener(), batchId);
			l.start();
			return l;
		};
		CapacityRun run;
		if (resumed == null) {
			run = new CapacityRun(request, first, name, launcher, searches, null, Map.of(), System.currentTimeMillis());
		} else {
			Resumption from = Resumption.of(resumed, request, name, searches, services.find(RunStore.class).orElse(null));
			run = new CapacityRun(request, first, name, launcher, searches, from.batchId(), from.runs(),
					from.startedMillis());
		}
		engine.check(run.configAt(request.min()));
		run.start();
		return run;
	}

	private Launch newLaunch(List<Planned> runs, List<RunPlan> plans, io.deepstress.core.launch.LaunchListener listener,
			String batchId) {
		List<String> problems = new ArrayList<>();
		RunStore store = null;
		if (plans.stream().anyMatch(RunPlan::record)) {
			RunStore found = services.find(RunStore.class).orElse(null);
			if (found == null) {
				problems.add("The records store is not installed: the runs will not be saved.");
			} else if (found.problem().isPresent()) {
				problems.add(found.problem().get() + " The runs will not be saved.");
			} else {
				store = found;
				for (Planned r : runs) {
					if (r.plan().record()) {
						found.spaceWarning(r.config()).ifPresent(problems::add);
					}
				}
			}
		}
		List<GpuHost> hosts = plans.stream().flatMap(p -> p.gpuHosts().stream()).toList();
		GpuMonitor monitor = hosts.isEmpty() ? null : services.find(GpuMonitor.class).orElse(null);
		GpuRecording gpu = new GpuRecording(monitor, sinks, hosts);
		if (gpu.problem() != null) {
			problems.add(gpu.problem());
		}
		Launch launch = new Launch(UUID.randomUUID().toString(), batchId, runs, listener, engine, store, gpu, problems,
				this::post, active::remove);
		launch.scrapingWith(new ServerMetricsRecording(services.find(ServerMetricsSource.class).orElse(null)));
		active.add(launch);
		return launch;
	}

	@Override
	public List<LaunchHandle> active() {
		return List.copyOf(active);
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

	@Deactivate
	void deactivate() {
		List<Launch> running = List.copyOf(active);
		running.forEach(Launch::cancel);
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
		for (Launch l : running) {
			try {
				l.completion().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			} catch (Exception e) {
				// closing anyway: what was synced is kept, the run is marked interrupted at the next start
			}
		}
		services.close();
	}
}
