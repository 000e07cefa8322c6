package io.deepstress.launch.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.deepstress.core.events.RunTopics;
import io.deepstress.core.launch.LaunchRequest;
import io.deepstress.core.launch.LaunchService;
import io.deepstress.core.launch.RunPlan;
import io.deepstress.core.metrics.Saturation;
import io.deepstress.core.model.Datasets;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.Timeouts;

/**
 * The launch service watches every run for saturation: against a server that serves two requests at a time (100 ms
 * each, the rest waiting in order: at most 20 per second), an open loop at 40 per second is reported once, on the
 * bus and to the launch's listener.
 */
class LaunchSaturationTest {

	private final LaunchFixture fixture = new LaunchFixture();

	@AfterEach
	void close() {
		fixture.close();
	}

	/** Two worker threads behind one accept loop: a FIFO queue in front of a capacity of two. */
	private static final class TwoAtATime implements AutoCloseable {
		final ServerSocket server;
		final ExecutorService workers = Executors.newFixedThreadPool(2);
		final Thread acceptor;

		TwoAtATime() throws Exception {
			server = new ServerSocket();
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2000);
			acceptor = new Thread(() -> {
				while (!server.isClosed()) {
					try {
						Socket s = server.accept();
						workers.execute(() -> serve(s));
					} catch (Exception e) {
						return;
					}
				}
			}, "two-at-a-time");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		String baseUrl() {
			return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
		}

		private static void serve(Socket socket) {
			try (socket) {
				InputStream in = socket.getInputStream();
				StringBuilder head = new StringBuilder();
				while (!head.toString().endsWith("\r\n\r\n")) {
					int c = in.read();
					if (c < 0) {
						return;
					}
					head.append((char) c);
				}
				int length = 0;
				for (String line : head.toString().split("\r\n")) {
					if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
						length = Integer.parseInt(line.substring(15).trim());
					}
				}
				in.readNBytes(length);
				Thread.sleep(100);
				byte[] body = ("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"}}],"
						+ "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1}}").getBytes(StandardCharsets.UTF_8);
				OutputStream out = socket.getOutputStream();
				out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
						+ "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
				out.write(body);
				out.flush();
			} catch (Exception e) {
				// the client went away
			}
		}

		@Override
		public void close() throws Exception {
			server.close();
			workers.shutdownNow();
		}
	}

	/** The same open loop beyond the capacity, for 60 s: stopped once it is found saturated, as the plan asks. */
	@Test
	void aPlanStoppedOnSaturationEndsItsRunWhenItIsFound() throws Exception {
		List<Saturation> heard = Collections.synchronizedList(new java.util.ArrayList<>());
		try (TwoAtATime server = new TwoAtATime()) {
			RunConfig config = new RunConfig("stopped on saturation", new ApiTarget(server.baseUrl(),
					io.deepstress.core.model.ApiKind.CHAT, "m", null, null), new RequestOptions(false, 4, null, null, false),
					List.of(new DatasetShare(Datasets.builtin(), 1)), new Load.OpenLoop(40, false, 2000),
					Limits.duration(Duration.ofSeconds(60)), new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60),
							Duration.ofSeconds(60)), RetryPolicy.none());
			var launch = fixture.service(LaunchService.class).launch(LaunchRequest.of(RunPlan.of(config).recorded(true)
					.stoppedOnSaturation(true)).listenedBy(new io.deepstress.core.launch.LaunchListener() {
						@Override
						public void onSaturation(Saturation saturation) {
							heard.add(saturation);
						}
					}));
			var result = launch.completion().get(120, TimeUnit.SECONDS);
			assertEquals(1, heard.size(), "found once: " + heard);
			var summary = result.summaries().get(0);
			assertEquals(io.deepstress.core.run.RunStatus.CANCELLED, summary.status(), summary.errorMessage());
			assertTrue(summary.durationSeconds() < 45, "stopped well before its 60 s: " + summary.durationSeconds() + " s");
			assertTrue(summary.succeeded() > 0, "what it measured is kept");
			// the verdict is saved with the run: saturated, when, and the slopes the live test found
			var stored = fixture.service(io.deepstress.core.services.RunStore.class).saturation(summary.runId())
					.orElseThrow();
			assertTrue(stored.saturated() && stored.tested(), stored.toString());
			assertEquals(heard.get(0).atSecond(), stored.finding().atSecond());
			assertEquals(heard.get(0).inFlightSlopeLow(), stored.finding().inFlightSlopeLow(), 1e-9);
			assertEquals(heard.get(0).throughputSlopeHigh(), stored.finding().throughputSlopeHigh(), 1e-9);
			assertTrue(stored.describe().startsWith("saturated after "), stored.describe());
			String export = fixture.service(io.deepstress.core.services.RunStore.class).exportJson(summary.runId());
			assertTrue(export.contains("\"saturationJson\":\"{\\\"saturated\\\":true"), "exported with the run");
		}
	}

	@Test
	void anOpenLoopBeyondTheCapacityIsReportedOnTheBusAndToTheListener() throws Exception {
		List<Saturation> onBus = new CopyOnWriteArrayList<>();
		var props = new java.util.Hashtable<String, Object>();
		props.put(org.osgi.service.event.EventConstants.EVENT_TOPIC, RunTopics.SATURATED);
		var registration = org.osgi.framework.FrameworkUtil.getBundle(getClass()).getBundleContext().registerService(
				org.osgi.service.event.EventHandler.class,
				(org.osgi.service.event.EventHandler) e -> onBus
						.add((Saturation) e.getProperty(io.deepstress.core.events.DeepStressTopics.DATA)),
				props);
		List<Saturation> heard = Collections.synchronizedList(new java.util.ArrayList<>());
		try (TwoAtATime server = new TwoAtATime()) {
			RunConfig config = new RunConfig("beyond capacity", new ApiTarget(server.baseUrl(),
					io.deepstress.core.model.ApiKind.CHAT, "m", null, null), new RequestOptions(false, 4, null, null, false),
					List.of(new DatasetShare(Datasets.builtin(), 1)), new Load.OpenLoop(40, false, 2000),
					Limits.duration(Duration.ofSeconds(15)), new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60),
							Duration.ofSeconds(60)), RetryPolicy.none());
			var launch = fixture.service(LaunchService.class).launch(LaunchRequest.of(RunPlan.of(config).recorded(false))
					.listenedBy(new io.deepstress.core.launch.LaunchListener() {
						@Override
						public void onSaturation(Saturation saturation) {
							heard.add(saturation);
						}
					}));
			var result = launch.completion().get(120, TimeUnit.SECONDS);
			String runId = result.summaries().get(0).runId();
			assertEquals(1, heard.size(), "told once: " + heard);
			assertEquals(runId, heard.get(0).runId());
			assertTrue(heard.get(0).throughput() <= 21, heard.get(0).describe());
			LaunchFixture.waitUntil("the event on the bus", Duration.ofSeconds(10),
					() -> onBus.stream().anyMatch(s -> s.runId().equals(runId)));
		} finally {
			registration.unregister();
		}
	}
}
