package io.deepstress.engine.internal;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import io.deepstress.core.run.ErrorKind;

/** Maps what Jetty reports to an {@link ErrorKind} and a readable message. */
final class Failures {

	private Failures() {
	}

	record Classified(ErrorKind kind, String message) {
	}

	/**
	 * @param failure         what failed
	 * @param responseStarted whether response headers had arrived (then a closed connection is a
	 *                        truncated response, not a connection failure)
	 * @param secure whether the request went over TLS: then a connection closed before any response can be
	 *               the handshake failing (Jetty reports either the {@link SSLException} or, when the
	 *               endpoint closed first, only a closed channel), and the message says so
	 */
	static Classified classify(Throwable failure, boolean responseStarted, boolean secure) {
		for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof AttemptFailure a) {
				return new Classified(a.kind, a.getMessage());
			}
		}
		for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
			String local = localResource(t);
			if (local != null) {
				return new Classified(ErrorKind.CLIENT, local);
			}
		}
		Throwable root = failure;
		for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
			root = t;
			if (t instanceof TimeoutException) {
				return new Classified(ErrorKind.TIMEOUT_TOTAL, "no complete response within the total timeout ("
						+ message(t) + ")");
			}
			if (t instanceof SocketTimeoutException) {
				return new Classified(responseStarted ? ErrorKind.TIMEOUT_TOTAL : ErrorKind.TIMEOUT_CONNECT,
						responseStarted ? "read timed out: " + message(t) : "could not connect in time: " + message(t));
			}
			if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
				return new Classified(ErrorKind.CONNECT, "unknown host: " + message(t));
			}
			if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
				return new Classified(ErrorKind.CONNECT, "connection failed: " + message(t));
			}
			if (t instanceof SSLException) {
				return new Classified(ErrorKind.CONNECT, "TLS failure: " + message(t));
			}
		}
		if (responseStarted && (root instanceof EOFException || root instanceof ClosedChannelException
				|| root instanceof java.io.IOException)) {
			return new Classified(ErrorKind.PROTOCOL, "the connection closed after the response headers, before the"
					+ " response was complete (" + describe(root) + ")");
		}
		String what = describe(root);
		if (secure && (root instanceof EOFException || root instanceof ClosedChannelException)) {
			return new Classified(ErrorKind.CONNECT, "TLS connection closed before any response (" + what
					+ "); if the server speaks plain HTTP, use an http:// URL");
		}
		return new Classified(ErrorKind.CONNECT, what);
	}

	/**
	 * What a failure of this machine's own resources says, or null: the process ran out of file handles ("Too many
	 * open files", EMFILE/ENFILE) or of local ports ("Cannot assign requested address", EADDRNOTAVAIL). Such a
	 * failure is the client's, not the server's.
	 */
	static String localResource(Throwable t) {
		String m = t.getMessage();
		if (m == null) {
			return null;
		}
		if (m.contains("Too many open files")) {
			return "this machine ran out of file handles (Too many open files): the client's limit, not the server's;"
					+ " raise it with 'ulimit -n' before starting (see 'ulimit -Hn' for the most allowed)";
		}
		if (m.contains("Cannot assign requested address")) {
			return "this machine ran out of local ports (Cannot assign requested address): the client's limit, not the"
					+ " server's; fewer connections, or a wider net.ipv4.ip_local_port_range";
		}
		return null;
	}

	/**
	 * The exception's class and message, without Jetty's object dumps: a closed connection's message can be
	 * the connection's own toString ({@code HttpConnectionOverHTTP@41c31197::SocketChannelEndPoint@...}),
	 * which says nothing to a user.
	 */
	static String describe(Throwable t) {
		String m = t.getMessage();
		boolean internals = m != null && (INTERNALS.matcher(m).find() || m.contains("::"));
		return t.getClass().getSimpleName() + (m == null || m.isBlank() || internals ? "" : ": " + m);
	}

	/** An object identity as Java's default toString writes it: {@code Name@1a2b3c4d}. */
	private static final java.util.regex.Pattern INTERNALS = java.util.regex.Pattern.compile("[A-Za-z$]@[0-9a-f]{4,}");

	private static String message(Throwable t) {
		return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
	}
}
