package io.deepstress.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.deepstress.core.run.ErrorKind;
import io.deepstress.core.run.NetworkOptions;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunConfig;

/**
 * Real networks against a Jetty server on 127.0.0.1 with a certificate the test made: TLS verified by default
 * (and failing without the CA), a CA file, the insecure opt-out, an HTTP proxy (CONNECT for https, absolute
 * form for http), the proxy environment variables, h2 over TLS by ALPN, h2c, and gzip-encoded streams.
 */
class RealNetworksTest {

	static TlsTestServer server;
	private final EngineFixture fixture = new EngineFixture();

	@BeforeAll
	static void start() throws Exception {
		server = new TlsTestServer();
	}

	@AfterAll
	static void stop() throws Exception {
		server.close();
	}

	@BeforeEach
	void clear() {
		server.seen.clear();
	}

	private List<RequestResult> run(String baseUrl, NetworkOptions network, int requests) throws Exception {
		RunConfig c = TestRuns.simple(baseUrl, requests, 2).withNetwork(network);
		fixture.run(c, 30);
		return fixture.finals();
	}

	private static NetworkOptions trusting() {
		return NetworkOptions.defaults().withCaFile(server.caPem.toString()).withProxy(NetworkOptions.NO_PROXY);
	}

	private static void allRead(List<RequestResult> results, int count) {
		assertEquals(count, results.size());
		for (RequestResult r : results) {
			assertNull(r.error(), r.errorMessage());
			assertEquals(TlsTestServer.TOKENS, r.outputTokens(), "every chunk read");
			assertTrue(r.ttftNanos() >= 0);
		}
	}

	@Test
	void httpsWithTheCaFileIsVerifiedAndSucceeds() throws Exception {
		allRead(run(server.httpsUrl(false), trusting(), 4), 4);
		assertTrue(server.seen.stream().allMatch(s -> s.version().equals("HTTP/1.1")), server.seen.toString());
	}

	@Test
	void httpsIsVerifiedByDefaultAndAnUnknownCertificateFails() throws Exception {
		List<RequestResult> results = run(server.httpsUrl(false), NetworkOptions.defaults(), 2);
		for (RequestResult r : results) {
			assertEquals(ErrorKind.CONNECT, r.error(), r.errorMessage());
			assertTrue(r.errorMessage().startsWith("TLS failure:"), r.errorMessage());
		}
		assertEquals(List.of(), server.seen, "no request passed an unverified handshake");
	}

	@Test
	void theInsecureOptOutSkipsVerification() throws Exception {
		allRead(run(server.httpsUrl(false), NetworkOptions.defaults().withInsecure(true), 3), 3);
		assertTrue(NetworkOptions.defaults().withInsecure(true).describe().contains("INSECURE"));
	}

	@Test
	void http2OverTlsIsNegotiatedByAlpn() throws Exception {
		allRead(run(server.httpsUrl(false), trusting().withHttp(NetworkOptions.Http.HTTP_2), 6), 6);
		assertEquals(6, server.seen.size());
		assertTrue(server.seen.stream().allMatch(s -> s.version().equals("HTTP/2.0")), server.seen.toString());
	}

	@Test
	void h2cIsSpokenOnPlainTcp() throws Exception {
		allRead(run(server.httpUrl(false), trusting().withHttp(NetworkOptions.Http.HTTP_2), 4), 4);
		assertTrue(server.seen.stream().allMatch(s -> s.version().equals("HTTP/2.0")), server.seen.toString());
	}

	@Test
	void gzipEncodedStreamsAreDecoded() throws Exception {
		allRead(run(server.httpsUrl(true), trusting(), 2), 2);
		allRead(run(server.httpUrl(true), trusting().withHttp(NetworkOptions.Http.HTTP_2), 2), 4);
		assertTrue(server.seen.stream().allMatch(s -> s.acceptEncoding() != null && s.acceptEncoding().contains("gzip")),
				"the client offers gzip: " + server.seen);
	}

	@Test
	void anHttpProxyCarriesHttpsByConnectAndHttpByAbsoluteForm() throws Exception {
		try (LoopbackProxy proxy = new LoopbackProxy()) {
			NetworkOptions via = trusting().withProxy(proxy.address());
			allRead(run(server.httpsUrl(false), via, 2), 2);
			assertTrue(proxy.requestLines.stream().anyMatch(l -> l.startsWith("CONNECT 127.0.0.1:")), proxy.requestLines.toString());
			proxy.requestLines.clear();
			EngineFixture plain = new EngineFixture();
			plain.run(TestRuns.simple(server.httpUrl(false), 2, 1).withNetwork(via), 30);
			allRead(plain.finals(), 2);
			assertTrue(proxy.requestLines.stream().allMatch(l -> l.startsWith("POST " + server.httpUrl(false))),
					proxy.requestLines.toString());
		}
	}

	@Test
	void theProxyComesFromTheEnvironmentUnlessExcluded() {
		NetworkOptions env = NetworkOptions.defaults();
		Map<String, String> vars = Map.of("HTTPS_PROXY", "http://proxy.corp:3128", "http_proxy", "proxy.corp:8080",
				"NO_PROXY", "internal.corp,.lab.example");
		assertEquals(new Network.Proxy("proxy.corp", 3128, "HTTPS_PROXY"),
				Network.proxy(env, URI.create("https://api.example.com/v1"), vars));
		assertEquals(new Network.Proxy("proxy.corp", 8080, "HTTP_PROXY"),
				Network.proxy(env, URI.create("http://api.example.com/v1"), vars));
		assertNull(Network.proxy(env, URI.create("https://internal.corp/v1"), vars), "NO_PROXY names the host");
		assertNull(Network.proxy(env, URI.create("https://gpu1.lab.example/v1"), vars), "NO_PROXY suffix");
		assertNull(Network.proxy(env, URI.create("https://127.0.0.1:8000/v1"), vars), "loopback is never proxied");
		assertNull(Network.proxy(env, URI.create("http://localhost:8000/v1"), vars));
		assertNull(Network.proxy(env, URI.create("https://api.example.com/v1"), Map.of()), "no variable, no proxy");
		assertNull(Network.proxy(env.withProxy("none"), URI.create("https://api.example.com/v1"), vars),
				"the setting 'none' wins over the environment");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> Network.proxy(env, URI.create("https://api.example.com/v1"), Map.of("HTTPS_PROXY", "socks5://p:1080")));
		assertTrue(e.getMessage().contains("only HTTP proxies"), e.getMessage());
	}

	@Test
	void aMissingOrBrokenCaFileIsRefusedBeforeTheRun() throws Exception {
		RunConfig missing = TestRuns.simple(server.httpsUrl(false), 1, 1)
				.withNetwork(NetworkOptions.defaults().withCaFile(server.dir.resolve("nope.pem").toString()));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fixture.engine.check(missing));
		assertTrue(e.getMessage().contains("does not exist or cannot be read"), e.getMessage());
		java.nio.file.Path garbage = server.dir.resolve("garbage.pem");
		java.nio.file.Files.writeString(garbage, "not a certificate");
		RunConfig broken = missing.withNetwork(NetworkOptions.defaults().withCaFile(garbage.toString()));
		e = assertThrows(IllegalArgumentException.class, () -> fixture.engine.check(broken));
		assertTrue(e.getMessage().contains("garbage.pem"), e.getMessage());
	}
}
