package io.deepstress.core.run;

import java.util.Locale;

/**
 * How the client reaches the endpoint: HTTP version, TLS verification, proxy, and the cap on a non-streamed
 * body. The defaults are what a careful client does: HTTP/1.1, certificates verified against the JVM's trust
 * store, the proxy from the usual environment variables, 64 MiB for a body held in memory.
 *
 * @param http         {@link Http#HTTP_1_1}, or {@link Http#HTTP_2}: h2 negotiated by ALPN over TLS, h2c (prior
 *                     knowledge) over plain TCP
 * @param caFile       a PEM file of CA certificates to trust instead of the JVM's, or null
 * @param insecure     do not verify the server's certificate or host name (a per-endpoint opt-out; recorded with
 *                     the run and warned about)
 * @param proxy        {@code host:port} (or {@code http://host:port}) of an HTTP proxy, {@link #NO_PROXY} for a
 *                     direct connection, or null to take {@code HTTPS_PROXY}/{@code HTTP_PROXY}/{@code NO_PROXY}
 *                     from the environment
 * @param maxBodyBytes the largest non-streamed response body accepted (a streamed one has no limit)
 */
public record NetworkOptions(Http http, String caFile, boolean insecure, String proxy, long maxBodyBytes) {

	/** The HTTP version the client speaks. */
	public enum Http {
		HTTP_1_1, HTTP_2;

		/** {@code http/1.1} or {@code h2}. */
		public String label() {
			return this == HTTP_1_1 ? "http/1.1" : "h2";
		}
	}

	/** The default cap of a non-streamed body: 64 MiB. */
	public static final long DEFAULT_MAX_BODY_BYTES = 64L << 20;
	/** The {@link #proxy} value for "no proxy, even if the environment names one". */
	public static final String NO_PROXY = "none";

	public NetworkOptions {
		if (http == null) {
			http = Http.HTTP_1_1;
		}
		if (caFile != null && caFile.isBlank()) {
			caFile = null;
		}
		if (proxy != null && proxy.isBlank()) {
			proxy = null;
		}
		if (maxBodyBytes <= 0) {
			throw new IllegalArgumentException("the body cap must be positive, got " + maxBodyBytes);
		}
	}

	/** HTTP/1.1, verified TLS with the JVM's trust store, the environment's proxy, 64 MiB. */
	public static NetworkOptions defaults() {
		return new NetworkOptions(Http.HTTP_1_1, null, false, null, DEFAULT_MAX_BODY_BYTES);
	}

	/** Whether these are the {@link #defaults()}. */
	public boolean isDefault() {
		return equals(defaults());
	}

	public NetworkOptions withHttp(Http newHttp) {
		return new NetworkOptions(newHttp, caFile, insecure, proxy, maxBodyBytes);
	}

	public NetworkOptions withCaFile(String newCaFile) {
		return new NetworkOptions(http, newCaFile, insecure, proxy, maxBodyBytes);
	}

	public NetworkOptions withInsecure(boolean newInsecure) {
		return new NetworkOptions(http, caFile, newInsecure, proxy, maxBodyBytes);
	}

	public NetworkOptions withProxy(String newProxy) {
		return new NetworkOptions(http, caFile, insecure, newProxy, maxBodyBytes);
	}

	public NetworkOptions withMaxBodyBytes(long newMaxBodyBytes) {
		return new NetworkOptions(http, caFile, insecure, proxy, newMaxBodyBytes);
	}

	/** A short description for logs and records, e.g. {@code h2, CA /etc/ca.pem, proxy p:3128, INSECURE}. */
	public String describe() {
		StringBuilder sb = new StringBuilder(http.label());
		if (caFile != null) {
			sb.append(", CA ").append(caFile);
		}
		if (proxy != null) {
			sb.append(NO_PROXY.equals(proxy.toLowerCase(Locale.ROOT)) ? ", no proxy" : ", proxy " + proxy);
		}
		if (maxBodyBytes != DEFAULT_MAX_BODY_BYTES) {
			sb.append(", body cap ").append(maxBodyBytes >> 20).append(" MiB");
		}
		if (insecure) {
			sb.append(", INSECURE (certificates not verified)");
		}
		return sb.toString();
	}
}
