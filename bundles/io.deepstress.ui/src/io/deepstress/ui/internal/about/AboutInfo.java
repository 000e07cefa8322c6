package io.deepstress.ui.internal.about;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

import org.eclipse.osgi.service.datalocation.Location;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * What Help &gt; About shows.
 *
 * @param version       DeepStress version (of the workbench bundle)
 * @param java          Java version, vendor and home
 * @param dataDirectory the instance data directory, or a note that there is none
 */
public record AboutInfo(String version, String java, String dataDirectory) {

	/** Reads the facts of the running application. */
	public static AboutInfo collect(Location instanceLocation) {
		Bundle bundle = FrameworkUtil.getBundle(AboutInfo.class);
		String version = bundle == null ? "unknown" : bundle.getVersion().toString();
		String java = System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ") in "
				+ System.getProperty("java.home");
		return new AboutInfo(version, java, describe(instanceLocation));
	}

	private static String describe(Location location) {
		if (location == null || location.getURL() == null) {
			return "none (started with -data @none)";
		}
		URL url = location.getURL();
		try {
			return Path.of(url.toURI()).toString();
		} catch (URISyntaxException | IllegalArgumentException e) {
			return url.getPath();
		}
	}
}
