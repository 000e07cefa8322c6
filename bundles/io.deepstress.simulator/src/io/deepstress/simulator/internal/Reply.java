package io.deepstress.simulator.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;

/**
 * Sends one planned answer without holding a thread: each step is a task on the shared scheduler, due at an
 * absolute time counted from the request's arrival, and the next step is scheduled only when the previous
 * asynchronous write has completed. A streamed answer is a sequence of chunks; a non-streamed one is a single
 * step.
 */
final class Reply {

	private final SimulatorServer sim;
	private final Request request;
	private final Response response;
	private final Callback callback;
	private final LiveRecord record;
	private final Plan plan;

	private final long firstDue;
	private final long itlNanos;
	private final int perChunk;
	private final int reasoningChunks;
	private final int totalChunks;
	private final int totalTokens;
	private final int malformedChunk;

	/** Index of the next chunk to send; touched by one step at a time. */
	private int next;
	private int tokensSent;
	private final AtomicBoolean done = new AtomicBoolean();
	private volatile ScheduledFuture<?> pending;

	Reply(SimulatorServer sim, Request request, Response response, Callback callback, LiveRecord record, Plan plan) {
		this.sim = sim;
		this.request = request;
		this.response = response;
		this.callback = callback;
		this.record = record;
		this.plan = plan;
		this.firstDue = record.arrivalNanos + sim.settings().ttft().toNanos();
		this.itlNanos = sim.settings().itl().toNanos();
		this.perChunk = sim.settings().tokensPerChunk();
		this.reasoningChunks = chunks(plan.reasoningTokens());
		this.totalChunks = reasoningChunks + chunks(plan.outputTokens());
		this.totalTokens = plan.reasoningTokens() + plan.outputTokens();
		this.malformedChunk = totalChunks / 2;
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
			schedule(firstDue + Math.max(0, totalTokens - 1) * itlNanos, this::sendBody);
			return;
		}
		record.status = 200;
		response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
		response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
		String first = plan.chat() ? event(plan.roleChunk()) : "";
		write(false, first, this::scheduleNextChunk);
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
			due = firstDue + firstToken * itlNanos;
		} else {
			due = totalChunks == 0 ? firstDue : 0; // the end follows the last chunk at once
		}
		schedule(due, this::sendNextChunk);
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
		String data;
		if (chunk < reasoningChunks) {
			int from = chunk * perChunk;
			int to = Math.min(plan.reasoningTokens(), from + perChunk);
			tokensSent += to - from;
			data = plan.textChunk(Tokens.tokens(from, to), true);
		} else {
			int from = (chunk - reasoningChunks) * perChunk;
			int to = Math.min(plan.outputTokens(), from + perChunk);
			tokensSent += to - from;
			int offset = plan.reasoningTokens();
			data = plan.textChunk(Tokens.tokens(offset + from, offset + to), false);
		}
		if (fault == Fault.MALFORMED && chunk == malformedChunk) {
			data = plan.brokenChunk();
		}
		record.content(System.nanoTime());
		write(false, event(data), this::scheduleNextChunk);
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

	private void schedule(long dueNanos, Runnable step) {
		long delay = dueNanos - System.nanoTime();
		try {
			pending = sim.scheduler().schedule(() -> {
				try {
					step.run();
				} catch (RuntimeException e) {
					fail(e);
				}
			}, Math.max(0, delay), TimeUnit.NANOSECONDS);
		} catch (RuntimeException e) { // rejected: the simulator is closing
			fail(e);
		}
	}

	private void write(boolean last, String text, Runnable then) {
		ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
		response.write(last, buffer, Callback.from(InvocationType.NON_BLOCKING, then, this::fail));
	}

	private void succeed() {
		if (done.compareAndSet(false, true)) {
			record.end(System.nanoTime());
			callback.succeeded();
		}
	}

	private void fail(Throwable failure) {
		if (done.compareAndSet(false, true)) {
			record.end(System.nanoTime());
			ScheduledFuture<?> p = pending;
			if (p != null) {
				p.cancel(false);
			}
			callback.failed(failure);
		}
	}

	/** Cuts the connection without finishing the response: the client sees a truncated answer. */
	private void abort() {
		if (done.compareAndSet(false, true)) {
			record.end(System.nanoTime());
			IOException cause = new IOException("simulated abort");
			EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
			endPoint.close(cause);
			callback.failed(cause);
		}
	}
}
