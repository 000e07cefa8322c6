package io.deepstress.plugins;

import java.net.URI;
import java.util.Collection;
import java.util.List;

/**
 * Installs plug-ins (features of a p2 repository) into this DeepStress installation, lists and uninstalls
 * them. Changes take effect at the next start. An OSGi service; every method blocks (network, disk), so
 * call it off the UI thread.
 */
public interface PluginManager {

	/** The plug-ins installed into this DeepStress (not the parts of DeepStress itself), by name. */
	List<Plugin> installed() throws PluginException;

	/** The plug-ins a p2 repository offers (its features), by name, each marked whether installed. */
	List<Plugin> available(URI repository) throws PluginException;

	/**
	 * Installs these plug-ins (ids as {@link #available} lists them, newest version) from the repository,
	 * with whatever they need from it; nothing is changed if any of them cannot be installed.
	 *
	 * @return what was installed
	 */
	List<Plugin> install(URI repository, Collection<String> ids) throws PluginException;

	/**
	 * Uninstalls these installed plug-ins; nothing is changed if any of them is not installed.
	 *
	 * @return what was uninstalled
	 */
	List<Plugin> uninstall(Collection<String> ids) throws PluginException;
}
