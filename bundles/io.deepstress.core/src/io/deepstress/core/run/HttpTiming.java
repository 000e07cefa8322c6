package io.deepstress.core.run;

/**
 * Where the time of one attempt went on the wire, as the client's HTTP stack saw it (see docs/ARCHITECTURE.md,
 * "HTTP timing"). Every phase is nanoseconds, {@code -1} when it was not measured or did not happen (no TLS on
 * plain HTTP; no connect on a reused connection; no content for a failed request).
 *
 * @param reused        whether the request went over a connection that an earlier request had used
 * @param queuedNanos   from handing the request to the client to the request's begin (waiting for a pooled
 *                      connection, or for a new one to be connected and, over TLS, handshaken)
 * @param connectNanos  for a new connection: from the request being queued to the connection being opened (TCP
 *                      connect and connection set-up); -1 when reused
 * @param tlsNanos      for a new TLS connection: from the connection being opened to the handshake being done;
 *                      -1 when reused or plain HTTP
 * @param headersNanos  from the request's begin to the response's headers (the server's queueing and prefill of
 *                      a streamed answer show here)
 * @param firstByteNanos from the request's begin to the response's first byte (its status line)
 * @param firstContentNanos from the request's begin to the first chunk of response body
 */
public record HttpTiming(boolean reused, long queuedNanos, long connectNanos, long tlsNanos, long headersNanos,
		long firstByteNanos, long firstContentNanos) {

	/** The phases in the order of {@link #PHASES}, -1 where absent. */
	public long[] phases() {
		return new long[] { queuedNanos, connectNanos, tlsNanos, headersNanos, firstByteNanos, firstContentNanos };
	}

	/** The phases' names as {@code --out} writes them ({@code <name>_p50_ms}, ...). */
	public static final java.util.List<String> PHASES = java.util.List.of("queued", "connect", "tls", "headers",
			"first_byte", "first_content");
}
