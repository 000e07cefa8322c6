package io.deepstress.gpu.ssh.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stdout of the remote {@code nvidia-smi}: JSch's session thread writes the bytes as they arrive; this
 * cuts them into lines stamped with their arrival time and queues them for the source's thread.
 * {@link #close()} (end of the channel's output) queues {@link #END}. Overlong lines are cut and queued
 * anyway (the parser then rejects them); when the reader falls behind by more than {@link #MAX_QUEUED}
 * lines, new lines are dropped and counted.
 */
final class LineSink extends OutputStream {

	/** A line of output with its arrival time. */
	record Line(String text, long epochMillis) {
	}

	/** Queued once, after the last line. */
	static final Line END = new Line("", 0);

	static final int MAX_LINE = 4096;
	static final int MAX_QUEUED = 10_000;

	private final BlockingQueue<Line> queue = new LinkedBlockingQueue<>();
	private final ByteArrayOutputStream current = new ByteArrayOutputStream(256);
	private final AtomicLong dropped = new AtomicLong();
	private boolean closed;

	BlockingQueue<Line> queue() {
		return queue;
	}

	/** Lines dropped because the reader fell behind, since the last call. */
	long takeDropped() {
		return dropped.getAndSet(0);
	}

	@Override
	public void write(int b) {
		write(new byte[] { (byte) b }, 0, 1);
	}

	@Override
	public synchronized void write(byte[] b, int off, int len) {
		if (closed) {
			return;
		}
		long now = System.currentTimeMillis();
		int end = off + len;
		for (int i = off; i < end; i++) {
			byte c = b[i];
			if (c == '\n') {
				emit(now);
			} else if (c != '\r' && current.size() < MAX_LINE) {
				current.write(c);
			}
		}
	}

	private void emit(long now) {
		String text = current.toString(StandardCharsets.UTF_8);
		current.reset();
		if (queue.size() >= MAX_QUEUED) {
			dropped.incrementAndGet();
			return;
		}
		queue.add(new Line(text, now));
	}

	@Override
	public synchronized void close() {
		if (closed) {
			return;
		}
		if (current.size() > 0) {
			emit(System.currentTimeMillis());
		}
		closed = true;
		queue.add(END);
	}

	/** Keeps the end of stderr, for error messages. */
	static final class Tail extends OutputStream {

		private static final int MAX = 2048;
		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		@Override
		public void write(int b) {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public synchronized void write(byte[] b, int off, int len) {
			bytes.write(b, off, len);
			if (bytes.size() > 2 * MAX) {
				byte[] all = bytes.toByteArray();
				bytes.reset();
				bytes.write(all, all.length - MAX, MAX);
			}
		}

		/** The last non-blank lines (at most 300 characters), or "". */
		synchronized String text() {
			String s = bytes.toString(StandardCharsets.UTF_8).strip();
			String[] lines = s.split("\\R");
			StringBuilder out = new StringBuilder();
			for (int i = lines.length - 1; i >= 0 && out.length() < 300; i--) {
				String line = lines[i].strip();
				if (!line.isEmpty()) {
					out.insert(0, out.length() == 0 ? line : line + " | ");
				}
			}
			return out.length() > 300 ? "…" + out.substring(out.length() - 300) : out.toString();
		}
	}
}
