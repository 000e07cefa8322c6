package io.deepstress.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * {@code deepstress gpu watch --dcgm URL} reads a DCGM exporter (its text served on 127.0.0.1 by a small HTTP
 * server here: one H100, our own values); a URL that is not http(s) is refused with a clear message.
 */
class DcgmFromCommandLineTest {

	private static final String TEXT = "# TYPE DCGM_FI_DEV_GPU_UTIL gauge\n"
			+ "DCGM_FI_DEV_GPU_UTIL{gpu=\"0\",UUID=\"GPU-77\",device=\"nvidia0\",modelName=\"NVIDIA H100 80GB HBM3\",Hostname=\"n7\"} 88\n"
			+ "DCGM_FI_DEV_FB_USED{gpu=\"0\",UUID=\"GPU-77\",device=\"nvidia0\",modelName=\"NVIDIA H100 80GB HBM3\",Hostname=\"n7\"} 70000\n"
			+ "DCGM_FI_DEV_FB_FREE{gpu=\"0\",UUID=\"GPU-77\",device=\"nvidia0\",modelName=\"NVIDIA H100 80GB HBM3\",Hostname=\"n7\"} 11559\n"
			+ "DCGM_FI_DEV_GPU_TEMP{gpu=\"0\",UUID=\"GPU-77\",device=\"nvidia0\",modelName=\"NVIDIA H100 80GB HBM3\",Hostname=\"n7\"} 57\n"
			+ "DCGM_FI_DEV_POWER_USAGE{gpu=\"0\",UUID=\"GPU-77\",device=\"nvidia0\",modelName=\"NVIDIA H100 80GB HBM3\",Hostname=\"n7\"} 455.5\n";

	@Test
	void gpuWatchReadsADcgmExporter() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			Thread t = new Thread(() -> serve(server), "dcgm-test-server");
			t.setDaemon(true);
			t.start();
			String url = "http://127.0.0.1:" + server.getLocalPort() + "/metrics";
			Cli.Result r = Cli.run("gpu", "watch", "--dcgm", url, "--interval", "200", "--count", "2");
			assertEquals(0, r.code(), r.out() + r.err());
			assertTrue(r.out().contains("NVIDIA H100 80GB HBM3"), r.out());
			assertTrue(r.out().contains("88"), "the utilisation: " + r.out());
		}
	}

	@Test
	void aDcgmUrlMustBeHttp() throws Exception {
		Cli.Result r = Cli.run("gpu", "watch", "--dcgm", "gpu-node:9400", "--count", "1");
		assertEquals(2, r.code(), r.out() + r.err());
		assertTrue(r.err().contains("needs an http(s):// URL"), r.err());
	}

	private static void serve(ServerSocket server) {
		while (!server.isClosed()) {
			try (Socket s = server.accept()) {
				InputStream in = s.getInputStream();
				int state = 0;
				while (state < 4) { // up to the blank line after the request head
					int c = in.read();
					if (c < 0) {
						break;
					}
					state = (c == '\r' || c == '\n') ? state + 1 : 0;
				}
				byte[] body = TEXT.getBytes(StandardCharsets.UTF_8);
				OutputStream out = s.getOutputStream();
				out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: " + body.length
						+ "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
				out.write(body);
				out.flush();
			} catch (IOException e) {
				// closed
			}
		}
	}
}
