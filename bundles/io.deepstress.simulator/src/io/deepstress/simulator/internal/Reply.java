package io.deepstress.simulator.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;

/**
 * Sends one planned answer without holding a thread: each step runs on the answer's {@link Pacer} lane, due at
 * an absolute time counted from the request's arrival, and the next step is scheduled only when the previous
 * asynchronous write has completed. A streamed answer is a sequence of chunks; a non-streamed one is a single
 * step.
 */
final class Reply implements Pacer.Step {

	private final SimulatorServer sim;
	private final Request request;
	private final Response response;
	private final Callback callback;
	private final LiveRecord record;
	private final Plan plan;

	/** When the first token is due; set at admission under a capacity model. */
	private long firstDue;
	private final long itlNanos;
	/** The due time and first token of the last chunk scheduled (gaps are added one by one). */
	private long lastDue;
	private int lastToken;
	/** The capacity model's slots, or null; whether this answer holds one (released once). */
	private final Admission admission;
	private final AtomicBoolean holdsSlot = new AtomicBoolean();
	private final int perChunk;
	private final int reasoningChunks;
	private final int totalChunks;
	private final int totalTokens;
	private final int malformedChunk;

	/** Index of the next chunk to send; touched by one step at a time. */
	private int next;
	private int tokensSent;
	private final AtomicBoolean done = new AtomicBoolean();
	private final Pacer.Lane lane;
	/** What {@link #run()} does when the pacer calls it: set before each scheduling. */
	private Runnable step;
	/** What follows when the current write has completed: set before each write. */
	private Runnable afterWrite;
	/** The callback of every write of this answer (one at a time). */
	private final Callback written = new Callback() {
		@Override
		public void succeeded() {
			afterWrite.run();
		}

		@Override
		public void failed(Throwable failure) {
			fail(failure);
		}

		@Override
		public InvocationType getInvocationType() {
			return InvocationType.NON_BLOCKING;
		}
	};
	private final Runnable scheduleNextChunk = this::scheduleNextChunk;
	/** Encoded parts of the text chunks' events, made at the first one; the buffer they are assembled in. */
	private byte[] contentHead;
	private byte[] reasoningHead;
	private byte[] tail;
	private byte[] eventBytes;
	private ByteBuffer eventBuffer;
	private final Runnable sendNextChunk = this::sendNextChunk;

	Reply(SimulatorServer sim, Request request, Response response, Callback callback, LiveRecord record, Plan plan) {
		this.sim = sim;
		this.request = request;
		this.response = response;
		this.callback = callback;
		this.record = record;
		this.plan = plan;
		this.firstDue = record.arrivalNanos + sim.settings().ttft().toNanos();
		this.lastDue = firstDue;
		this.itlNanos = sim.settings().itl().toNanos();
		this.admission = sim.admission();
		this.perChunk = sim.settings().tokensPerChunk();
		this.reasoningChunks = chunks(plan.reasoningTokens());
		this.totalChunks = reasoningChunks + chunks(plan.outputTokens());
		this.totalTokens = plan.reasoningTokens() + plan.outputTokens();
		this.malformedChunk = totalChunks / 2;
		this.lane = sim.pacer().lane();
	}

	private int chunks(int tokens) {
		return (tokens + perChunk - 1) / perChunk;
	}

	/** Starts sending: headers (and, for chat, the role chunk) now, the rest on schedule. */
	void start() {
		request.addFailureListener(this::fail);
		response.setStatus(200);
		if (!plan.stream()) {
			if (plan.fault() == Fault.STALL) {
				return; // never answers; ends when the client goes away or the connection times out
			}
			if (admission == null) {
				schedule(firstDue + Math.max(0, totalTokens - 1) * itlNanos, this::sendBody);
			} else {
				admission.enter(() -> admitted(() -> schedule(
						firstDue + Math.max(0, totalTokens - 1) * admission.itlNanos(itlNanos), this::sendBody)));
			}
			return;
		}
		record.status = 200;
		response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
		response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
		String first = plan.chat() ? event(plan.roleChunk()) : "";
		write(false, first, admission == null ? scheduleNextChunk
				: () -> admission.enter(() -> admitted(scheduleNextChunk)));
	}

	/**
	 * Under a capacity model: the answer holds a slot now; its first token comes after the TTFT and the prefill
	 * of its prompt, counted from now. An answer that ended while it waited gives the slot back at once.
	 */
	private void admitted(Runnable then) {
		holdsSlot.set(true);
		if (done.get()) {
			release();
			return;
		}
		long now = System.nanoTime();
		firstDue = now + sim.settings().ttft().toNanos()
				+ (long) plan.promptTokens() * admission.model().prefillPerToken().toNanos();
		lastDue = firstDue;
		lastToken = 0;
		then.run();
	}

	private void release() {
		if (admission != null && holdsSlot.compareAndSet(true, false)) {
			admission.leave();
		}
	}

	// ------------------------------------------------------------------------------------------ non-streamed

	private void sendBody() {
		if (done.get()) {
			return;
		}
		if (plan.fault() == Fault.ABORT) {
			abort();
			return;
		}
		String body = plan.body();
		if (plan.fault() == Fault.MALFORMED) {
			body = body.substring(0, body.length() / 2);
		}
		response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
		record.status = 200;
		record.content(System.nanoTime());
		write(true, body, this::succeed);
	}

	// ------------------------------------------------------------------------------------------ streamed

	private void scheduleNextChunk() {
		if (done.get()) {
			return;
		}
		long due;
		if (next < totalChunks) {
			int firstToken = next < reasoningChunks ? next * perChunk
					: plan.reasoningTokens() + (next - reasoningChunks) * perChunk;
			// gap by gap: under a capacity model each gap's ITL depends on the sequences running when it starts
			long itl = admission == null ? itlNanos : admission.itlNanos(itlNanos);
			due = lastDue + (long) (firstToken - lastToken) * itl;
			lastDue = due;
			lastToken = firstToken;
		} else {
			due = totalChunks == 0 ? firstDue : 0; // the end follows the last chunk at once
		}
		schedule(due, sendNextChunk);
	}

	private void sendNextChunk() {
		if (done.get()) {
			return;
		}
		Fault fault = plan.fault();
		if (fault == Fault.ABORT && (tokensSent >= (totalTokens + 1) / 2 || next == totalChunks)) {
			abort();
			return;
		}
		if (fault == Fault.STALL && (tokensSent >= Math.min(2, totalTokens) || next == totalChunks)) {
			return; // nothing more is ever sent, nothing is scheduled
		}
		if (next == totalChunks) {
			sendEnd();
			return;
		}
		int chunk = next++;
		boolean reasoning = chunk < reasoningChunks;
		int from;
		int to;
		if (reasoning) {
			from = chunk * perChunk;
			to = Math.min(plan.reasoningTokens(), from + perChunk);
		} else {
			int offset = plan.reasoningTokens();
			from = offset + (chunk - reasoningChunks) * perChunk;
			to = offset + Math.min(plan.outputTokens(), from - offset + perChunk);
		}
		tokensSent += to - from;
		if (fault == Fault.MALFORMED && chunk == malformedChunk) {
			record.content(System.nanoTime());
			write(false, event(plan.brokenChunk()), scheduleNextChunk);
			return;
		}
		ByteBuffer event = textEvent(reasoning, sim.chunkText(from, to));
		record.content(System.nanoTime());
		afterWrite = scheduleNextChunk;
		response.write(false, event, written);
	}

	/**
	 * The event of a chunk of text, {@code data: } + {@link Plan#textChunk} + two newlines, UTF-8, assembled from
	 * bytes encoded once per answer (head and tail) or once per simulator (the quoted text) in a buffer of this
	 * answer: a write has completed before the next one is assembled.
	 */
	private ByteBuffer textEvent(boolean reasoning, byte[] quotedText) {
		if (contentHead == null) {
			contentHead = utf8("data: " + plan.textChunkHead(false));
			reasoningHead = reasoningChunks > 0 ? utf8("data: " + plan.textChunkHead(true)) : null;
			tail = utf8(plan.textChunkTail() + "\n\n");
		}
		byte[] head = reasoning ? reasoningHead : contentHead;
		int length = head.length + quotedText.length + tail.length;
		if (eventBytes == null || eventBytes.length < length) {
			eventBytes = new byte[Math.max(length, 256)];
			eventBuffer = ByteBuffer.wrap(eventBytes);
		}
		System.arraycopy(head, 0, eventBytes, 0, head.length);
		System.arraycopy(quotedText, 0, eventBytes, head.length, quotedText.length);
		System.arraycopy(tail, 0, eventBytes, head.length + quotedText.length, tail.length);
		eventBuffer.limit(length).position(0);
		return eventBuffer;
	}

	private static byte[] utf8(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	private void sendEnd() {
		StringBuilder sb = new StringBuilder(512);
		if (plan.fault() == Fault.MALFORMED && totalChunks == 0) {
			sb.append(event(plan.brokenChunk()));
		}
		sb.append(event(plan.finishChunk()));
		if (plan.includeUsage()) {
			sb.append(event(plan.usageChunk()));
		}
		sb.append("data: [DONE]\n\n");
		write(true, sb.toString(), this::succeed);
	}

	private static String event(String data) {
		return "data: " + data + "\n\n";
	}

	// ------------------------------------------------------------------------------------------ plumbing

	private void schedule(long dueNanos, Runnable next) {
		step = next;
		try {
			lane.schedule(dueNanos, this);
		} catch (RuntimeException e) { // rejected: the simulator is closing
			fail(e);
		}
	}

	/** Called by the pacer when the scheduled step is due. */
	@Override
	public void run() {
		step.run();
	}

	@Override
	public void failed(Throwable failure) {
		fail(failure);
	}

	private void write(boolean last, String text, Runnable then) {
		afterWrite = then;
		response.write(last, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), written);
	}

	private void succeed() {
		if (done.compareAndSet(false, true)) {
			record.end(System.nanoTime());
			release();
			callback.succeeded();
		}
	}

	private void fail(Throwable failure) {
		if (done.compareAndSet(false, true)) {
			record.end(System.nanoTime()); // a step still scheduled finds the answer done and does nothing
			release();
			callback.failed(failure);
		}
	}

	/** Cuts the connection without finishing the response: the client sees a truncated answer. */
	private void abort() {
		if (done.compareAndSet(false, true)) {
			record.end(System.nanoTime());
			release();
			IOException cause = new IOException("simulated abort");
			EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
			endPoint.close(cause);
			callback.failed(cause);
		}
	}
}
