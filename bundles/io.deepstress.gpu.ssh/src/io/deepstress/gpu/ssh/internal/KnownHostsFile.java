package io.deepstress.gpu.ssh.internal;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;

import io.deepstress.core.gpu.HostKeyConfirmer;

/**
 * DeepStress's own known_hosts file (OpenSSH format, created 0600). Each connection attempt gets a
 * {@link Check}: a JSch {@link HostKeyRepository} over the file as it is at that moment, which asks the
 * {@link HostKeyConfirmer} about unknown keys, appends confirmed ones, and remembers its verdict so the
 * caller can explain a refusal. A changed key is never asked about.
 */
final class KnownHostsFile {

	/** One lock for every file: appends from concurrent connection attempts must not interleave. */
	private static final Object LOCK = new Object();

	private final Path file;

	KnownHostsFile(Path file) {
		this.file = file.toAbsolutePath();
	}

	/** {@code -Ddeepstress.ssh.knownHosts}, else {@code ~/.deepstress/known_hosts}. */
	static Path defaultPath() {
		String configured = System.getProperty("deepstress.ssh.knownHosts");
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured);
		}
		return Path.of(System.getProperty("user.home"), ".deepstress", "known_hosts");
	}

	Path path() {
		return file;
	}

	/** Creates the file (and its folder) when missing, readable and writable by its owner only. */
	void ensureExists() throws IOException {
		synchronized (LOCK) {
			if (Files.exists(file)) {
				return;
			}
			Path parent = file.getParent();
			if (parent != null && !Files.isDirectory(parent)) {
				try {
					Files.createDirectories(parent,
							PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
				} catch (UnsupportedOperationException e) {
					Files.createDirectories(parent);
				}
			}
			try {
				Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			} catch (UnsupportedOperationException e) {
				Files.createFile(file);
			} catch (FileAlreadyExistsException e) {
				// created meanwhile by another process
			}
		}
	}

	/** A repository for one connection attempt to {@code host:port}. */
	Check check(String host, int port, HostKeyConfirmer confirmer) throws JSchException {
		return new Check(host, port, confirmer, load());
	}

	private HostKeyRepository load() throws JSchException {
		JSch jsch = new JSch();
		jsch.setKnownHosts(file.toString());
		return jsch.getHostKeyRepository();
	}

	private void append(String knownHostsName, String type, byte[] key) throws IOException {
		String line = knownHostsName + " " + type + " " + Base64.getEncoder().encodeToString(key) + "\n";
		try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND)) {
			out.write(line);
		}
	}

	/** The fingerprint of a public key blob as OpenSSH prints it: {@code SHA256:} + unpadded base64. */
	static String sha256Fingerprint(byte[] keyBlob) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyBlob);
			return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/** What the check decided, for the error message. */
	enum Verdict {
		NOT_CHECKED, KNOWN, CONFIRMED, CHANGED, UNKNOWN_NO_CONFIRMER, UNKNOWN_DECLINED, STORE_FAILED
	}

	/** The host key check of one connection attempt. */
	final class Check implements HostKeyRepository {

		private final String host;
		private final int port;
		private final HostKeyConfirmer confirmer;
		private final HostKeyRepository known;
		private volatile Verdict verdict = Verdict.NOT_CHECKED;
		private volatile String keyType;
		private volatile String fingerprint;
		private volatile String storeError;

		Check(String host, int port, HostKeyConfirmer confirmer, HostKeyRepository known) {
			this.host = host;
			this.port = port;
			this.confirmer = confirmer;
			this.known = known;
		}

		Verdict verdict() {
			return verdict;
		}

		String keyType() {
			return keyType;
		}

		String fingerprint() {
			return fingerprint;
		}

		String storeError() {
			return storeError;
		}

		Path file() {
			return file;
		}

		@Override
		public int check(String knownHostsName, byte[] key) {
			int result = known.check(knownHostsName, key);
			keyType = typeOf(knownHostsName, key);
			fingerprint = sha256Fingerprint(key);
			if (result == OK) {
				verdict = Verdict.KNOWN;
				return OK;
			}
			if (result == CHANGED) {
				verdict = Verdict.CHANGED;
				return CHANGED;
			}
			if (confirmer == null) {
				verdict = Verdict.UNKNOWN_NO_CONFIRMER;
				return NOT_INCLUDED;
			}
			boolean trusted;
			try {
				trusted = confirmer.confirm(host, port, keyType, fingerprint);
			} catch (RuntimeException e) {
				trusted = false;
			}
			if (!trusted) {
				verdict = Verdict.UNKNOWN_DECLINED;
				return NOT_INCLUDED;
			}
			synchronized (LOCK) {
				try {
					// the file may have changed while the user decided (another host, another process)
					int again = load().check(knownHostsName, key);
					if (again == CHANGED) {
						verdict = Verdict.CHANGED;
						return CHANGED;
					}
					if (again != OK) {
						append(knownHostsName, keyType, key);
					}
				} catch (IOException | JSchException e) {
					verdict = Verdict.STORE_FAILED;
					storeError = e.getMessage();
					return NOT_INCLUDED;
				}
			}
			verdict = Verdict.CONFIRMED;
			return OK;
		}

		private String typeOf(String knownHostsName, byte[] key) {
			try {
				return new HostKey(knownHostsName, key).getType();
			} catch (JSchException e) {
				return "unknown";
			}
		}

		@Override
		public void add(HostKey hostkey, UserInfo ui) {
			// never called with StrictHostKeyChecking=yes; confirmed keys are appended by check()
		}

		@Override
		public void remove(String knownHostsName, String type) {
			// DeepStress never removes keys on its own; the user edits the file
		}

		@Override
		public void remove(String knownHostsName, String type, byte[] key) {
			// see remove(String, String)
		}

		@Override
		public String getKnownHostsRepositoryID() {
			return file.toString();
		}

		@Override
		public HostKey[] getHostKey() {
			return known.getHostKey();
		}

		@Override
		public HostKey[] getHostKey(String knownHostsName, String type) {
			return known.getHostKey(knownHostsName, type);
		}
	}
}
