package io.deepstress.store.internal;

/**
 * The store's preferences (instance scope, node {@value Database#PREFERENCE_NODE}). Read through the
 * Equinox preferences service when it is there; without it (a bare OSGi runtime) there are none.
 */
final class Preferences {

	private Preferences() {
	}

	/**
	 * The database location preference: an absolute path, or one relative to the instance location;
	 * null when not set.
	 */
	static String location() {
		try {
			String value = org.eclipse.core.runtime.preferences.InstanceScope.INSTANCE.getNode(Database.PREFERENCE_NODE)
					.get(Database.PREFERENCE_LOCATION, null);
			return value == null || value.isBlank() ? null : value.strip();
		} catch (NoClassDefFoundError | RuntimeException e) {
			return null; // no preferences service or no instance location
		}
	}
}
