package io.deepstress.plugins;

/**
 * A plug-in: an installable feature of a p2 repository (its feature group), or one installed into this
 * DeepStress.
 *
 * @param id          the feature's id, as given to install and uninstall (without ".feature.group")
 * @param version     its version
 * @param name        its human-readable name (the id when it has none)
 * @param description its description, or empty
 * @param installed   whether it is installed in this DeepStress (for a repository's list)
 */
public record Plugin(String id, String version, String name, String description, boolean installed) {
}
