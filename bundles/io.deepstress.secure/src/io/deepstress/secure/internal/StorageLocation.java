package io.deepstress.secure.internal;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.equinox.security.storage.SecurePreferencesFactory;
import org.eclipse.equinox.security.storage.StorageException;
import org.eclipse.equinox.security.storage.provider.IProviderHints;
import org.eclipse.osgi.service.datalocation.Location;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Where DeepStress keeps its secure storage: with the rest of its data, in {@code <instance>/secure/} (the
 * instance location is {@code <data>/workspace}: {@code DEEPSTRESS_DATA}, {@code HOME} or {@code -data} move it,
 * as they move the records database), or {@code -Ddeepstress.secure.dir}. Two data directories then have two
 * secret stores, and deleting a data directory deletes its secrets. The storage file holds only ciphertext; its
 * master key is the file {@code secure-storage.key} beside it (0600).
 *
 * <p>Earlier versions used Equinox's default place under Java's {@code user.home}
 * ({@code ~/.eclipse/org.eclipse.equinox.security/secure_storage}, key {@code ~/.deepstress/secure-storage.key}):
 * the first start with a new place moves DeepStress's node from there, then removes it (and the old files when
 * nothing else is left in them).
 */
final class StorageLocation {

	static final String FILE = "secure_storage";
	static final String KEY_FILE = "secure-storage.key";
	static final String PROVIDER_ID = "io.deepstress.secure.keyFileProvider";
	private static final System.Logger LOG = System.getLogger(StorageLocation.class.getName());

	private StorageLocation() {
	}

	/** The directory of DeepStress's secure storage, or null when there is no data directory (then Equinox's default). */
	static Path directory(BundleContext context) {
		String explicit = System.getProperty("deepstress.secure.dir");
		if (explicit != null && !explicit.isBlank()) {
			return Path.of(explicit).toAbsolutePath();
		}
		Path instance = context == null ? null : instanceLocation(context);
		return instance == null ? null : instance.resolve("secure");
	}

	/** The secure storage in {@code dir} with DeepStress's key-file password, created on first use. */
	static ISecurePreferences open(Path dir) throws IOException {
		Files.createDirectories(dir);
		return openFile(dir.resolve(FILE));
	}

	private static ISecurePreferences openFile(Path file) throws MalformedURLException, IOException {
		Map<String, Object> options = new HashMap<>();
		options.put(IProviderHints.REQUIRED_MODULE_ID, PROVIDER_ID);
		options.put(IProviderHints.PROMPT_USER, Boolean.FALSE);
		ISecurePreferences root = SecurePreferencesFactory.open(file.toUri().toURL(), options);
		if (root == null) {
			throw new IOException("Eclipse Secure Storage could not open " + file);
		}
		return root;
	}

	/** Equinox's default storage file of earlier versions. */
	static Path oldFile() {
		return Path.of(System.getProperty("user.home"), ".eclipse", "org.eclipse.equinox.security", FILE);
	}

	/** The master key of earlier versions (and of any storage outside a DeepStress secure directory). */
	static Path oldKeyFile() {
		return Path.of(System.getProperty("user.home"), ".deepstress", KEY_FILE);
	}

	/**
	 * Moves the node {@code node} from the old place into {@code target} once: only when the old file exists and
	 * the new storage has no such node yet. The old node is removed afterwards; the old file and key go when
	 * nothing else is left in the file.
	 *
	 * @return how many secrets were moved
	 */
	static int migrate(String node, ISecurePreferences target, Path oldFile, Path oldKey) {
		if (!Files.isRegularFile(oldFile) || target.nodeExists(node)) {
			return 0;
		}
		try {
			ISecurePreferences oldRoot = openFile(oldFile);
			if (!oldRoot.nodeExists(node)) {
				return 0;
			}
			ISecurePreferences from = oldRoot.node(node);
			ISecurePreferences to = target.node(node);
			int moved = 0;
			for (String key : from.keys()) {
				String value = from.get(key, null);
				if (value != null) {
					to.put(key, value, true);
					moved++;
				}
			}
			target.flush();
			from.removeNode();
			oldRoot.flush();
			if (isEmpty(oldRoot)) {
				Files.deleteIfExists(oldFile);
				Files.deleteIfExists(oldKey);
			}
			LOG.log(System.Logger.Level.INFO, "moved " + moved + " secret(s) from " + oldFile + " to the data directory");
			return moved;
		} catch (StorageException | IOException | RuntimeException e) {
			LOG.log(System.Logger.Level.WARNING, "the secrets at " + oldFile + " could not be moved (left there): " + e);
			return 0;
		}
	}

	/** Whether a storage holds nothing but empty nodes (Equinox keeps its own bookkeeping under them). */
	private static boolean isEmpty(ISecurePreferences root) {
		for (String child : root.childrenNames()) {
			ISecurePreferences c = root.node(child);
			if (c.keys().length > 0 || !isEmpty(c)) {
				// Equinox's own verification entries do not count
				if (!child.equals("org.eclipse.equinox.secure.storage")) {
					return false;
				}
			}
		}
		return root.keys().length == 0;
	}

	private static Path instanceLocation(BundleContext context) {
		try {
			Collection<ServiceReference<Location>> refs = context.getServiceReferences(Location.class,
					Location.INSTANCE_FILTER);
			for (ServiceReference<Location> ref : refs) {
				Location location = context.getService(ref);
				try {
					if (location != null && location.getURL() != null) {
						return Path.of(location.getURL().toURI());
					}
				} catch (URISyntaxException | IllegalArgumentException e) {
					// no usable instance location
				} finally {
					context.ungetService(ref);
				}
			}
		} catch (InvalidSyntaxException e) {
			// cannot happen with the framework's own filter
		}
		return null;
	}

	/** The key file for a storage at {@code storage}: beside it in a DeepStress secure directory, else the old one. */
	static Path keyFileFor(URL storage) {
		if (storage != null && "file".equals(storage.getProtocol())) {
			try {
				Path file = Path.of(storage.toURI());
				if (!file.equals(oldFile()) && file.getFileName() != null && FILE.equals(file.getFileName().toString())) {
					return file.resolveSibling(KEY_FILE);
				}
			} catch (URISyntaxException | IllegalArgumentException e) {
				// fall through to the old key
			}
		}
		return oldKeyFile();
	}
}
