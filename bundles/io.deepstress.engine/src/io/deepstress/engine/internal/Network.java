package io.deepstress.engine.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpClientTransport;
import org.eclipse.jetty.client.HttpProxy;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.Invocable;

import io.deepstress.core.run.NetworkOptions;

/**
 * How a run's client reaches its endpoint, from its {@link NetworkOptions}: TLS (certificates verified by
 * default, a CA file, or the insecure opt-out), HTTP/1.1 or HTTP/2 (h2 by ALPN over TLS, h2c by prior
 * knowledge over TCP), and an HTTP proxy from the options or the environment.
 */
final class Network {

	/** The proxy chosen for a target: host and port, or none. */
	record Proxy(String host, int port, String source) {
	}

	private Network() {
	}

	/**
	 * Checks what can be checked before a run: a CA file that exists and holds certificates, a proxy that is
	 * {@code host:port}.
	 *
	 * @throws IllegalArgumentException with a message for the user
	 */
	static void validate(NetworkOptions n, URI target) {
		if (n.caFile() != null) {
			trustStore(n.caFile());
		}
		proxy(n, target, System.getenv());
	}

	/** The TLS settings: verification on unless the endpoint opted out, against the CA file when one is set. */
	static SslContextFactory.Client tls(NetworkOptions n) {
		SslContextFactory.Client ssl = new SslContextFactory.Client();
		if (n.insecure()) {
			ssl.setTrustAll(true);
			ssl.setEndpointIdentificationAlgorithm(null);
		} else {
			ssl.setTrustAll(false);
			ssl.setEndpointIdentificationAlgorithm("HTTPS");
			if (n.caFile() != null) {
				ssl.setTrustStore(trustStore(n.caFile()));
			}
		}
		return ssl;
	}

	/** The certificates of a PEM (or DER) file as a trust store. */
	static KeyStore trustStore(String caFile) {
		Path path = Path.of(caFile);
		if (!Files.isReadable(path)) {
			throw new IllegalArgumentException("The CA file " + caFile + " does not exist or cannot be read");
		}
		try (InputStream in = Files.newInputStream(path)) {
			Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
			if (certs.isEmpty()) {
				throw new IllegalArgumentException("The CA file " + caFile + " holds no certificate (PEM or DER expected)");
			}
			KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
			store.load(null, null);
			int i = 0;
			for (Certificate c : certs) {
				store.setCertificateEntry("ca-" + i++, c);
			}
			return store;
		} catch (IOException | GeneralSecurityException e) {
			throw new IllegalArgumentException("The CA file " + caFile + " is not a PEM or DER certificate file: "
					+ e.getMessage(), e);
		}
	}

	/** The transport for the run's HTTP version. */
	static HttpClientTransport transport(NetworkOptions n, ClientConnector connector) {
		if (n.http() == NetworkOptions.Http.HTTP_2) {
			// h2 over TLS (ALPN) for https, h2c with prior knowledge for http
			return new HttpClientTransportOverHTTP2(new HTTP2Client(connector));
		}
		HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP(connector);
		// response handling never blocks (parse, record, schedule the next request): the selector thread runs it
		// where the bytes arrived instead of dispatching each read to the pool
		transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
		return transport;
	}

	/** Installs the proxy chosen for the target, if any; returns it (null: direct). */
	static Proxy configure(HttpClient client, NetworkOptions n, URI target) {
		Proxy p = proxy(n, target, System.getenv());
		if (p != null) {
			client.getProxyConfiguration().addProxy(new HttpProxy(p.host(), p.port()));
		}
		return p;
	}

	/**
	 * The proxy for {@code target}: the options' own, none when they say {@link NetworkOptions#NO_PROXY}, else
	 * {@code HTTPS_PROXY} (https) or {@code HTTP_PROXY} (http), upper or lower case, unless {@code NO_PROXY}
	 * names the host (a name, a {@code .suffix} or {@code *}) or the host is a loopback address.
	 */
	static Proxy proxy(NetworkOptions n, URI target, Map<String, String> env) {
		String setting = n.proxy();
		if (setting != null) {
			return NetworkOptions.NO_PROXY.equalsIgnoreCase(setting) ? null : parse(setting, "the proxy setting");
		}
		String host = target.getHost() == null ? "" : target.getHost().toLowerCase(Locale.ROOT);
		boolean https = "https".equalsIgnoreCase(target.getScheme());
		String var = https ? "HTTPS_PROXY" : "HTTP_PROXY";
		String value = env(env, var);
		if (value == null || value.isBlank() || loopback(host) || excluded(host, env(env, "NO_PROXY"))) {
			return null;
		}
		return parse(value, var);
	}

	private static String env(Map<String, String> env, String name) {
		String v = env.get(name);
		return v != null ? v : env.get(name.toLowerCase(Locale.ROOT));
	}

	private static boolean loopback(String host) {
		if (host.equals("localhost") || host.endsWith(".localhost")) {
			return true;
		}
		String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
		if (!h.matches("[0-9.]+|[0-9a-f:]+")) {
			return false; // a name: no resolution here
		}
		try {
			return InetAddress.getByName(h).isLoopbackAddress();
		} catch (IOException e) {
			return false;
		}
	}

	static boolean excluded(String host, String noProxy) {
		if (noProxy == null) {
			return false;
		}
		for (String entry : noProxy.split("[,\\s]+")) {
			String e = entry.strip().toLowerCase(Locale.ROOT);
			int colon = e.lastIndexOf(':');
			if (colon > 0 && !e.contains("]") && e.indexOf(':') == colon) {
				e = e.substring(0, colon); // a port is not compared
			}
			if (e.isEmpty()) {
				continue;
			}
			if (e.equals("*") || host.equals(e) || host.endsWith(e.startsWith(".") ? e : "." + e)) {
				return true;
			}
		}
		return false;
	}

	/** {@code host:port} or {@code http://host:port[/]} of an HTTP proxy. */
	static Proxy parse(String value, String source) {
		String v = value.strip();
		URI uri;
		try {
			uri = URI.create(v.contains("://") ? v : "http://" + v);
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(source + " is not a proxy address (host:port or http://host:port): " + v);
		}
		if (!"http".equalsIgnoreCase(uri.getScheme())) {
			throw new IllegalArgumentException(source + ": only HTTP proxies are supported (http://host:port), got " + v);
		}
		if (uri.getHost() == null || uri.getPort() <= 0) {
			throw new IllegalArgumentException(source + " needs a host and a port (host:port), got " + v);
		}
		if (uri.getUserInfo() != null) {
			throw new IllegalArgumentException(source + ": proxy credentials are not supported, got a user name in it");
		}
		return new Proxy(uri.getHost(), uri.getPort(), source);
	}
}
