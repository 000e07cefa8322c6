package io.deepstress.engine.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP/1.1 server that answers each request with exactly the bytes a test script writes, with
 * pauses and flushes where the script wants them: the way to send byte-exact, badly split or broken
 * streams. Each connection serves one request and is then closed.
 */
final class ScriptedServer implements AutoCloseable {

	/** Writes one response. {@code n} is the 0-based number of the request. */
	interface Script {
		void respond(Connection c, int n) throws Exception;
	}

	/** The request as received, and the socket to answer on. */
	static final class Connection {
		final String head;
		final String body;
		private final OutputStream out;
		private final Socket socket;

		Connection(String head, String body, Socket socket) throws IOException {
			this.head = head;
			this.body = body;
			this.socket = socket;
			this.out = socket.getOutputStream();
		}

		Connection write(String s) throws IOException {
			return write(s.getBytes(StandardCharsets.UTF_8));
		}

		Connection write(byte[] b) throws IOException {
			out.write(b);
			out.flush();
			return this;
		}

		Connection pause(long millis) throws InterruptedException {
			Thread.sleep(millis);
			return this;
		}

		/** Writes a text/event-stream response head; the body then ends when the connection closes. */
		Connection sseHead() throws IOException {
			return write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n");
		}

		/** A complete response with a body and its length. */
		Connection respond(int status, String reason, String contentType, String body, String... headers)
				throws IOException {
			byte[] b = body.getBytes(StandardCharsets.UTF_8);
			StringBuilder h = new StringBuilder("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: " + contentType
					+ "\r\nContent-Length: " + b.length + "\r\nConnection: close\r\n");
			for (String header : headers) {
				h.append(header).append("\r\n");
			}
			write(h.append("\r\n").toString());
			return write(b);
		}

		boolean closed() {
			return socket.isClosed();
		}

		/** Whether the client has gone: a read returns end of stream or fails. */
		boolean clientGone() {
			try {
				socket.setSoTimeout(1);
				return socket.getInputStream().read() < 0;
			} catch (java.net.SocketTimeoutException e) {
				return false;
			} catch (IOException e) {
				return true;
			}
		}
	}

	private final ServerSocket server;
	private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
		Thread t = new Thread(r, "scripted-server");
		t.setDaemon(true);
		return t;
	});
	private final AtomicInteger count = new AtomicInteger();
	final List<String> bodies = new CopyOnWriteArrayList<>();
	final List<Long> arrivals = new CopyOnWriteArrayList<>();

	ScriptedServer(Script script) throws IOException {
		server = new ServerSocket();
		server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
		threads.execute(() -> {
			while (!server.isClosed()) {
				try {
					Socket socket = server.accept();
					threads.execute(() -> serve(socket, script));
				} catch (IOException e) {
					return;
				}
			}
		});
	}

	private void serve(Socket socket, Script script) {
		try (socket) {
			socket.setTcpNoDelay(true);
			InputStream in = socket.getInputStream();
			String head = readHead(in);
			int length = 0;
			for (String line : head.split("\r\n")) {
				if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
					length = Integer.parseInt(line.substring(15).trim());
				}
			}
			String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
			arrivals.add(System.nanoTime());
			bodies.add(body);
			script.respond(new Connection(head, body, socket), count.getAndIncrement());
		} catch (Exception e) {
			// the client went away or the script ended the connection: nothing to do
		}
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int state = 0;
		while (state < 4) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("client closed before the request head ended");
			}
			head.write(b);
			state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
		}
		return head.toString(StandardCharsets.UTF_8);
	}

	int port() {
		return server.getLocalPort();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + port() + "/v1";
	}

	int requests() {
		return count.get();
	}

	@Override
	public void close() throws IOException {
		server.close();
		threads.shutdownNow();
		try {
			threads.awaitTermination(5, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
