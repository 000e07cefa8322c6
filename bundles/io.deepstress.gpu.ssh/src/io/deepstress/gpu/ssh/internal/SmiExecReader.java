package io.deepstress.gpu.ssh.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuSourceState.Status;
import io.deepstress.gpu.smi.NvidiaSmi;
import io.deepstress.gpu.smi.NvidiaSmiBatcher;

/**
 * The reading side of an SSH GPU source: runs {@code nvidia-smi ... -lms N} in one exec channel of a connected
 * session and turns its output into batches ({@link NvidiaSmiBatcher}: lines → batches → samples, handed to
 * {@link SshSourceState#deliver}). It returns when the command ends, the connection drops, the output stops
 * for the read timeout, or the source closes; nvidia-smi missing on the host (exit 127/126) is an
 * {@link SshFailure}. One reader per source; its batcher keeps the host's GPUs known across reconnects.
 */
final class SmiExecReader {

	private final GpuHost host;
	private final long intervalMillis;
	private final SshSettings settings;
	private final SshSourceState state;
	private final BooleanSupplier closed;
	private final String target;
	private final NvidiaSmiBatcher batcher;

	private volatile ChannelExec channel;

	SmiExecReader(GpuHost host, long intervalMillis, SshSettings settings, SshSourceState state,
			BooleanSupplier closed) {
		this.host = host;
		this.intervalMillis = intervalMillis;
		this.settings = settings;
		this.state = state;
		this.closed = closed;
		this.target = SshLogin.target(host);
		long gapMillis = Math.clamp(intervalMillis / 4, 20, 250);
		this.batcher = new NvidiaSmiBatcher(host.sampleHost(), Duration.ofMillis(gapMillis), state::deliver);
	}

	/**
	 * Runs nvidia-smi in one exec channel of {@code session} until it ends, the connection drops or the
	 * source is closed.
	 *
	 * @return why it stopped (for the RECONNECTING message)
	 */
	String stream(Session session) throws SshFailure, JSchException, InterruptedException {
		ChannelExec ch = (ChannelExec) session.openChannel("exec");
		LineSink out = new LineSink();
		LineSink.Tail err = new LineSink.Tail();
		ch.setCommand(NvidiaSmi.commandLine(host.command(), intervalMillis));
		ch.setInputStream(null);
		ch.setOutputStream(out);
		ch.setErrStream(err, true);
		channel = ch;
		if (closed.getAsBoolean()) {
			return "closed";
		}
		try {
			ch.connect((int) settings.connectTimeout().toMillis());
			return read(session, ch, out, err);
		} finally {
			ch.disconnect();
			channel = null;
		}
	}

	/** Ends the running channel, if any (the source closes). */
	void disconnect() {
		ChannelExec ch = channel;
		if (ch != null) {
			ch.disconnect();
		}
	}

	private String read(Session s, ChannelExec ch, LineSink out, LineSink.Tail err)
			throws SshFailure, InterruptedException {
		long readTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(settings.readTimeoutMillis(intervalMillis));
		long lastData = System.nanoTime();
		batcher.clearDriverFailure();
		while (!closed.getAsBoolean()) {
			long wait = Math.min(batcher.nanosToQuiet(System.nanoTime()), TimeUnit.SECONDS.toNanos(1));
			LineSink.Line line = out.queue().poll(wait, TimeUnit.NANOSECONDS);
			long now = System.nanoTime();
			long dropped = out.takeDropped();
			if (dropped > 0) {
				state.skipped(dropped);
			}
			if (line == null) {
				batcher.quiet(now);
				if (!s.isConnected()) {
					return "connection to " + target + " lost";
				}
				if (ch.isClosed()) {
					break;
				}
				if (now - lastData > readTimeoutNanos) {
					s.disconnect();
					return "no output from nvidia-smi on " + target + " for "
							+ SshGpuSource.seconds(TimeUnit.NANOSECONDS.toMillis(readTimeoutNanos));
				}
				continue;
			}
			if (line == LineSink.END) {
				break;
			}
			lastData = now;
			switch (batcher.accept(line.text(), line.epochMillis(), now)) {
			case SKIPPED, DRIVER_FAILURE -> state.skipped(1);
			case SAMPLE, BLANK -> {
				// batched, or not counted
			}
			}
		}
		if (closed.getAsBoolean()) {
			batcher.discard();
			return "closed";
		}
		batcher.flush();
		return exit(s, ch, err);
	}

	/** Why the command ended, from its exit status (which arrives with, or just before, the channel's close). */
	private String exit(Session s, ChannelExec ch, LineSink.Tail err) throws SshFailure, InterruptedException {
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
		while (!ch.isClosed() && System.nanoTime() - end < 0 && !closed.getAsBoolean()) {
			Thread.sleep(20);
		}
		int exit = ch.getExitStatus();
		String stderr = err.text();
		if (stderr.isEmpty() && batcher.driverFailure() != null) {
			stderr = batcher.driverFailure(); // some versions print it on stdout
		}
		if (exit == 127 || exit == 126) {
			throw new SshFailure(Status.UNAVAILABLE,
					(exit == 127 ? "nvidia-smi not found on " : "nvidia-smi cannot run on ") + host.hostname()
							+ " (exit " + exit + ")" + (stderr.isEmpty() ? "" : ": " + stderr));
		}
		if (exit < 0 || !s.isConnected()) {
			// no exit status: the connection went away under the command
			s.disconnect();
			return "connection to " + target + " lost";
		}
		return "nvidia-smi on " + host.hostname() + " ended with exit status " + exit
				+ (stderr.isEmpty() ? "" : ": " + stderr);
	}
}
