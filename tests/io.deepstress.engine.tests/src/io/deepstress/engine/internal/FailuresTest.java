package io.deepstress.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.nio.channels.ClosedChannelException;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import io.deepstress.core.run.ErrorKind;

/** The failure classification Jetty's reports go through, for the cases a live server makes racy. */
class FailuresTest {

	@Test
	void aClosedChannelOverTlsBeforeAnyResponseNamesTls() {
		// Jetty reports the handshake failure or, when the endpoint closed first, only the closed channel
		Failures.Classified closed = Failures.classify(new ClosedChannelException(), false, true);
		assertEquals(ErrorKind.CONNECT, closed.kind());
		assertTrue(closed.message().contains("TLS") && closed.message().contains("http://"), closed.message());
		Failures.Classified handshake = Failures.classify(
				new RuntimeException(new SSLHandshakeException("Unsupported or unrecognized SSL message")), false, true);
		assertEquals(ErrorKind.CONNECT, handshake.kind());
		assertTrue(handshake.message().startsWith("TLS failure"), handshake.message());
	}

	@Test
	void aClosedChannelOverPlainHttpDoesNotBlameTls() {
		Failures.Classified c = Failures.classify(new EOFException(), false, false);
		assertEquals(ErrorKind.CONNECT, c.kind());
		assertFalse(c.message().contains("TLS"), c.message());
	}

	@Test
	void aClosedChannelAfterTheHeadersIsATruncatedResponseEvenOverTls() {
		Failures.Classified c = Failures.classify(new ClosedChannelException(), true, true);
		assertEquals(ErrorKind.PROTOCOL, c.kind());
	}
}
