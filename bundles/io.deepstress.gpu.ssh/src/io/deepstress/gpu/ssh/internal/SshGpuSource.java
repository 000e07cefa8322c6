package io.deepstress.gpu.ssh.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuSource;
import io.deepstress.core.gpu.GpuSourceListener;
import io.deepstress.core.gpu.GpuSourceState;
import io.deepstress.core.gpu.GpuSourceState.Status;

/**
 * One SSH host: one thread that connects ({@link SshLogin}: JSch session, authentication, host keys), reads
 * ({@link SmiExecReader}: nvidia-smi in an exec channel, lines → batches → samples), and reconnects with
 * exponential backoff when the connection drops or the command ends. What retrying cannot fix
 * ({@link SshFailure}: authentication refused, host key unknown and not confirmed, or changed, missing
 * secret or key: {@link Status#FAILED}; nvidia-smi not found on the remote: {@link Status#UNAVAILABLE}) ends
 * the thread.
 * <p>
 * Threads: this source's worker thread plus JSch's reader thread of the session; both end on
 * {@link #close()}.
 */
final class SshGpuSource implements GpuSource {

	private static final System.Logger LOG = System.getLogger(SshGpuSource.class.getName());

	private final SshGpuProvider provider;
	private final GpuHost host;
	private final SshSettings settings;
	private final String target;
	private final SshSourceState state;
	private final SmiExecReader reader;
	private final Thread worker;
	private final AtomicBoolean closed = new AtomicBoolean();

	private volatile Session session;

	SshGpuSource(SshGpuProvider provider, GpuHost host, long intervalMillis, GpuSourceListener listener) {
		this.provider = provider;
		this.host = host;
		this.settings = provider.settings();
		this.target = SshLogin.target(host);
		this.state = new SshSourceState(host, listener);
		this.reader = new SmiExecReader(host, intervalMillis, settings, state, closed::get);
		this.worker = new Thread(this::run, "deepstress-gpu-ssh " + host.name());
		this.worker.setDaemon(true);
	}

	void start() {
		state.set(Status.STARTING, "connecting to " + target);
		worker.start();
	}

	@Override
	public GpuHost host() {
		return host;
	}

	@Override
	public GpuSourceState state() {
		return state.state();
	}

	@Override
	public void close() {
		if (!closed.compareAndSet(false, true)) {
			return;
		}
		worker.interrupt();
		disconnect();
		try {
			worker.join(5000);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		disconnect(); // in case the worker connected while being stopped
		provider.closed(this);
		state.set(Status.STOPPED, null);
	}

	boolean isClosed() {
		return closed.get();
	}

	Thread worker() {
		return worker;
	}

	private void run() {
		long backoff = settings.backoffMin().toMillis();
		try {
			while (!closed.get()) {
				String reason;
				long before = state.samples();
				try {
					Session s = session;
					if (s == null || !s.isConnected()) {
						disconnect();
						s = connect();
					}
					reason = reader.stream(s);
				} catch (SshFailure f) {
					disconnect();
					if (!closed.get()) {
						LOG.log(Level.WARNING, "GPU host {0}: {1}", host.name(), f.getMessage());
						state.set(f.status(), f.getMessage());
					}
					return;
				} catch (JSchException | IOException | RuntimeException e) {
					disconnect();
					reason = "cannot connect to " + target + ": " + SshLogin.describe(e);
				}
				if (closed.get()) {
					return;
				}
				if (state.samples() > before) {
					backoff = settings.backoffMin().toMillis();
				}
				state.set(Status.RECONNECTING, reason + "; retrying in " + seconds(backoff));
				LOG.log(Level.INFO, "GPU host {0}: {1}", host.name(), state.message());
				if (!pause(backoff)) {
					return;
				}
				backoff = Math.min(backoff * 2, settings.backoffMax().toMillis());
			}
		} catch (InterruptedException e) {
			// closed
		} finally {
			disconnect();
		}
	}

	private Session connect() throws SshFailure, JSchException, IOException {
		Session s = new SshLogin(host, settings, provider.secretStore(), provider.hostKeyConfirmer())
				.connect(created -> {
					session = created;
					return !closed.get();
				});
		LOG.log(Level.DEBUG, "GPU host {0}: connected to {1}", host.name(), target);
		return s;
	}

	private boolean pause(long millis) throws InterruptedException {
		long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
		while (!closed.get()) {
			long left = end - System.nanoTime();
			if (left <= 0) {
				return true;
			}
			TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(250)));
		}
		return false;
	}

	/** A delay as people say it: "2 s", "0.5 s". */
	static String seconds(long millis) {
		return millis % 1000 == 0 ? millis / 1000 + " s" : String.format("%.1f s", millis / 1000.0);
	}

	private void disconnect() {
		reader.disconnect();
		Session s = session;
		if (s != null) {
			s.disconnect();
		}
	}
}
