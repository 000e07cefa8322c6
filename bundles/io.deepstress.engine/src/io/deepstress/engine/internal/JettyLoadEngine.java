package io.deepstress.engine.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.deepstress.core.events.DeepStressTopics;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.NetworkOptions;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.services.LoadEngine;
import io.deepstress.core.services.RunHandle;
import io.deepstress.core.services.RunListener;

/**
 * The load engine: one Jetty {@link HttpClient} per run, its connection pool sized to the run's
 * concurrency (keep-alive, HTTP/1.1), a shared timer for timeouts and ticks, and results published
 * through the listener and OSGi EventAdmin.
 */
@Component(service = LoadEngine.class)
public final class JettyLoadEngine implements LoadEngine {

	/** HTTP threads per run: response handling never blocks, so a few threads serve thousands of streams. */
	private static final int THREADS = Integer.getInteger("deepstress.engine.threads",
			Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
	/** Connections allowed beyond the run's concurrency (a retry's while the old one closes). */
	private static final int EXTRA_CONNECTIONS = 4;

	private final Map<String, Run> active = new ConcurrentHashMap<>();
	private final ExecutorService housekeeping = Executors.newSingleThreadExecutor(r -> {
		Thread t = new Thread(r, "deepstress-engine-housekeeping");
		t.setDaemon(true);
		return t;
	});

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
	private volatile EventAdmin eventAdmin;

	/** For use outside OSGi (tests, tools): an engine that posts no events. */
	public JettyLoadEngine() {
	}

	@Override
	public RunHandle start(RunConfig config, RunListener listener) {
		Run.validate(config);
		int concurrency = connections(config);
		FileHandles.check(concurrency + EXTRA_CONNECTIONS, FileHandles.current());
		HttpClient client = newClient(config, concurrency);
		ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler("deepstress-timer", true);
		try {
			scheduler.start();
			client.start();
			// no authentication, redirect or 100-continue handling (installed by start()): a 401 or 3xx is a
			// result to report as it is
			client.getProtocolHandlers().clear();
		} catch (Exception e) {
			stopQuietly(client, scheduler);
			throw new IllegalStateException("Could not start the HTTP client: " + e.getMessage(), e);
		}
		Run[] holder = new Run[1];
		Run run = new Run(config, listener, this::post, client, scheduler, () -> {
			active.remove(holder[0].runId());
			housekeeping.execute(() -> stopQuietly(client, scheduler));
		});
		holder[0] = run;
		active.put(run.runId(), run);
		run.start();
		return run;
	}

	private static HttpClient newClient(RunConfig config, int concurrency) {
		// the empty-read skipping end points are for HTTP/1.1; HTTP/2's session reads on its own terms
		ClientConnector connector = config.network().http() == NetworkOptions.Http.HTTP_1_1 ? new Connector()
				: new ClientConnector();
		connector.setSelectors(1);
		connector.setConnectTimeout(config.timeouts().connect());
		connector.setIdleTimeout(config.timeouts().total().plusSeconds(30));
		QueuedThreadPool threads = new QueuedThreadPool(THREADS, 2);
		threads.setName("deepstress-http");
		threads.setDaemon(true);
		connector.setExecutor(threads);
		connector.setSslContextFactory(Network.tls(config.network()));
		HttpClient client = new HttpClient(Network.transport(config.network(), connector));
		Network.configure(client, config.network(), java.net.URI.create(config.target().url()));
		client.addBean(new ConnectionClock()); // the HTTP timing breakdown's new/reused connections
		client.setExecutor(threads);
		client.setMaxConnectionsPerDestination(concurrency + EXTRA_CONNECTIONS);
		client.setMaxRequestsQueuedPerDestination(Math.max(1024, concurrency * 4));
		client.setConnectTimeout(config.timeouts().connect().toMillis());
		client.setFollowRedirects(false);
		client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "DeepStress/0.1"));
		client.setResponseBufferSize(16 * 1024);
		return client;
	}

	/** The client connector, with {@link SkipEmptyReads} end points for plain TCP connections. */
	private static final class Connector extends ClientConnector {
		@Override
		protected EndPoint newEndPoint(SelectableChannel channel, ManagedSelector selector, SelectionKey key) {
			Object transport = key.attachment() instanceof Map<?, ?> context ? context.get(Transport.CONTEXT_KEY) : null;
			if (transport == Transport.TCP_IP && channel instanceof SocketChannel socket) {
				return new SkipEmptyReads(socket, selector, key, getScheduler());
			}
			return super.newEndPoint(channel, selector, key);
		}
	}

	/**
	 * A TCP end point that skips the read Jetty makes after every read, which for a streamed token nearly
	 * always finds the socket empty: when a read returned less than the room it had, the next reads report
	 * no bytes until the selector sees the socket readable again. Safe because a read that finds nothing
	 * always leads Jetty to ask the selector for read interest, and the selector (level-triggered) reports
	 * a socket with unread bytes at once.
	 */
	private static final class SkipEmptyReads extends SocketChannelEndPoint {
		private boolean drained;

		SkipEmptyReads(SocketChannel channel, ManagedSelector selector, SelectionKey key, Scheduler scheduler) {
			super(channel, selector, key, scheduler);
		}

		@Override
		public Runnable onSelected() {
			drained = false;
			return super.onSelected();
		}

		@Override
		public int fill(ByteBuffer buffer) throws IOException {
			if (drained) {
				return 0;
			}
			int room = buffer.capacity() - buffer.limit();
			int filled = super.fill(buffer);
			drained = filled > 0 && filled < room;
			return filled;
		}
	}

	private static void stopQuietly(HttpClient client, ScheduledExecutorScheduler scheduler) {
		try {
			client.stop();
		} catch (Exception e) {
			// nothing to do: the client is gone either way
		}
		try {
			scheduler.stop();
		} catch (Exception e) {
			// as above
		}
	}

	@Override
	public void check(RunConfig config) {
		Run.validate(config);
		FileHandles.check(connections(config) + EXTRA_CONNECTIONS, FileHandles.current());
	}

	/** The most connections the run's load can open at once. */
	private static int connections(RunConfig config) {
		return config.load() instanceof Load.ClosedLoop c ? c.concurrency()
				: config.load() instanceof Load.Scheduled s ? s.maxConcurrency()
						: ((Load.OpenLoop) config.load()).maxConcurrency();
	}

	private void post(String topic, Object payload) {
		EventAdmin admin = eventAdmin;
		if (admin != null) {
			admin.postEvent(new Event(topic, Map.of(DeepStressTopics.DATA, payload)));
		}
	}

	@Deactivate
	void deactivate() {
		for (Run run : active.values()) {
			run.cancel();
		}
		housekeeping.shutdown();
	}
}
