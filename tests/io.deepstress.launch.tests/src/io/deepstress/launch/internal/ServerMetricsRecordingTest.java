package io.deepstress.launch.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.deepstress.core.timeline.ServerMetricsSource;
import io.deepstress.core.timeline.ServerMetricsStatus;

/** The plan's setting turned into a scrape with the real scraper service: credentials in a URL are never kept. */
class ServerMetricsRecordingTest {

	private final LaunchFixture fixture = new LaunchFixture();

	@AfterEach
	void close() {
		fixture.close();
	}

	@Test
	void credentialsInAGivenUrlAreDroppedAndABadUrlIsAReason() throws Exception {
		int port;
		try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			port = free.getLocalPort();
		}
		ServerMetricsRecording recording = new ServerMetricsRecording(fixture.service(ServerMetricsSource.class));
		ServerMetricsRecording.Scraping s = recording.start("http://admin:s3cret@127.0.0.1:" + port + "/metrics",
				"http://127.0.0.1:1/v1", false, System.nanoTime());
		Thread.sleep(300);
		ServerMetricsStatus st = s.finish().status();
		assertEquals("http://127.0.0.1:" + port + "/metrics", st.url());
		assertFalse(String.valueOf(st.reason()).contains("s3cret"));

		ServerMetricsStatus bad = recording.start("http://[bad", "http://127.0.0.1:1/v1", false, System.nanoTime()).finish()
				.status();
		assertEquals(ServerMetricsStatus.State.FAILED, bad.state());
		assertEquals(true, bad.reason().startsWith("not a URL: "), bad.reason());

		ServerMetricsStatus builtin = recording.start("auto", "http://127.0.0.1:1/v1", true, System.nanoTime()).finish()
				.status();
		assertEquals(ServerMetricsStatus.State.OFF, builtin.state());
		assertEquals("auto: the built-in simulator", builtin.reason());
	}
}
