package io.deepstress.tokenizers.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import io.deepstress.core.tokens.TokenizerException;

/**
 * Readies DJL's Hugging Face tokenizers library to run offline, once per process. DJL would find its native
 * library through the thread's context class loader (which in OSGi does not see the wrapped bundle), copy it
 * into {@code ~/.djl.ai}, download one from the internet when the jar lacks the platform's, and call home from
 * a cloud machine; here the library is copied from the wrapped bundle into this bundle's own data area and
 * named through DJL's {@code RUST_LIBRARY_PATH} override, and DJL's offline mode ({@code ai.djl.offline}) and
 * tracking opt-out ({@code OPT_OUT_TRACKING}) are set, so nothing is downloaded or sent.
 */
final class HfNativeLibrary {

	/** The version of the Rust library inside DJL 0.38.0's jar ({@code native/lib/tokenizers.properties}). */
	private static final String VERSION = "0.21.0-0.38.0";

	private static Path loaded;

	private HfNativeLibrary() {
	}

	/** Sets DJL's switches and places the native library; returns the class loader DJL must see. */
	static synchronized ClassLoader ready() {
		System.setProperty("ai.djl.offline", "true");
		System.setProperty("OPT_OUT_TRACKING", "true");
		ClassLoader djl = ai.djl.huggingface.tokenizers.HuggingFaceTokenizer.class.getClassLoader();
		if (loaded == null) {
			String platform = platform();
			String name = System.mapLibraryName("tokenizers");
			String resource = "native/lib/" + platform + "/cpu/" + name;
			Path target = dataArea().resolve(VERSION).resolve(platform).resolve(name);
			try {
				if (!Files.isRegularFile(target)) {
					try (InputStream in = djl.getResourceAsStream(resource)) {
						if (in == null) {
							throw new TokenizerException("the Hugging Face tokenizers library has no native code for "
									+ platform + " in this build (" + resource + "); use cl100k, o200k or server");
						}
						Files.createDirectories(target.getParent());
						Path part = Files.createTempFile(target.getParent(), name, ".part");
						Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
						Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
					}
				}
			} catch (IOException e) {
				throw new TokenizerException("cannot place the Hugging Face tokenizers library at " + target + ": "
						+ e.getMessage(), e);
			}
			System.setProperty("RUST_LIBRARY_PATH", target.toString());
			loaded = target;
		}
		return djl;
	}

	/** DJL's name for this machine's platform directory. */
	static String platform() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
		boolean arm = arch.contains("aarch64") || arch.contains("arm64");
		if (os.startsWith("linux")) {
			return arm ? "linux-aarch64" : "linux-x86_64";
		}
		if (os.startsWith("mac") || os.startsWith("darwin")) {
			return arm ? "osx-aarch64" : "osx-x86_64";
		}
		if (os.startsWith("windows")) {
			return "win-x86_64";
		}
		return os + "-" + arch;
	}

	/** This bundle's data area in OSGi (the framework's storage), else a directory under java.io.tmpdir. */
	private static Path dataArea() {
		Bundle bundle = FrameworkUtil.getBundle(HfNativeLibrary.class);
		BundleContext context = bundle == null ? null : bundle.getBundleContext();
		if (context != null && context.getDataFile("native") != null) {
			return context.getDataFile("native").toPath();
		}
		return Path.of(System.getProperty("java.io.tmpdir"), "deepstress-" + System.getProperty("user.name"), "native");
	}
}
