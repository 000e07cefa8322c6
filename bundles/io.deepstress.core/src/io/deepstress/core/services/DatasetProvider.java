package io.deepstress.core.services;

import java.util.List;

import io.deepstress.core.model.Dataset;

/**
 * Prompt datasets that come with a plug-in, as an OSGi service. The {@link ConfigurationStore} lists them
 * beside the saved datasets (a saved dataset of the same name wins) and runs can use them by name; they are
 * read-only: they go away when the plug-in is uninstalled.
 */
public interface DatasetProvider {

	/** Who provides them, shown in lists and messages (e.g. the plug-in's name). */
	String name();

	/** The datasets; called whenever a list is shown or a dataset is looked up, so keep them at hand. */
	List<Dataset> datasets();
}
