package io.deepstress.cli.internal;

import java.nio.file.Files;
import java.nio.file.Path;

import io.deepstress.core.run.NetworkOptions;
import picocli.CommandLine.Option;

/** How {@code run} reaches the endpoint: HTTP/2, TLS trust, proxy, and the cap on a non-streamed body. */
final class NetworkCliOptions {

	@Option(names = "--http2", description = "speak HTTP/2: h2 negotiated by ALPN for https, h2c (prior knowledge) for http")
	boolean http2;

	@Option(names = "--ca-file", paramLabel = "FILE.pem",
			description = "trust the CA certificates in this PEM file instead of the JVM's (https)")
	Path caFile;

	@Option(names = "--insecure", description = "do not verify the server's TLS certificate or host name (recorded"
			+ " with the run; for self-signed lab servers only)")
	boolean insecure;

	@Option(names = "--proxy", paramLabel = "HOST:PORT|none", description = { "HTTP proxy to go through, or 'none';"
			+ " default: HTTPS_PROXY / HTTP_PROXY unless NO_PROXY names the host (loopback is never proxied)" })
	String proxy;

	@Option(names = "--max-body-mib", paramLabel = "N", converter = Converters.PositiveLong.class,
			description = "largest non-streamed response body, in MiB (default 64; a stream has no limit)")
	Long maxBodyMib;

	/** The options given, over the defaults. */
	NetworkOptions options() throws UsageException {
		if (caFile != null && !Files.isReadable(caFile)) {
			throw new UsageException("--ca-file: " + caFile + " does not exist or cannot be read");
		}
		if (caFile != null && insecure) {
			throw new UsageException("--ca-file and --insecure contradict each other: give one");
		}
		if (maxBodyMib != null && maxBodyMib > 64L * 1024) {
			throw new UsageException("--max-body-mib must be at most 65536 (64 GiB)");
		}
		NetworkOptions n = NetworkOptions.defaults().withHttp(http2 ? NetworkOptions.Http.HTTP_2 : NetworkOptions.Http.HTTP_1_1)
				.withCaFile(caFile == null ? null : caFile.toAbsolutePath().toString()).withInsecure(insecure)
				.withProxy(proxy);
		return maxBodyMib == null ? n : n.withMaxBodyBytes(maxBodyMib << 20);
	}
}
