package io.deepstress.gpu.ssh.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.deepstress.core.gpu.GpuHost;

/**
 * A private OpenSSH server on 127.0.0.1 for one test class, driven through {@code scripts/sshd.sh}: host and
 * client keys (ed25519, RSA, ECDSA, ed25519 with passphrase) in {@code target/sshd/<name>/}, the session's
 * files (authorized_keys, the fake {@code nvidia-smi}, its control files) in a folder under /tmp that the
 * SSH user can read. Port {@link #port()} runs the fake nvidia-smi; {@link #missingPort()} is the same
 * server with a PATH where there is none.
 * <p>
 * Needs root, {@code /usr/sbin/sshd}, {@code ssh-keygen} and the user {@link #USER}; fails (never skips)
 * with what to install or create when one is missing. Gives the user a fresh random password per server and
 * locks it again on {@link #close()}.
 */
final class SshServer implements AutoCloseable {

	static final String USER = System.getProperty("deepstress.test.ssh.user", "deepstress-ssh");
	static final String KEY_PASSPHRASE = "correct horse battery staple";

	private final Path dir;
	private final Path remote;
	private final Path script;
	private final int port;
	private final int missingPort;
	private final String password;
	private String hostKey = "ed25519";
	private boolean running;

	private SshServer(Path dir, Path remote, Path script, int port, int missingPort, String password) {
		this.dir = dir;
		this.remote = remote;
		this.script = script;
		this.port = port;
		this.missingPort = missingPort;
		this.password = password;
	}

	/** Checks the machine, creates keys and files, sets the user's password and starts sshd. */
	static SshServer start(String name) throws Exception {
		checkMachine();
		Path scripts = Path.of(System.getProperty("deepstress.test.scripts", "scripts")).toAbsolutePath();
		Path script = scripts.resolve("sshd.sh");
		if (!Files.isRegularFile(script)) {
			fail("test setup script not found: " + script + " (system property deepstress.test.scripts)");
		}
		Path work = Path.of(System.getProperty("deepstress.test.work", "target/sshd")).toAbsolutePath();
		Path dir = work.resolve(name);
		deleteTree(dir);
		Files.createDirectories(dir);
		Path remote = Files.createTempDirectory(Path.of("/tmp"), "deepstress-sshd-");
		String password = randomPassword();
		run(List.of("chpasswd"), USER + ":" + password + "\n", "setting a password for the test user " + USER);
		int[] ports = freePorts(2);
		SshServer server = new SshServer(dir, remote, script, ports[0], ports[1], password);
		server.sh("setup", dir.toString(), remote.toString(), USER);
		server.start();
		return server;
	}

	private static void checkMachine() throws Exception {
		if (!Files.isExecutable(Path.of("/usr/sbin/sshd")) || !Files.isExecutable(Path.of("/usr/bin/ssh-keygen"))) {
			fail("OpenSSH server missing (/usr/sbin/sshd, /usr/bin/ssh-keygen): install it as root with "
					+ "'apt-get install -y --no-install-recommends openssh-server' (.ci/run does)");
		}
		String uid = output(List.of("id", "-u"));
		if (!"0".equals(uid)) {
			fail("the SSH GPU tests start a private sshd with password authentication and must run as root"
					+ " (running as uid " + uid + ")");
		}
		if (!output(List.of("id", "-u", USER)).matches("\\d+")) {
			fail("test user '" + USER + "' missing: create it as root with 'useradd -m -s /bin/bash " + USER
					+ "' (.ci/run does); the tests set its password themselves");
		}
	}

	int port() {
		return port;
	}

	int missingPort() {
		return missingPort;
	}

	String password() {
		return password;
	}

	Path dir() {
		return dir;
	}

	Path clientKey(String name) {
		return dir.resolve("client").resolve(name);
	}

	Path log() {
		return dir.resolve("sshd.log");
	}

	/** The public key line of host key {@code name} (ed25519, ed25519-new): type and base64. */
	String hostPublicKey(String name) throws IOException {
		String[] f = Files.readString(dir.resolve("ssh_host_" + name + "_key.pub")).trim().split("\\s+");
		return f[0] + " " + f[1];
	}

	/** The SHA256 fingerprint of a host key as ssh-keygen prints it. */
	String hostFingerprint(String name) throws Exception {
		String out = output(List.of("ssh-keygen", "-l", "-E", "sha256", "-f",
				dir.resolve("ssh_host_" + name + "_key.pub").toString()));
		return out.split("\\s+")[1];
	}

	/** A known_hosts file that trusts the host key {@code name} for this server. */
	Path knownHostsTrusting(String name, Path file) throws IOException {
		Files.createDirectories(file.getParent());
		Files.writeString(file, "[127.0.0.1]:" + port + " " + hostPublicKey(name) + "\n");
		return file;
	}

	/** Sets a control file of the fake nvidia-smi (gpus, garbage, exit-after); null removes it. */
	void control(String file, String value) throws IOException {
		Path path = remote.resolve("control").resolve(file);
		if (value == null) {
			Files.deleteIfExists(path);
		} else {
			Files.writeString(path, value + "\n");
			Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
		}
	}

	void resetControls() throws IOException {
		control("gpus", null);
		control("garbage", null);
		control("exit-after", null);
	}

	GpuHost keyHost(String id, String keyName) {
		return new GpuHost(id, "gpu-" + id, GpuHost.Kind.SSH, "127.0.0.1", port, USER, GpuHost.Auth.KEY,
				clientKey(keyName).toString(), null);
	}

	GpuHost passwordHost(String id) {
		return new GpuHost(id, "gpu-" + id, GpuHost.Kind.SSH, "127.0.0.1", port, USER, GpuHost.Auth.PASSWORD, null,
				null);
	}

	/** A host on the port whose PATH has no nvidia-smi. */
	GpuHost hostWithoutNvidiaSmi(String id) {
		return new GpuHost(id, "gpu-" + id, GpuHost.Kind.SSH, "127.0.0.1", missingPort, USER, GpuHost.Auth.KEY,
				clientKey("id_ed25519").toString(), null);
	}

	/** Starts sshd (again) with the current host key. */
	void start() throws Exception {
		sh("start", dir.toString(), remote.toString(), USER, Integer.toString(port), Integer.toString(missingPort),
				hostKey);
		running = true;
	}

	/** Stops sshd and its sessions. */
	void stop() throws Exception {
		sh("stop", dir.toString());
		running = false;
	}

	/** Stops and starts sshd on the same ports with another host key. */
	void restartWithHostKey(String name) throws Exception {
		stop();
		hostKey = name;
		start();
	}

	boolean running() {
		return running;
	}

	/** The sshd processes serving connections now (children of the listener). */
	int sessionProcesses() throws Exception {
		Path pidFile = dir.resolve("sshd.pid");
		if (!Files.exists(pidFile)) {
			return 0;
		}
		String pid = Files.readString(pidFile).trim();
		String out = output(List.of("pgrep", "-P", pid));
		return out.isBlank() ? 0 : out.split("\\s+").length;
	}

	/** How often the sshd log says {@code text} so far. */
	long logCount(String text) throws IOException {
		if (!Files.exists(log())) {
			return 0;
		}
		try (Stream<String> lines = Files.lines(log(), StandardCharsets.UTF_8)) {
			return lines.filter(l -> l.contains(text)).count();
		}
	}

	@Override
	public void close() throws Exception {
		try {
			stop();
		} finally {
			deleteTree(remote);
			// lock the password again: the account only needs it while a test server runs
			output(List.of("usermod", "-L", USER));
		}
	}

	private void sh(String... args) throws Exception {
		List<String> command = new ArrayList<>();
		command.add("bash");
		command.add(script.toString());
		command.addAll(List.of(args));
		ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
		pb.environment().put("KEY_PASSPHRASE", KEY_PASSPHRASE);
		Process p = pb.start();
		p.getOutputStream().close();
		String out;
		try (var in = p.getInputStream()) {
			out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		if (!p.waitFor(60, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			fail("sshd.sh " + args[0] + " timed out");
		}
		if (p.exitValue() != 0) {
			fail("sshd.sh " + String.join(" ", args) + " failed (exit " + p.exitValue() + "):\n" + out);
		}
	}

	private static String output(List<String> command) throws Exception {
		Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
		p.getOutputStream().close();
		String out;
		try (var in = p.getInputStream()) {
			out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		p.waitFor(30, TimeUnit.SECONDS);
		return out.trim();
	}

	private static void run(List<String> command, String input, String what) throws Exception {
		Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
		try (var out = p.getOutputStream()) {
			out.write(input.getBytes(StandardCharsets.UTF_8));
		}
		String text;
		try (var in = p.getInputStream()) {
			text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
			fail(what + " failed: " + text.trim());
		}
	}

	private static String randomPassword() {
		byte[] bytes = new byte[18];
		new SecureRandom().nextBytes(bytes);
		return "Ds-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static int[] freePorts(int n) throws IOException {
		int[] ports = new int[n];
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < n; i++) {
				ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				sockets.add(s);
				ports[i] = s.getLocalPort();
			}
		} finally {
			for (ServerSocket s : sockets) {
				s.close();
			}
		}
		return ports;
	}

	static void deleteTree(Path root) throws IOException {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(root)) {
			for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(p);
			}
		}
	}
}
