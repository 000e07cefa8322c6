package io.deepstress.servermetrics.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 server on 127.0.0.1 for the scraper's failure cases: it answers every request with what
 * {@link Behaviour} says (a body, a slow trickle, a huge body), one connection at a time, {@code Connection: close}.
 */
final class LoopbackServer implements AutoCloseable {

	/** What the server does with a request. */
	interface Behaviour {
		void answer(OutputStream out) throws IOException, InterruptedException;
	}

	private final ServerSocket socket;
	private final Thread thread;
	final AtomicInteger requests = new AtomicInteger();
	volatile Behaviour behaviour;

	LoopbackServer(Behaviour behaviour) throws IOException {
		this.behaviour = behaviour;
		this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.thread = new Thread(this::serve, "loopback-metrics-server");
		thread.setDaemon(true);
		thread.start();
	}

	URI url() {
		return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/metrics");
	}

	private void serve() {
		while (!socket.isClosed()) {
			try (Socket s = socket.accept()) {
				s.setSoTimeout(5000);
				readHead(s.getInputStream());
				requests.incrementAndGet();
				behaviour.answer(s.getOutputStream());
				s.getOutputStream().flush();
			} catch (IOException | InterruptedException e) {
				// the client went away or the server closes
			}
		}
	}

	private static void readHead(InputStream in) throws IOException {
		int state = 0;
		while (state < 4) {
			int c = in.read();
			if (c < 0) {
				throw new IOException("closed");
			}
			state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
		}
	}

	/** A 200 answer with {@code body}. */
	static Behaviour text(String body) {
		return out -> {
			byte[] b = body.getBytes(StandardCharsets.UTF_8);
			out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: " + b.length
					+ "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.write(b);
		};
	}

	/** Headers at once, then a line every {@code gapMillis} for {@code lines} lines. */
	static Behaviour slow(int lines, long gapMillis) {
		return out -> {
			out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n"
					.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			for (int i = 0; i < lines; i++) {
				out.write(("slow_metric{i=\"" + i + "\"} 1\n").getBytes(StandardCharsets.US_ASCII));
				out.flush();
				Thread.sleep(gapMillis);
			}
		};
	}

	/** A valid text of {@code megabytes} MB. */
	static Behaviour huge(int megabytes) {
		return out -> {
			long size = megabytes * 1_000_000L;
			out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + size
					+ "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			byte[] line = "big_metric{x=\"0123456789012345678901234567890123456789\"} 1\n".getBytes(StandardCharsets.US_ASCII);
			long written = 0;
			while (written + line.length <= size) {
				out.write(line);
				written += line.length;
			}
			while (written < size) {
				out.write('\n');
				written++;
			}
		};
	}

	@Override
	public void close() throws IOException {
		socket.close();
	}
}
