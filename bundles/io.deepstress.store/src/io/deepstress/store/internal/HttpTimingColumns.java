package io.deepstress.store.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

import io.deepstress.core.run.HttpTiming;

/**
 * A request sample's HTTP timing breakdown in its columns ({@code HTTP_REUSED}, {@code HTTP_*_US}; schema 15): all
 * null when the attempt was not timed, a phase null when it was not measured.
 */
final class HttpTimingColumns {

	/** The columns, in the order {@link #bind} sets them. */
	static final String NAMES = "HTTP_REUSED, HTTP_QUEUED_US, HTTP_CONNECT_US, HTTP_TLS_US, HTTP_HEADERS_US,"
			+ " HTTP_FIRST_BYTE_US, HTTP_FIRST_CONTENT_US";
	static final String MARKS = "?, ?, ?, ?, ?, ?, ?";

	private HttpTimingColumns() {
	}

	static void write(RequestSampleEntity e, HttpTiming t) {
		if (t == null) {
			return;
		}
		e.httpReused = t.reused();
		e.httpQueuedMicros = micros(t.queuedNanos());
		e.httpConnectMicros = micros(t.connectNanos());
		e.httpTlsMicros = micros(t.tlsNanos());
		e.httpHeadersMicros = micros(t.headersNanos());
		e.httpFirstByteMicros = micros(t.firstByteNanos());
		e.httpFirstContentMicros = micros(t.firstContentNanos());
	}

	static HttpTiming read(RequestSampleEntity e) {
		if (e.httpReused == null) {
			return null;
		}
		return new HttpTiming(e.httpReused, nanos(e.httpQueuedMicros), nanos(e.httpConnectMicros),
				nanos(e.httpTlsMicros), nanos(e.httpHeadersMicros), nanos(e.httpFirstByteMicros),
				nanos(e.httpFirstContentMicros));
	}

	/** Sets the columns from parameter {@code i} on; returns the next parameter's index. */
	static int bind(PreparedStatement ps, int i, RequestSampleEntity e) throws SQLException {
		// EclipseLink makes a Boolean a SMALLINT on Derby (Derby's network client, unlike the embedded driver,
		// refuses a BOOLEAN parameter there) and a BOOLEAN on PostgreSQL
		boolean derby = ps.getConnection().getMetaData().getDatabaseProductName().contains("Derby");
		if (e.httpReused == null) {
			ps.setNull(i++, derby ? Types.SMALLINT : Types.BOOLEAN);
		} else if (derby) {
			ps.setShort(i++, (short) (e.httpReused ? 1 : 0));
		} else {
			ps.setBoolean(i++, e.httpReused);
		}
		for (Long v : new Long[] { e.httpQueuedMicros, e.httpConnectMicros, e.httpTlsMicros, e.httpHeadersMicros,
				e.httpFirstByteMicros, e.httpFirstContentMicros }) {
			if (v == null) {
				ps.setNull(i++, Types.BIGINT);
			} else {
				ps.setLong(i++, v);
			}
		}
		return i;
	}

	private static Long micros(long nanos) {
		return nanos < 0 ? null : nanos / 1000;
	}

	private static long nanos(Long micros) {
		return micros == null ? -1 : micros * 1000;
	}
}
