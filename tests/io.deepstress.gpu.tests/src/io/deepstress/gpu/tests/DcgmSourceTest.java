package io.deepstress.gpu.tests;

import static io.deepstress.gpu.tests.GpuTestFiles.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuProvider;
import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.gpu.GpuSource;
import io.deepstress.core.gpu.GpuSourceState.Status;

/**
 * The DCGM exporter source: recorded-looking exporter text (two H100s of one node, our own values) served by a
 * Jetty server on 127.0.0.1 and read through the provider that DS registers; an endpoint that turns to garbage,
 * answers 404 or goes away gives a state with the reason, and the source comes back when the text does.
 */
class DcgmSourceTest {

	private volatile String body;
	private volatile int status = 200;
	private Server server;

	@AfterEach
	void stop() throws Exception {
		if (server != null) {
			server.stop();
		}
	}

	private String serve() throws Exception {
		server = new Server();
		ServerConnector connector = new ServerConnector(server);
		connector.setHost("127.0.0.1");
		server.addConnector(connector);
		server.setHandler(new Handler.Abstract() {
			@Override
			public boolean handle(Request request, Response response, Callback callback) {
				response.setStatus(status);
				response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4");
				response.write(true, java.nio.ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
				return true;
			}
		});
		server.start();
		return "http://127.0.0.1:" + connector.getLocalPort() + "/metrics";
	}

	private static GpuProvider dcgmProvider() throws InterruptedException {
		var context = FrameworkUtil.getBundle(DcgmSourceTest.class).getBundleContext();
		ServiceTracker<GpuProvider, GpuProvider> tracker = new ServiceTracker<>(context, GpuProvider.class, null);
		tracker.open();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			for (GpuProvider p : tracker.getTracked().values()) {
				if (p.kind() == GpuHost.Kind.DCGM) {
					return p;
				}
			}
			Thread.sleep(50);
		}
		throw new AssertionError("no DCGM GpuProvider service");
	}

	@Test
	void theExportersGpusAreReadWithEveryFigure() throws Exception {
		body = new String(GpuTestFiles.resource("dcgm-exporter.txt"), StandardCharsets.UTF_8);
		GpuHost host = GpuHost.dcgm("dcgm-1", "node 3 exporter", serve());
		Recorder recorder = new Recorder();
		try (GpuSource source = dcgmProvider().open(host, Duration.ofMillis(200), recorder)) {
			waitUntil("two reads", 10_000, () -> recorder.batchCount() >= 2, recorder::toString);
			List<GpuSample> gpus = recorder.batches().get(0);
			assertEquals(2, gpus.size(), gpus.toString());
			GpuSample g0 = gpus.get(0);
			assertEquals("node 3 exporter", g0.host(), "the configured host's name, as the monitor knows it");
			assertEquals(0, g0.index());
			assertEquals("GPU-5fd3a9e0-11aa-4c1b-9e21-0a1b2c3d4e01", g0.uuid());
			assertEquals("NVIDIA H100 80GB HBM3", g0.name());
			assertEquals(97.0, g0.utilization());
			assertEquals(76_991L, g0.memoryUsedMiB());
			assertEquals(76_991L + 4_012 + 556, g0.memoryTotalMiB(), "used + free + reserved");
			assertEquals(61.0, g0.temperatureC());
			assertEquals(612.437, g0.powerW(), 1e-9);
			assertNull(g0.powerLimitW(), "not among the default counters");
			assertEquals(1980L, g0.smClockMHz());
			assertEquals("0x4", g0.throttleReasons());
			GpuSample g1 = gpus.get(1);
			assertEquals(1, g1.index());
			assertEquals(0.0, g1.utilization());
			assertEquals("0x1", g1.throttleReasons());
			assertEquals(Status.OK, source.state().status());
		}
	}

	@Test
	void garbageA404AndAGoneExporterGiveAReasonAndTheSourceComesBack() throws Exception {
		body = new String(GpuTestFiles.resource("dcgm-exporter.txt"), StandardCharsets.UTF_8);
		String url = serve();
		Recorder recorder = new Recorder();
		try (GpuSource source = dcgmProvider().open(GpuHost.dcgm("dcgm-2", "flaky", url), Duration.ofMillis(150),
				recorder)) {
			waitUntil("OK", 10_000, () -> source.state().status() == Status.OK, recorder::toString);
			body = "<html>this is not metrics</html>";
			waitUntil("garbage noticed", 10_000, () -> reason(source).contains("not Prometheus text"), recorder::toString);
			assertEquals(Status.RECONNECTING, source.state().status());
			body = "# only comments\n";
			waitUntil("no samples", 10_000, () -> reason(source).contains("no samples"), recorder::toString);
			body = "other_metric{gpu=\"0\"} 1\n";
			waitUntil("no GPU", 10_000, () -> reason(source).contains("reports no GPU"), recorder::toString);
			status = 404;
			body = "not found";
			waitUntil("404", 10_000, () -> reason(source).contains("HTTP 404"), recorder::toString);
			status = 200;
			body = new String(GpuTestFiles.resource("dcgm-exporter.txt"), StandardCharsets.UTF_8);
			int before = recorder.batchCount();
			waitUntil("back", 10_000, () -> source.state().status() == Status.OK && recorder.batchCount() > before,
					recorder::toString);
			server.stop();
			waitUntil("gone", 10_000, () -> reason(source).contains("connection refused"), recorder::toString);
			assertTrue(source.state().skipped() >= 5, source.state().toString());
		}
		assertEquals(Status.STOPPED, recorder.lastState().status());
		assertTrue(GpuTestFiles.threads("deepstress-dcgm-flaky").isEmpty(), "the reading thread ends with the source");
	}

	@Test
	void aDcgmHostNeedsAnHttpUrl() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> GpuHost.dcgm("d", "bad", "gpu-node:9400"));
		assertTrue(e.getMessage().contains("needs an http(s):// URL"), e.getMessage());
		assertEquals("http://gpu-node:9400/metrics", GpuHost.dcgm("d", "ok", "http://gpu-node:9400").hostname());
		assertEquals("http://n:9400/custom", GpuHost.dcgm("d", "ok", "http://n:9400/custom").hostname());
	}

	@Test
	void anExporterOfSeveralNodesNamesEachNode() throws Exception {
		String text = "DCGM_FI_DEV_GPU_UTIL{gpu=\"0\",UUID=\"GPU-a\",Hostname=\"n1\"} 10\n"
				+ "DCGM_FI_DEV_GPU_UTIL{gpu=\"0\",UUID=\"GPU-b\",Hostname=\"n2\"} 20\n";
		body = text;
		Recorder recorder = new Recorder();
		try (GpuSource source = dcgmProvider().open(GpuHost.dcgm("dcgm-3", "cluster", serve()), Duration.ofMillis(200),
				recorder)) {
			waitUntil("a read", 10_000, () -> recorder.batchCount() >= 1, recorder::toString);
			List<GpuSample> gpus = recorder.batches().get(0);
			assertEquals(List.of("cluster/n1", "cluster/n2"), gpus.stream().map(GpuSample::host).toList());
			assertEquals(List.of(10.0, 20.0), gpus.stream().map(GpuSample::utilization).toList());
			assertNull(gpus.get(0).memoryTotalMiB(), "not exported: absent, not zero");
		}
	}

	private static String reason(GpuSource source) {
		String m = source.state().message();
		return m == null ? "" : m;
	}
}
