package io.deepstress.plugins;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a p2 repository is, as people give it: a directory, a .zip file, or a URL. */
public final class Repositories {

	private Repositories() {
	}

	/**
	 * The repository as a URI: a {@code file:}, {@code http(s):} or {@code jar:} URL as given; a directory
	 * as its {@code file:} URI; a (zip) file as a {@code jar:file:...!/} URI.
	 *
	 * @throws IllegalArgumentException with a message for the user when it is empty, not a valid URL, or
	 *                                  names no existing directory or file
	 */
	public static URI parse(String given) {
		String text = given == null ? "" : given.strip();
		if (text.isEmpty()) {
			throw new IllegalArgumentException("Give the repository: a directory, a .zip file or a URL");
		}
		if (text.matches("(?i)(file|https?|jar):.*")) {
			try {
				return URI.create(text);
			} catch (IllegalArgumentException e) {
				throw new IllegalArgumentException(text + " is not a valid URL: " + e.getMessage());
			}
		}
		Path path = Path.of(text).toAbsolutePath().normalize();
		if (!Files.exists(path)) {
			throw new IllegalArgumentException(text + ": no such directory or file");
		}
		return Files.isRegularFile(path) ? URI.create("jar:" + path.toUri() + "!/") : path.toUri();
	}
}
