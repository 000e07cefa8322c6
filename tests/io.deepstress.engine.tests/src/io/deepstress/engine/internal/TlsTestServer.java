package io.deepstress.engine.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A Jetty server on 127.0.0.1 with a self-signed certificate made for the test by the JDK's {@code keytool}:
 * one TLS connector (HTTP/1.1 and h2 by ALPN) and one plain connector (HTTP/1.1 and h2c). Every POST gets a
 * short event stream of {@link #TOKENS} one-token chunks; under a path with {@code /gzip/} the stream is
 * gzip-encoded. What each request came with (HTTP version, Accept-Encoding) is kept.
 */
final class TlsTestServer implements AutoCloseable {

	static final int TOKENS = 5;
	static final String PASSWORD = "changeit";

	/** One request as the server saw it. */
	record Seen(String version, String path, String acceptEncoding) {
	}

	final Path dir;
	final Path keyStore;
	/** The certificate in PEM: what a client's CA file names. */
	final Path caPem;
	final List<Seen> seen = new CopyOnWriteArrayList<>();
	private final Server server = new Server();
	private final ServerConnector tls;
	private final ServerConnector plain;

	TlsTestServer() throws Exception {
		dir = Files.createTempDirectory("deepstress-tls");
		keyStore = dir.resolve("server.p12");
		caPem = dir.resolve("ca.pem");
		keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
				"CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore",
				keyStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
		keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
				"-file", caPem.toString());

		HttpConfiguration config = new HttpConfiguration();
		SecureRequestCustomizer secure = new SecureRequestCustomizer();
		secure.setSniHostCheck(false);
		config.addCustomizer(secure);
		SslContextFactory.Server ssl = new SslContextFactory.Server();
		ssl.setKeyStorePath(keyStore.toString());
		ssl.setKeyStoreType("PKCS12");
		ssl.setKeyStorePassword(PASSWORD);
		HttpConnectionFactory h1 = new HttpConnectionFactory(config);
		HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(config);
		ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
		alpn.setDefaultProtocol(h1.getProtocol());
		tls = new ServerConnector(server, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn, h2, h1);
		tls.setHost("127.0.0.1");
		HttpConfiguration plainConfig = new HttpConfiguration();
		plain = new ServerConnector(server, new HttpConnectionFactory(plainConfig),
				new HTTP2CServerConnectionFactory(plainConfig));
		plain.setHost("127.0.0.1");
		server.addConnector(tls);
		server.addConnector(plain);
		server.setHandler(new Handler.Abstract() {
			@Override
			public boolean handle(Request request, Response response, Callback callback) throws Exception {
				String path = request.getHttpURI().getPath();
				// read the request body first, as a real server does (h2 resets a stream whose body is left unread)
				Content.Source.asString(request, StandardCharsets.UTF_8);
				seen.add(new Seen(request.getConnectionMetaData().getHttpVersion().asString(), path,
						request.getHeaders().get(HttpHeader.ACCEPT_ENCODING)));
				byte[] body = stream().getBytes(StandardCharsets.UTF_8);
				response.setStatus(200);
				response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
				if (path.contains("/gzip/")) {
					body = gzip(body);
					response.getHeaders().put(HttpHeader.CONTENT_ENCODING, "gzip");
				}
				response.write(true, ByteBuffer.wrap(body), callback);
				return true;
			}
		});
		server.start();
	}

	private static String stream() {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < TOKENS; i++) {
			sb.append("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok").append(i)
					.append(" \"},\"finish_reason\":null}]}\n\n");
		}
		sb.append("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
		return sb.append("data: [DONE]\n\n").toString();
	}

	private static byte[] gzip(byte[] plain) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
			gz.write(plain);
		}
		return out.toByteArray();
	}

	private static void keytool(String... args) throws Exception {
		String tool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
		List<String> command = new java.util.ArrayList<>(List.of(tool));
		command.addAll(List.of(args));
		Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
			p.destroyForcibly();
			throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
		}
	}

	/** {@code https://127.0.0.1:port/v1} (or {@code /gzip/v1}). */
	String httpsUrl(boolean gzip) {
		return "https://127.0.0.1:" + tls.getLocalPort() + (gzip ? "/gzip/v1" : "/v1");
	}

	/** {@code http://127.0.0.1:port/v1} on the plain connector (HTTP/1.1 and h2c). */
	String httpUrl(boolean gzip) {
		return "http://127.0.0.1:" + plain.getLocalPort() + (gzip ? "/gzip/v1" : "/v1");
	}

	@Override
	public void close() throws Exception {
		server.stop();
		try (var files = Files.list(dir)) {
			for (Path f : files.toList()) {
				Files.deleteIfExists(f);
			}
		}
		Files.deleteIfExists(dir);
	}
}
