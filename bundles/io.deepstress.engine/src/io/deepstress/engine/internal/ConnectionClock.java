package io.deepstress.engine.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLEngine;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;

/**
 * When each HTTP connection of a run's client was opened, when its TLS handshake was done and how many requests
 * it has carried, so that a request can tell a new connection from a reused one (see {@link HttpTimer}). A bean of
 * the client: Jetty hands it every connection it opens (HTTP/1.1; an HTTP/2 request's connection is a stream, not
 * known here). Entries go when their connection closes.
 */
final class ConnectionClock implements Connection.Listener, SslHandshakeListener {

	/**
	 * A connection's clock: opened at {@code openedNanos} (over TLS: when its TCP connection was, before the
	 * handshake), handshake done at {@code tlsNanos} (-1: none).
	 */
	static final class Times {
		volatile long openedNanos;
		volatile long tlsNanos = -1;
		final AtomicLong uses = new AtomicLong();

		Times(long openedNanos) {
			this.openedNanos = openedNanos;
		}
	}

	private final Map<Connection, Times> open = new ConcurrentHashMap<>();
	/** Per TLS engine: when its TCP connection was opened and when the handshake was done (-1: not yet). */
	private final Map<SSLEngine, long[]> handshakes = new ConcurrentHashMap<>();

	@Override
	public void onOpened(Connection connection) {
		if (connection instanceof org.eclipse.jetty.client.Connection) {
			open.put(connection, new Times(System.nanoTime()));
		} else if (connection instanceof SslConnection ssl) {
			handshakes.put(ssl.getSSLEngine(), new long[] { System.nanoTime(), -1 });
		}
	}

	@Override
	public void onClosed(Connection connection) {
		open.remove(connection);
		if (connection instanceof SslConnection ssl) {
			handshakes.remove(ssl.getSSLEngine());
		}
	}

	@Override
	public void handshakeSucceeded(Event event) {
		long[] t = handshakes.get(event.getSSLEngine());
		if (t != null) {
			// a new array through the map: the request's thread reads it with the map's ordering
			handshakes.put(event.getSSLEngine(), new long[] { t[0], System.nanoTime() });
		}
	}

	/** The clock of the request's connection, or null when the connection is not known here. */
	Times of(org.eclipse.jetty.client.Connection connection) {
		return connection instanceof Connection c ? open.get(c) : null;
	}

	/**
	 * Fills in the TLS handshake of a connection's clock (Jetty tells its own listener first, which hands the
	 * connection to the request, so the handshake's time is looked up when the request's timing is taken).
	 */
	void settle(org.eclipse.jetty.client.Connection connection, Times t) {
		if (t.tlsNanos < 0 && ((Connection) connection).getEndPoint() instanceof SslConnection.SslEndPoint ssl) {
			long[] tls = handshakes.get(ssl.getSslConnection().getSSLEngine());
			if (tls != null && tls[1] >= 0) {
				t.openedNanos = Math.min(t.openedNanos, tls[0]);
				t.tlsNanos = tls[1];
			}
		}
	}

	/** The connections open now were opened ahead of the requests (see {@link Preconnect}): they count as used. */
	void warmed() {
		open.values().forEach(t -> t.uses.compareAndSet(0, 1));
	}

	/** Connections open now (for tests). */
	int openConnections() {
		return open.size();
	}
}
