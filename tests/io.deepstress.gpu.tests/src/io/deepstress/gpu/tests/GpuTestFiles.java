package io.deepstress.gpu.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import io.deepstress.core.gpu.GpuHost;

/** Test resources on disk: the fake nvidia-smi, the NVML stub built with gcc; and a bounded wait. */
final class GpuTestFiles {

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	private GpuTestFiles() {
	}

	/** The module's target folder (set by the pom), else ./target. */
	static Path target() {
		return Path.of(System.getProperty("deepstress.test.target", "target")).toAbsolutePath();
	}

	static byte[] resource(String name) throws IOException {
		Bundle bundle = FrameworkUtil.getBundle(GpuTestFiles.class);
		URL url = bundle.getEntry("resources/" + name);
		if (url == null) {
			throw new IOException("resource " + name + " is not in the test bundle");
		}
		try (InputStream in = url.openStream()) {
			return in.readAllBytes();
		}
	}

	/**
	 * Copies the fake nvidia-smi into a fresh folder under target/smi, with an optional control file
	 * ({@code <script>.conf}, sourced by the script).
	 */
	static Path fakeSmi(String name, String conf) throws IOException {
		Path dir = target().resolve("smi").resolve(name + "-" + SEQUENCE.incrementAndGet());
		Files.createDirectories(dir);
		Path script = dir.resolve("nvidia-smi");
		Files.write(script, resource("fake-nvidia-smi"));
		Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
		// a folder left by an earlier build (no clean) must not count its runs
		Files.deleteIfExists(script.resolveSibling("nvidia-smi.runs"));
		Files.deleteIfExists(script.resolveSibling("nvidia-smi.conf"));
		if (conf != null) {
			Files.writeString(script.resolveSibling("nvidia-smi.conf"), conf);
		}
		return script;
	}

	/** How often the fake script at {@code script} was started. */
	static int runs(Path script) {
		Path runs = script.resolveSibling("nvidia-smi.runs");
		try {
			return Files.exists(runs) ? Files.readAllLines(runs).size() : 0;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static GpuHost smiHost(String id, Path script) {
		return new GpuHost(id, "Fake " + id, GpuHost.Kind.LOCAL_SMI, null, 0, null, null, null, script.toString());
	}

	/**
	 * Builds the NVML stub with gcc into target/{@code folder}/libnvidia-ml.so.1; fails the test with gcc's
	 * output when that does not work.
	 */
	static Path buildStub(String folder, String... defines) throws Exception {
		Path dir = target().resolve(folder);
		Files.createDirectories(dir);
		Path source = dir.resolve("nvml-stub.c");
		Files.write(source, resource("nvml-stub.c"));
		Path library = dir.resolve("libnvidia-ml.so.1");
		List<String> command = new java.util.ArrayList<>(List.of("gcc", "-shared", "-fPIC", "-Wall"));
		command.addAll(List.of(defines));
		command.addAll(List.of("-o", library.toString(), source.toString()));
		Process gcc;
		try {
			gcc = new ProcessBuilder(command).redirectErrorStream(true).start();
		} catch (IOException e) {
			throw new AssertionError("gcc is needed to build the NVML stub and could not be started: " + e, e);
		}
		String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!gcc.waitFor(60, TimeUnit.SECONDS)) {
			gcc.destroyForcibly();
			fail("gcc did not finish in 60 s: " + output);
		}
		if (gcc.exitValue() != 0 || !Files.isRegularFile(library)) {
			fail(String.join(" ", command) + " failed (" + gcc.exitValue() + "):\n" + output);
		}
		return library;
	}

	/** Waits until the condition holds, at most {@code millis}; fails with {@code what} and the detail. */
	static void waitUntil(String what, long millis, BooleanSupplier condition, Supplier<Object> detail)
			throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				fail("Timed out after " + millis + " ms waiting for " + what + "; now: " + detail.get());
			}
			Thread.sleep(20);
		}
	}

	/** Names of the live threads that start with {@code prefix}. */
	static List<String> threads(String prefix) {
		return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
				.filter(n -> n.startsWith(prefix)).toList();
	}
}
