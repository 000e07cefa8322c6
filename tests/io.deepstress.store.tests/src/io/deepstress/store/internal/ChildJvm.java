package io.deepstress.store.internal;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * A {@link SharedStoreProcess} in a JVM of its own: the class path is made of the bundles this test runtime runs
 * (the store, its fragments, Derby, EclipseLink, Jackson, core), so the child runs the same code as the test.
 * Its stdout lines are kept for {@link #await}.
 */
final class ChildJvm implements AutoCloseable {

	private final Process process;
	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
	private final List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());

	private ChildJvm(Process process) {
		this.process = process;
		Thread reader = new Thread(() -> {
			try (BufferedReader r = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line; (line = r.readLine()) != null;) {
					seen.add(line);
					lines.add(line);
				}
			} catch (IOException e) {
				// the process is gone
			}
		}, "child-jvm-reader");
		reader.setDaemon(true);
		reader.start();
	}

	static ChildJvm start(Path logDir, String... args) throws IOException {
		Files.createDirectories(logDir);
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx256m");
		command.add("-Dderby.stream.error.file=" + logDir.resolve("derby-" + System.nanoTime() + ".log"));
		command.add("-Ddeepstress.lease.millis=" + RunLease.LEASE_MILLIS);
		String classpath = classpath();
		Files.writeString(logDir.resolve("classpath.txt"), classpath.replace(File.pathSeparator, "\n"));
		command.add("-cp");
		command.add(classpath);
		command.add(SharedStoreProcess.class.getName());
		command.addAll(List.of(args));
		ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
		return new ChildJvm(pb.start());
	}

	/**
	 * The bundles of this runtime as class path entries (jars, or a reactor project's folders). Tycho's test runtime
	 * names them {@code reference:file:PATH}, PATH relative to the install area.
	 */
	static String classpath() {
		Path base = installArea();
		Set<String> entries = new LinkedHashSet<>();
		for (Bundle b : FrameworkUtil.getBundle(ChildJvm.class).getBundleContext().getBundles()) {
			String location = b.getLocation();
			int file = location.indexOf("file:");
			if (file < 0) {
				continue;
			}
			String path = location.substring(file + "file:".length());
			Path p = path.startsWith("/") ? Path.of(path) : base.resolve(path).normalize();
			if (Files.isDirectory(p)) {
				for (String sub : new String[] { "target/classes", "bin" }) {
					if (Files.isDirectory(p.resolve(sub))) {
						entries.add(p.resolve(sub).toString());
					}
				}
			}
			if (Files.exists(p)) {
				entries.add(p.toString());
			}
		}
		return String.join(File.pathSeparator, entries);
	}

	private static Path installArea() {
		String area = System.getProperty("osgi.install.area", "");
		int file = area.indexOf("file:");
		return file < 0 ? Path.of("").toAbsolutePath() : Path.of(area.substring(file + "file:".length()));
	}

	/** Waits for a line starting with {@code prefix}; the line. */
	String await(String prefix, long seconds) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (System.nanoTime() < deadline) {
			String line = lines.poll(200, TimeUnit.MILLISECONDS);
			if (line != null && line.startsWith(prefix)) {
				return line;
			}
			if (line == null && !process.isAlive() && lines.isEmpty()) {
				break;
			}
		}
		throw new AssertionError("no '" + prefix + "' from the child process in " + seconds + " s; it said: " + seen);
	}

	int waitFor(long seconds) throws InterruptedException {
		if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
			throw new AssertionError("the child process did not end in " + seconds + " s; it said: " + seen);
		}
		return process.exitValue();
	}

	boolean alive() {
		return process.isAlive();
	}

	long pid() {
		return process.pid();
	}

	/** Ends it at once, as kill -9 does. */
	void kill() throws InterruptedException {
		process.destroyForcibly();
		process.waitFor(30, TimeUnit.SECONDS);
	}

	String output() {
		return String.join("\n", seen);
	}

	@Override
	public void close() throws InterruptedException {
		if (process.isAlive()) {
			kill();
		}
	}
}
