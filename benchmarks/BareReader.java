import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;

/**
 * The cheapest streaming client this machine allows, to measure the floor under the engine's figures:
 * one thread, one NIO selector, one read per readiness, no HTTP library, no JSON, no per-token work. It
 * keeps CONCURRENCY keep-alive connections busy with streaming chat completions (closed loop) until
 * REQUESTS have finished, and records per request the simulator's X-Request-Id and the time from writing
 * the request to reading the first byte of non-empty content. Only for our simulator's exact output
 * (HTTP/1.1, chunked, one event per chunk); not a client for anything else.
 *
 * <pre>java benchmarks/BareReader.java URL CONCURRENCY REQUESTS TTFT_FILE [WARMUP]</pre>
 *
 * Prints one JSON line: requests, seconds, reads, user and system CPU seconds of this process (from
 * /proc, startup excluded); TTFT_FILE gets "request-id ttft-ms" lines for the benchmark to join with the
 * simulator's own timestamps, except for the first WARMUP requests (sent before the REQUESTS, default 0). Every loop is bounded: the run gives up after 120 s.
 */
public final class BareReader {

	private static final byte[] FIRST_CONTENT = "\"content\":\"".getBytes(StandardCharsets.US_ASCII);
	private static final byte[] REQUEST_ID = "X-Request-Id: ".getBytes(StandardCharsets.US_ASCII);
	/** "\n0\r\n\r\n": the end of the last data chunk's CRLF, then the last-chunk marker. */
	private static final long END = 0x0a_30_0d_0a_0d_0aL;
	private static final long GIVE_UP_NANOS = 120_000_000_000L;

	/** What one connection is doing. */
	private static final class Stream {
		long sentNanos;
		boolean firstSeen;
		/** One of the first WARMUP requests: not recorded. */
		boolean warmup;
		String requestId;
		/** The last six bytes read, to see the chunked body's end across reads. */
		long tail;
	}

	public static void main(String[] args) throws IOException {
		if (args.length != 4 && args.length != 5) {
			System.err.println("usage: java BareReader.java URL CONCURRENCY REQUESTS TTFT_FILE [WARMUP]");
			System.exit(2);
		}
		URI url = URI.create(args[0]);
		int concurrency = Integer.parseInt(args[1]);
		int warmup = args.length == 5 ? Integer.parseInt(args[4]) : 0;
		int total = warmup + Integer.parseInt(args[2]);
		String body = "{\"model\":\"deepstress-sim\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello there\"}],"
				+ "\"max_tokens\":128,\"stream\":true,\"stream_options\":{\"include_usage\":true}}";
		byte[] request = ("POST " + url.getPath() + "/chat/completions HTTP/1.1\r\nHost: " + url.getHost() + ":"
				+ url.getPort() + "\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: "
				+ body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
		InetSocketAddress address = new InetSocketAddress(url.getHost(), url.getPort());

		StringBuilder ttfts = new StringBuilder();
		ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
		byte[] bytes = new byte[64 * 1024];
		long[] cpuBefore = cpuTicks();
		long start = System.nanoTime();
		int started = 0;
		int finished = 0;
		long reads = 0;
		try (Selector selector = Selector.open()) {
			for (; started < Math.min(concurrency, total); started++) {
				SocketChannel channel = SocketChannel.open(StandardProtocolFamily.INET);
				channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
				channel.connect(address);
				channel.configureBlocking(false);
				Stream stream = new Stream();
				send(channel, request, stream, started < warmup);
				channel.register(selector, SelectionKey.OP_READ, stream);
			}
			while (finished < total) {
				if (System.nanoTime() - start > GIVE_UP_NANOS) {
					throw new IOException("gave up after 120 s with " + finished + " of " + total + " finished");
				}
				selector.select(1000);
				Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
				while (keys.hasNext()) {
					SelectionKey key = keys.next();
					keys.remove();
					SocketChannel channel = (SocketChannel) key.channel();
					Stream stream = (Stream) key.attachment();
					buffer.clear();
					int n = channel.read(buffer);
					reads++;
					if (n < 0) {
						throw new IOException("the server closed a connection");
					}
					long now = System.nanoTime();
					buffer.flip();
					buffer.get(bytes, 0, n);
					if (stream.requestId == null) {
						stream.requestId = header(bytes, n);
					}
					if (!stream.firstSeen && hasContent(bytes, n)) {
						stream.firstSeen = true;
						if (!stream.warmup) {
							ttfts.append(stream.requestId).append(' ')
									.append(String.format(Locale.ROOT, "%.3f", (now - stream.sentNanos) / 1e6)).append('\n');
						}
					}
					if (ended(stream, bytes, n)) {
						finished++;
						if (started < total) {
							send(channel, request, stream, started < warmup);
							started++;
						} else {
							key.cancel();
							channel.close();
						}
					}
				}
			}
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		long[] cpuAfter = cpuTicks();
		Files.writeString(Path.of(args[3]), ttfts);
		System.out.printf(Locale.ROOT,
				"{\"requests\":%d,\"warmup\":%d,\"seconds\":%.3f,\"reads\":%d,\"user_s\":%.2f,\"system_s\":%.2f}%n",
				finished, warmup, seconds,
				reads, (cpuAfter[0] - cpuBefore[0]) / 100.0, (cpuAfter[1] - cpuBefore[1]) / 100.0);
	}

	private static void send(SocketChannel channel, byte[] request, Stream stream, boolean warmup)
			throws IOException {
		stream.warmup = warmup;
		stream.sentNanos = System.nanoTime();
		stream.firstSeen = false;
		stream.requestId = null;
		stream.tail = 0;
		ByteBuffer out = ByteBuffer.wrap(request);
		for (int i = 0; out.hasRemaining() && i < 1000; i++) {
			channel.write(out);
		}
	}

	/** The X-Request-Id header value if this read holds the response head, else null. */
	private static String header(byte[] bytes, int n) {
		int at = indexOf(bytes, n, REQUEST_ID, 0);
		if (at < 0) {
			return null;
		}
		int from = at + REQUEST_ID.length;
		int to = from;
		while (to < n && bytes[to] != '\r') {
			to++;
		}
		return new String(bytes, from, to - from, StandardCharsets.US_ASCII);
	}

	/** Whether this read holds a delta with non-empty content (the first one is the role's, content ""). */
	private static boolean hasContent(byte[] bytes, int n) {
		for (int at = indexOf(bytes, n, FIRST_CONTENT, 0); at >= 0; at = indexOf(bytes, n, FIRST_CONTENT, at + 1)) {
			int next = at + FIRST_CONTENT.length;
			if (next < n && bytes[next] != '"') {
				return true;
			}
		}
		return false;
	}

	/** Whether the chunked body ended with this read ("\r\n" ending the last data chunk, then "0\r\n\r\n"). */
	private static boolean ended(Stream stream, byte[] bytes, int n) {
		long tail = stream.tail;
		for (int i = 0; i < n; i++) {
			tail = ((tail << 8) | (bytes[i] & 0xff)) & 0xffff_ffff_ffffL;
		}
		stream.tail = tail;
		return tail == END;
	}

	private static int indexOf(byte[] bytes, int n, byte[] what, int from) {
		outer: for (int i = from; i <= n - what.length; i++) {
			for (int j = 0; j < what.length; j++) {
				if (bytes[i + j] != what[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	/** User and system CPU ticks (1/100 s) of this process. */
	private static long[] cpuTicks() throws IOException {
		String stat = Files.readString(Path.of("/proc/self/stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return new long[] { Long.parseLong(fields[11]), Long.parseLong(fields[12]) };
	}
}
