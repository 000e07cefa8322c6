package io.deepstress.gpu.ssh.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.Identity;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import com.jcraft.jsch.KeyPair;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.UIKeyboardInteractive;
import com.jcraft.jsch.UserInfo;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuSample;
import io.deepstress.core.gpu.GpuSource;
import io.deepstress.core.gpu.GpuSourceListener;
import io.deepstress.core.gpu.GpuSourceState;
import io.deepstress.core.gpu.GpuSourceState.Status;
import io.deepstress.core.services.SecretStore;
import io.deepstress.gpu.smi.NvidiaSmi;

/**
 * One SSH host: one thread that connects (JSch session), runs {@code nvidia-smi ... -lms N} in one exec
 * channel, turns its lines into per-interval batches, and reconnects with exponential backoff when the
 * connection drops or the command ends. Authentication refused, host key unknown (and not confirmed) or
 * changed, missing secret or key: {@link Status#FAILED}, not retried. {@code nvidia-smi} not found on the
 * remote (exit 127): {@link Status#UNAVAILABLE}, not retried.
 * <p>
 * Batching: nvidia-smi prints one line per GPU per interval, all at once. A batch ends when a GPU index
 * repeats, when the batch holds exactly the GPUs of the last complete batch, or after a short quiet gap.
 * The samples of a batch share the arrival time of its first line.
 * <p>
 * Threads: this source's worker thread plus JSch's reader thread of the session; both end on
 * {@link #close()}. Secrets are read from the store at each connection attempt and never logged.
 */
final class SshGpuSource implements GpuSource {

	private static final System.Logger LOG = System.getLogger(SshGpuSource.class.getName());

	private final SshGpuProvider provider;
	private final GpuHost host;
	private final long intervalMillis;
	private final GpuSourceListener listener;
	private final SshSettings settings;
	private final String target;
	private final Thread worker;
	private final AtomicBoolean closed = new AtomicBoolean();
	private final AtomicLong samples = new AtomicLong();
	private final AtomicLong skipped = new AtomicLong();

	private final Object stateLock = new Object();
	private Status status = Status.STARTING;
	private String message;
	private long since = System.currentTimeMillis();
	private long reportedSkipped;

	private volatile Session session;
	private volatile ChannelExec channel;

	/** GPU indexes of the last batch that ended naturally (index repeat or quiet gap). */
	private BitSet lastFullBatch = new BitSet();

	SshGpuSource(SshGpuProvider provider, GpuHost host, long intervalMillis, GpuSourceListener listener) {
		this.provider = provider;
		this.host = host;
		this.intervalMillis = intervalMillis;
		this.listener = listener;
		this.settings = provider.settings();
		this.target = host.user() + "@" + host.hostname() + ":" + host.port();
		this.worker = new Thread(this::run, "deepstress-gpu-ssh " + host.name());
		this.worker.setDaemon(true);
	}

	void start() {
		setState(Status.STARTING, "connecting to " + target);
		worker.start();
	}

	@Override
	public GpuHost host() {
		return host;
	}

	@Override
	public GpuSourceState state() {
		synchronized (stateLock) {
			return new GpuSourceState(host.id(), host.name(), status, message, since, samples.get(), skipped.get());
		}
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
		setState(Status.STOPPED, null);
	}

	boolean isClosed() {
		return closed.get();
	}

	Thread worker() {
		return worker;
	}

	// ---- the worker ------------------------------------------------------------------------------

	/** A problem retrying cannot solve. */
	private static final class Fatal extends Exception {
		private static final long serialVersionUID = 1L;
		final Status status;

		Fatal(Status status, String message) {
			super(message, null, false, false);
			this.status = status;
		}
	}

	private void run() {
		long backoff = settings.backoffMin().toMillis();
		try {
			while (!closed.get()) {
				String reason;
				long before = samples.get();
				try {
					Session s = session;
					if (s == null || !s.isConnected()) {
						disconnect();
						s = connect();
					}
					reason = stream(s);
				} catch (Fatal f) {
					disconnect();
					if (!closed.get()) {
						LOG.log(Level.WARNING, "GPU host {0}: {1}", host.name(), f.getMessage());
						setState(f.status, f.getMessage());
					}
					return;
				} catch (JSchException | IOException | RuntimeException e) {
					disconnect();
					reason = "cannot connect to " + target + ": " + describe(e);
				}
				if (closed.get()) {
					return;
				}
				if (samples.get() > before) {
					backoff = settings.backoffMin().toMillis();
				}
				setState(Status.RECONNECTING, reason + "; retrying in " + seconds(backoff));
				LOG.log(Level.INFO, "GPU host {0}: {1}", host.name(), message());
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

	private String message() {
		synchronized (stateLock) {
			return message;
		}
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

	private static String seconds(long millis) {
		return millis % 1000 == 0 ? millis / 1000 + " s" : String.format("%.1f s", millis / 1000.0);
	}

	// ---- connecting ------------------------------------------------------------------------------

	private Session connect() throws Fatal, JSchException, IOException {
		JSch jsch = new JSch();
		boolean password = host.auth() == GpuHost.Auth.PASSWORD;
		Answer answer = null;
		if (password) {
			String secret = secret("the password");
			answer = new Answer(secret);
		} else {
			addKey(jsch);
		}
		KnownHostsFile knownHosts = settings.knownHostsFile();
		try {
			knownHosts.ensureExists();
		} catch (IOException e) {
			throw new Fatal(Status.FAILED, "cannot create the known hosts file " + knownHosts.path() + ": " + describe(e));
		}
		KnownHostsFile.Check check = knownHosts.check(host.hostname(), host.port(), provider.hostKeyConfirmer());

		Session s = jsch.getSession(host.user(), host.hostname(), host.port());
		s.setHostKeyRepository(check);
		s.setConfig("StrictHostKeyChecking", "yes");
		s.setConfig("HashKnownHosts", "no");
		s.setConfig("PreferredAuthentications", password ? "password,keyboard-interactive" : "publickey");
		s.setConfig("MaxAuthTries", "3");
		if (answer != null) {
			s.setUserInfo(answer);
		}
		s.setServerAliveInterval((int) settings.serverAliveInterval().toMillis());
		s.setServerAliveCountMax(settings.serverAliveCountMax());
		s.setDaemonThread(true);
		session = s;
		if (closed.get()) {
			throw new JSchException("closed");
		}
		try {
			s.connect((int) settings.connectTimeout().toMillis());
		} catch (JSchException e) {
			s.disconnect();
			Fatal fatal = classify(e, check, password);
			if (fatal != null) {
				throw fatal;
			}
			throw e;
		} finally {
			if (answer != null) {
				answer.forget();
			}
		}
		LOG.log(Level.DEBUG, "GPU host {0}: connected to {1}", host.name(), target);
		return s;
	}

	/** The secret of this host, or a Fatal that says why there is none. */
	private String secret(String what) throws Fatal {
		SecretStore store = provider.secretStore();
		if (store == null) {
			throw new Fatal(Status.FAILED, "no secure storage is available to read " + what + " for " + target);
		}
		Optional<String> secret;
		try {
			secret = store.get(host.secretKey());
		} catch (RuntimeException e) {
			throw new Fatal(Status.FAILED, "cannot read " + what + " for " + target + " from secure storage: "
					+ e.getClass().getSimpleName());
		}
		if (secret.isEmpty()) {
			throw new Fatal(Status.FAILED, "no " + what.replaceFirst("^the ", "") + " is stored for " + target);
		}
		return secret.get();
	}

	private void addKey(JSch jsch) throws Fatal {
		Path key = keyPath(host.keyFile());
		if (!Files.isRegularFile(key) || !Files.isReadable(key)) {
			throw new Fatal(Status.FAILED, "key file " + key + " for " + target + " is missing or not readable");
		}
		boolean encrypted;
		try {
			encrypted = KeyPair.load(jsch, key.toString()).isEncrypted();
		} catch (JSchException e) {
			throw new Fatal(Status.FAILED, "key file " + key + " for " + target + " is not a usable private key: "
					+ e.getMessage());
		}
		byte[] passphrase = null;
		try {
			if (encrypted) {
				passphrase = secret("the passphrase of key file " + key).getBytes(StandardCharsets.UTF_8);
			}
			jsch.addIdentity(key.toString(), passphrase);
		} catch (JSchException e) {
			if (encrypted) {
				throw new Fatal(Status.FAILED,
						"the passphrase stored for " + target + " does not decrypt key file " + key);
			}
			throw new Fatal(Status.FAILED, "key file " + key + " for " + target + " cannot be used: " + e.getMessage());
		} finally {
			if (passphrase != null) {
				Arrays.fill(passphrase, (byte) 0);
			}
		}
		for (Identity identity : jsch.getIdentityRepository().getIdentities()) {
			if (identity.isEncrypted()) {
				throw new Fatal(Status.FAILED,
						"the passphrase stored for " + target + " does not decrypt key file " + key);
			}
		}
	}

	private static Path keyPath(String keyFile) {
		if (keyFile.equals("~") || keyFile.startsWith("~/")) {
			return Path.of(System.getProperty("user.home") + keyFile.substring(1));
		}
		return Path.of(keyFile);
	}

	/** A Fatal for host key and authentication problems, else null (worth retrying). */
	private Fatal classify(JSchException e, KnownHostsFile.Check check, boolean password) {
		String hostPort = host.hostname() + ":" + host.port();
		String key = check.keyType() + " key " + check.fingerprint();
		switch (check.verdict()) {
		case CHANGED:
			return new Fatal(Status.FAILED, "host key of " + hostPort + " changed (the server now offers " + key
					+ ", not the key trusted in " + check.file() + "); refusing to connect. If the host was"
					+ " reinstalled, remove its old line from that file");
		case UNKNOWN_NO_CONFIRMER:
			return new Fatal(Status.FAILED, "host key of " + hostPort + " is unknown (" + key
					+ ") and nobody can confirm it; refusing to connect. Confirm it in DeepStress or add it to "
					+ check.file());
		case UNKNOWN_DECLINED:
			return new Fatal(Status.FAILED,
					"host key of " + hostPort + " (" + key + ") was not confirmed; refusing to connect");
		case STORE_FAILED:
			return new Fatal(Status.FAILED, "host key of " + hostPort + " was confirmed but cannot be stored in "
					+ check.file() + ": " + check.storeError());
		default:
			break;
		}
		if (e instanceof JSchChangedHostKeyException) {
			return new Fatal(Status.FAILED, "host key of " + hostPort + " changed; refusing to connect");
		}
		if (e instanceof JSchUnknownHostKeyException) {
			return new Fatal(Status.FAILED, "host key of " + hostPort + " is unknown; refusing to connect");
		}
		String text = String.valueOf(e.getMessage());
		if (text.startsWith("Auth fail") || text.startsWith("Auth cancel")) {
			return new Fatal(Status.FAILED, "authentication refused: " + hostPort + " did not accept user '"
					+ host.user() + "' with " + (password ? "the stored password" : "key file " + keyPath(host.keyFile())));
		}
		return null;
	}

	private static String describe(Throwable e) {
		Throwable root = e;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String text = root.getMessage();
		if (text == null || text.isBlank()) {
			text = root.getClass().getSimpleName();
		}
		if (root != e && e.getMessage() != null && !e.getMessage().contains(text)) {
			text = e.getMessage() + " (" + text + ")";
		}
		return text;
	}

	/**
	 * Gives the password once, to the password or keyboard-interactive method, whichever the server takes
	 * first: a wrong password is one failed attempt on the server, not a retry storm.
	 */
	private static final class Answer implements UserInfo, UIKeyboardInteractive {

		private String password;
		private boolean given;

		Answer(String password) {
			this.password = password;
		}

		synchronized void forget() {
			password = null;
		}

		@Override
		public synchronized String getPassword() {
			return password;
		}

		@Override
		public synchronized boolean promptPassword(String prompt) {
			if (given || password == null) {
				return false;
			}
			given = true;
			return true;
		}

		@Override
		public synchronized String[] promptKeyboardInteractive(String destination, String name, String instruction,
				String[] prompts, boolean[] echo) {
			if (given || password == null || prompts.length != 1 || echo[0]) {
				return null;
			}
			given = true;
			return new String[] { password };
		}

		@Override
		public String getPassphrase() {
			return null;
		}

		@Override
		public boolean promptPassphrase(String prompt) {
			return false;
		}

		@Override
		public boolean promptYesNo(String question) {
			return false;
		}

		@Override
		public void showMessage(String text) {
			// banners are not shown
		}
	}

	// ---- streaming -------------------------------------------------------------------------------

	/**
	 * Runs nvidia-smi in one exec channel of the session until it ends, the connection drops or the source
	 * is closed.
	 *
	 * @return why it stopped (for the RECONNECTING message)
	 */
	private String stream(Session s) throws Fatal, JSchException, InterruptedException {
		ChannelExec ch = (ChannelExec) s.openChannel("exec");
		LineSink out = new LineSink();
		LineSink.Tail err = new LineSink.Tail();
		ch.setCommand(NvidiaSmi.commandLine(host.command(), intervalMillis));
		ch.setInputStream(null);
		ch.setOutputStream(out);
		ch.setErrStream(err, true);
		channel = ch;
		if (closed.get()) {
			return "closed";
		}
		try {
			ch.connect((int) settings.connectTimeout().toMillis());
			return read(s, ch, out, err);
		} finally {
			ch.disconnect();
			channel = null;
		}
	}

	private String read(Session s, ChannelExec ch, LineSink out, LineSink.Tail err)
			throws Fatal, InterruptedException {
		long gapNanos = TimeUnit.MILLISECONDS.toNanos(Math.clamp(intervalMillis / 4, 20, 250));
		long readTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(settings.readTimeoutMillis(intervalMillis));
		long lastData = System.nanoTime();
		long gapDeadline = 0;
		List<GpuSample> batch = new ArrayList<>();
		BitSet indexes = new BitSet();
		while (!closed.get()) {
			long wait = batch.isEmpty() ? TimeUnit.SECONDS.toNanos(1) : gapDeadline - System.nanoTime();
			LineSink.Line line = out.queue().poll(Math.max(wait, 0), TimeUnit.NANOSECONDS);
			long now = System.nanoTime();
			long dropped = out.takeDropped();
			if (dropped > 0) {
				skipped.addAndGet(dropped);
			}
			if (line == null) {
				if (!batch.isEmpty() && now - gapDeadline >= 0) {
					lastFullBatch = (BitSet) indexes.clone();
					deliver(batch, indexes);
				}
				if (!s.isConnected()) {
					return "connection to " + target + " lost";
				}
				if (ch.isClosed()) {
					break;
				}
				if (now - lastData > readTimeoutNanos) {
					s.disconnect();
					return "no output from nvidia-smi on " + target + " for "
							+ seconds(TimeUnit.NANOSECONDS.toMillis(readTimeoutNanos));
				}
				continue;
			}
			if (line == LineSink.END) {
				break;
			}
			lastData = now;
			Optional<GpuSample> parsed = NvidiaSmi.parse(line.text(), host.sampleHost(), line.epochMillis());
			if (parsed.isEmpty()) {
				if (!line.text().isBlank()) {
					skipped.incrementAndGet();
				}
				continue;
			}
			GpuSample sample = parsed.get();
			if (indexes.get(sample.index())) {
				lastFullBatch = (BitSet) indexes.clone();
				deliver(batch, indexes);
			}
			if (!batch.isEmpty() && batch.get(0).epochMillis() != sample.epochMillis()) {
				sample = at(sample, batch.get(0).epochMillis());
			}
			batch.add(sample);
			indexes.set(sample.index());
			gapDeadline = now + gapNanos;
			if (indexes.equals(lastFullBatch)) {
				deliver(batch, indexes);
			}
		}
		if (!batch.isEmpty()) {
			deliver(batch, indexes);
		}
		if (closed.get()) {
			return "closed";
		}
		// the exit status arrives with (or just before) the channel's close
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
		while (!ch.isClosed() && System.nanoTime() - end < 0 && !closed.get()) {
			Thread.sleep(20);
		}
		int exit = ch.getExitStatus();
		String stderr = err.text();
		if (exit == 127 || exit == 126) {
			throw new Fatal(Status.UNAVAILABLE, (exit == 127 ? "nvidia-smi not found on " : "nvidia-smi cannot run on ")
					+ host.hostname() + " (exit " + exit + ")" + (stderr.isEmpty() ? "" : ": " + stderr));
		}
		if (exit < 0 || !s.isConnected()) {
			// no exit status: the connection went away under the command
			s.disconnect();
			return "connection to " + target + " lost";
		}
		return "nvidia-smi on " + host.hostname() + " ended with exit status " + exit
				+ (stderr.isEmpty() ? "" : ": " + stderr);
	}

	private static GpuSample at(GpuSample s, long epochMillis) {
		return new GpuSample(epochMillis, s.host(), s.index(), s.uuid(), s.name(), s.utilization(), s.memoryUsedMiB(),
				s.memoryTotalMiB(), s.temperatureC(), s.powerW(), s.powerLimitW(), s.smClockMHz(), s.throttleReasons());
	}

	private void deliver(List<GpuSample> batch, BitSet indexes) {
		List<GpuSample> copy = List.copyOf(batch);
		batch.clear();
		indexes.clear();
		samples.addAndGet(copy.size());
		boolean reportState;
		synchronized (stateLock) {
			reportState = status != Status.OK || reportedSkipped != skipped.get();
		}
		if (reportState) {
			setState(Status.OK, null);
		}
		try {
			listener.onSamples(copy);
		} catch (RuntimeException e) {
			LOG.log(Level.WARNING, "GPU listener failed", e);
		}
	}

	// ---- state -----------------------------------------------------------------------------------

	private void setState(Status newStatus, String newMessage) {
		GpuSourceState state;
		synchronized (stateLock) {
			if (status == Status.STOPPED) {
				return;
			}
			if (status != newStatus) {
				since = System.currentTimeMillis();
			}
			status = newStatus;
			message = newMessage;
			reportedSkipped = skipped.get();
			state = new GpuSourceState(host.id(), host.name(), status, message, since, samples.get(), reportedSkipped);
		}
		try {
			listener.onState(state);
		} catch (RuntimeException e) {
			LOG.log(Level.WARNING, "GPU listener failed", e);
		}
	}

	private void disconnect() {
		ChannelExec ch = channel;
		if (ch != null) {
			ch.disconnect();
		}
		Session s = session;
		if (s != null) {
			s.disconnect();
		}
	}
}
