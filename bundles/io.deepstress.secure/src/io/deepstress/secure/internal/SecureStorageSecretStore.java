package io.deepstress.secure.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.eclipse.equinox.security.storage.EncodingUtils;
import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.equinox.security.storage.SecurePreferencesFactory;
import org.eclipse.equinox.security.storage.StorageException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.deepstress.core.services.SecretStore;

/**
 * Secrets in Eclipse Secure Storage (node {@code /io.deepstress/secrets}), encrypted, flushed on change. The
 * storage lives in the data directory ({@link StorageLocation}); secrets of earlier versions are moved there
 * from Equinox's default place when the service starts.
 */
@Component(service = SecretStore.class)
public final class SecureStorageSecretStore implements SecretStore {

	private static final String NODE = "io.deepstress/secrets";
	private static final System.Logger LOG = System.getLogger(SecureStorageSecretStore.class.getName());

	private ISecurePreferences root;
	private String problem;

	@Activate
	void activate(BundleContext context) {
		Path dir = StorageLocation.directory(context);
		if (dir == null) {
			root = SecurePreferencesFactory.getDefault(); // no data directory: Equinox's own place
			return;
		}
		try {
			root = StorageLocation.open(dir);
			StorageLocation.migrate(NODE, root, StorageLocation.oldFile(), StorageLocation.oldKeyFile());
		} catch (IOException | RuntimeException e) {
			problem = "Eclipse Secure Storage in " + dir + " cannot be opened: " + e.getMessage();
			LOG.log(System.Logger.Level.ERROR, problem);
		}
	}

	private synchronized ISecurePreferences node() {
		if (root == null) {
			throw new IllegalStateException(problem != null ? problem : "Eclipse Secure Storage is not available");
		}
		return root.node(NODE);
	}

	private static String name(String key) {
		return EncodingUtils.encodeSlashes(key);
	}

	@Override
	public synchronized Optional<String> get(String key) {
		try {
			return Optional.ofNullable(node().get(name(key), null));
		} catch (StorageException e) {
			throw new IllegalStateException("Cannot read secret '" + key + "' from secure storage: " + e.getMessage(), e);
		}
	}

	@Override
	public synchronized void put(String key, String value) {
		try {
			ISecurePreferences node = node();
			node.put(name(key), value, true);
			node.flush();
		} catch (StorageException | IOException e) {
			throw new IllegalStateException("Cannot store secret '" + key + "' in secure storage: " + e.getMessage(), e);
		}
	}

	@Override
	public synchronized void remove(String key) {
		try {
			ISecurePreferences node = node();
			node.remove(name(key));
			node.flush();
		} catch (IOException e) {
			throw new IllegalStateException("Cannot remove secret '" + key + "' from secure storage: " + e.getMessage(), e);
		}
	}
}
