package io.deepstress.gpu.ssh.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Predicate;

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
import io.deepstress.core.gpu.GpuSourceState.Status;
import io.deepstress.core.gpu.HostKeyConfirmer;
import io.deepstress.core.services.SecretStore;

/**
 * Opens one authenticated JSch session to a GPU host: password (keyboard-interactive too) or key file (with
 * its passphrase), both from the {@link SecretStore}; the host key checked against DeepStress's known_hosts
 * file, an unknown one shown to the {@link HostKeyConfirmer}. What retrying cannot fix is an
 * {@link SshFailure}; everything else (refused, timed out) a {@link JSchException} or {@link IOException}.
 * Secrets are read at each attempt and never logged.
 */
final class SshLogin {

	private final GpuHost host;
	private final SshSettings settings;
	private final SecretStore secrets;
	private final HostKeyConfirmer confirmer;
	private final String target;

	/**
	 * @param secrets   the store of passwords and passphrases, or null (then hosts that need one fail)
	 * @param confirmer asked about unknown host keys, or null (then they are refused)
	 */
	SshLogin(GpuHost host, SshSettings settings, SecretStore secrets, HostKeyConfirmer confirmer) {
		this.host = host;
		this.settings = settings;
		this.secrets = secrets;
		this.confirmer = confirmer;
		this.target = target(host);
	}

	/** {@code user@host:port}, as messages name a host. */
	static String target(GpuHost host) {
		return host.user() + "@" + host.hostname() + ":" + host.port();
	}

	/**
	 * Connects. {@code created} receives the session before it connects, so that closing the source can
	 * interrupt a connection attempt by disconnecting it; when it answers false (closed meanwhile), the attempt
	 * ends with a JSchException.
	 */
	Session connect(Predicate<Session> created) throws SshFailure, JSchException, IOException {
		JSch jsch = new JSch();
		boolean password = host.auth() == GpuHost.Auth.PASSWORD;
		Answer answer = null;
		if (password) {
			answer = new Answer(secret("the password"));
		} else {
			addKey(jsch);
		}
		KnownHostsFile knownHosts = settings.knownHostsFile();
		try {
			knownHosts.ensureExists();
		} catch (IOException e) {
			throw new SshFailure(Status.FAILED,
					"cannot create the known hosts file " + knownHosts.path() + ": " + describe(e));
		}
		KnownHostsFile.Check check = knownHosts.check(host.hostname(), host.port(), confirmer);

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
		if (!created.test(s)) {
			throw new JSchException("closed");
		}
		try {
			s.connect((int) settings.connectTimeout().toMillis());
		} catch (JSchException e) {
			s.disconnect();
			SshFailure failure = classify(e, check, password);
			if (failure != null) {
				throw failure;
			}
			throw e;
		} finally {
			if (answer != null) {
				answer.forget();
			}
		}
		return s;
	}

	/** The secret of this host, or an SshFailure that says why there is none. */
	private String secret(String what) throws SshFailure {
		if (secrets == null) {
			throw new SshFailure(Status.FAILED, "no secure storage is available to read " + what + " for " + target);
		}
		Optional<String> secret;
		try {
			secret = secrets.get(host.secretKey());
		} catch (RuntimeException e) {
			throw new SshFailure(Status.FAILED, "cannot read " + what + " for " + target + " from secure storage: "
					+ e.getClass().getSimpleName());
		}
		if (secret.isEmpty()) {
			throw new SshFailure(Status.FAILED, "no " + what.replaceFirst("^the ", "") + " is stored for " + target);
		}
		return secret.get();
	}

	private void addKey(JSch jsch) throws SshFailure {
		Path key = keyPath(host.keyFile());
		if (!Files.isRegularFile(key) || !Files.isReadable(key)) {
			throw new SshFailure(Status.FAILED, "key file " + key + " for " + target + " is missing or not readable");
		}
		boolean encrypted;
		try {
			encrypted = KeyPair.load(jsch, key.toString()).isEncrypted();
		} catch (JSchException e) {
			throw new SshFailure(Status.FAILED,
					"key file " + key + " for " + target + " is not a usable private key: " + e.getMessage());
		}
		byte[] passphrase = null;
		try {
			if (encrypted) {
				passphrase = secret("the passphrase of key file " + key).getBytes(StandardCharsets.UTF_8);
			}
			jsch.addIdentity(key.toString(), passphrase);
		} catch (JSchException e) {
			if (encrypted) {
				throw new SshFailure(Status.FAILED,
						"the passphrase stored for " + target + " does not decrypt key file " + key);
			}
			throw new SshFailure(Status.FAILED,
					"key file " + key + " for " + target + " cannot be used: " + e.getMessage());
		} finally {
			if (passphrase != null) {
				Arrays.fill(passphrase, (byte) 0);
			}
		}
		for (Identity identity : jsch.getIdentityRepository().getIdentities()) {
			if (identity.isEncrypted()) {
				throw new SshFailure(Status.FAILED,
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

	/** An SshFailure for host key and authentication problems, else null (worth retrying). */
	private SshFailure classify(JSchException e, KnownHostsFile.Check check, boolean password) {
		String hostPort = host.hostname() + ":" + host.port();
		String key = check.keyType() + " key " + check.fingerprint();
		switch (check.verdict()) {
		case CHANGED:
			return new SshFailure(Status.FAILED, "host key of " + hostPort + " changed (the server now offers " + key
					+ ", not the key trusted in " + check.file() + "); refusing to connect. If the host was"
					+ " reinstalled, remove its old line from that file");
		case UNKNOWN_NO_CONFIRMER:
			return new SshFailure(Status.FAILED, "host key of " + hostPort + " is unknown (" + key
					+ ") and nobody can confirm it; refusing to connect. Confirm it in DeepStress or add it to "
					+ check.file());
		case UNKNOWN_DECLINED:
			return new SshFailure(Status.FAILED,
					"host key of " + hostPort + " (" + key + ") was not confirmed; refusing to connect");
		case STORE_FAILED:
			return new SshFailure(Status.FAILED, "host key of " + hostPort + " was confirmed but cannot be stored in "
					+ check.file() + ": " + check.storeError());
		default:
			break;
		}
		if (e instanceof JSchChangedHostKeyException) {
			return new SshFailure(Status.FAILED, "host key of " + hostPort + " changed; refusing to connect");
		}
		if (e instanceof JSchUnknownHostKeyException) {
			return new SshFailure(Status.FAILED, "host key of " + hostPort + " is unknown; refusing to connect");
		}
		String text = String.valueOf(e.getMessage());
		if (text.startsWith("Auth fail") || text.startsWith("Auth cancel")) {
			return new SshFailure(Status.FAILED, "authentication refused: " + hostPort + " did not accept user '"
					+ host.user() + "' with "
					+ (password ? "the stored password" : "key file " + keyPath(host.keyFile())));
		}
		return null;
	}

	/** The root cause's message, with the outer message when it adds something. */
	static String describe(Throwable e) {
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
}
