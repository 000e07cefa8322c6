package io.deepstress.engine.internal;

import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;

import io.deepstress.core.run.HttpTiming;

/**
 * One attempt's HTTP phases from Jetty's request and response events: queued, request begin (the connection is
 * then known: new or reused, from the {@link ConnectionClock}), response begin (first byte), response headers, and
 * the first body chunk ({@link #content()}, called by the exchange). A handful of {@code System.nanoTime()} calls
 * per request; each event comes once, on Jetty's threads one after another.
 */
final class HttpTimer implements Request.QueuedListener, Request.BeginListener, Response.BeginListener,
		Response.HeadersListener {

	private final ConnectionClock clock;
	private volatile long queued = -1;
	private volatile long begin = -1;
	private volatile long firstByte = -1;
	private volatile long headers = -1;
	private volatile long firstContent = -1;
	private volatile ConnectionClock.Times connection;
	private volatile org.eclipse.jetty.client.Connection used;
	private volatile boolean reused;

	HttpTimer(ConnectionClock clock) {
		this.clock = clock;
	}

	@Override
	public void onQueued(Request request) {
		queued = System.nanoTime();
	}

	@Override
	public void onBegin(Request request) {
		begin = System.nanoTime();
		org.eclipse.jetty.client.Connection c = request.getConnection();
		ConnectionClock.Times t = c == null ? null : clock.of(c);
		if (t != null) {
			used = c;
			connection = t;
			reused = t.uses.getAndIncrement() > 0;
		}
	}

	@Override
	public void onBegin(Response response) {
		firstByte = System.nanoTime();
	}

	@Override
	public void onHeaders(Response response) {
		headers = System.nanoTime();
	}

	/** A chunk of response body arrived (only the first one is timed). */
	void content() {
		if (firstContent < 0) {
			firstContent = System.nanoTime();
		}
	}

	/** The phases measured, or null when the request never began (nothing was sent). */
	HttpTiming timing() {
		long b = begin;
		if (b < 0) {
			return null;
		}
		ConnectionClock.Times t = connection;
		long connect = -1;
		long tls = -1;
		boolean isNew = t != null && !reused;
		if (isNew) {
			clock.settle(used, t);
			if (queued >= 0 && t.openedNanos >= queued) {
				connect = t.openedNanos - queued;
			}
			if (t.tlsNanos >= t.openedNanos) {
				tls = t.tlsNanos - t.openedNanos;
			}
		}
		// Jetty tells "queued" after putting the request in its queue, so a connection's thread may begin it first:
		// then it waited for nothing
		return new HttpTiming(t != null && reused, queued >= 0 ? Math.max(0, b - queued) : -1, connect, tls,
				since(b, headers),
				since(b, firstByte), since(b, firstContent));
	}

	private static long since(long from, long at) {
		return at < 0 ? -1 : Math.max(0, at - from);
	}
}
