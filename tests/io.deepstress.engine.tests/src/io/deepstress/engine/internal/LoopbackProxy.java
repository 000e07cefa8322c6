package io.deepstress.engine.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A minimal HTTP proxy on 127.0.0.1 for the tests: {@code CONNECT host:port} opens a tunnel (https targets),
 * an absolute-form request ({@code POST http://host:port/...}) is passed on to that host as it is (http
 * targets). Each request line it saw is kept.
 */
final class LoopbackProxy implements AutoCloseable {

	final List<String> requestLines = new CopyOnWriteArrayList<>();
	private final ServerSocket server;
	private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
		Thread t = new Thread(r, "loopback-proxy");
		t.setDaemon(true);
		return t;
	});

	LoopbackProxy() throws IOException {
		server = new ServerSocket();
		server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
		threads.execute(() -> {
			while (!server.isClosed()) {
				try {
					Socket client = server.accept();
					threads.execute(() -> serve(client));
				} catch (IOException e) {
					return;
				}
			}
		});
	}

	String address() {
		return "127.0.0.1:" + server.getLocalPort();
	}

	private void serve(Socket client) {
		try (client) {
			InputStream in = client.getInputStream();
			byte[] head = readHead(in);
			String text = new String(head, StandardCharsets.ISO_8859_1);
			String line = text.substring(0, text.indexOf("\r\n"));
			requestLines.add(line);
			String[] parts = line.split(" ");
			String host;
			int port;
			boolean connect = parts[0].equals("CONNECT");
			if (connect) {
				host = parts[1].substring(0, parts[1].lastIndexOf(':'));
				port = Integer.parseInt(parts[1].substring(parts[1].lastIndexOf(':') + 1));
			} else {
				URI uri = URI.create(parts[1]);
				host = uri.getHost();
				port = uri.getPort();
			}
			if (!InetAddress.getByName(host).isLoopbackAddress()) {
				client.getOutputStream().write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n".getBytes());
				return;
			}
			try (Socket upstream = new Socket(host, port)) {
				if (connect) {
					client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes());
					client.getOutputStream().flush();
				} else {
					upstream.getOutputStream().write(head);
				}
				Thread back = new Thread(() -> pipe(upstream, client), "loopback-proxy-back");
				back.setDaemon(true);
				back.start();
				pipe(client, upstream);
				back.join(10_000);
			}
		} catch (Exception e) {
			// a side closed: the exchange is over
		}
	}

	private static void pipe(Socket from, Socket to) {
		try {
			InputStream in = from.getInputStream();
			OutputStream out = to.getOutputStream();
			byte[] buffer = new byte[16 * 1024];
			int n;
			while ((n = in.read(buffer)) >= 0) {
				out.write(buffer, 0, n);
				out.flush();
			}
			to.shutdownOutput();
		} catch (IOException e) {
			// closed
		}
	}

	private static byte[] readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		while (matched < 4) {
			int c = in.read();
			if (c < 0) {
				throw new IOException("closed before the end of the request head");
			}
			head.write(c);
			matched = (c == '\r' && (matched == 0 || matched == 2)) || (c == '\n' && (matched == 1 || matched == 3))
					? matched + 1 : (c == '\r' ? 1 : 0);
		}
		return head.toByteArray();
	}

	@Override
	public void close() throws IOException {
		server.close();
		threads.shutdownNow();
	}
}
