package io.deepstress.ui.internal.switcher;

import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.modeling.EModelService;

import jakarta.annotation.PostConstruct;

/**
 * Application add-on, created after the model fragments are merged and before anything is rendered:
 * prepares the perspectives of every window (order, initial selection, reset snippets).
 */
public final class PerspectiveAddon {

	@PostConstruct
	void prepare(MApplication application, EModelService modelService) {
		PerspectiveLayouts layouts = new PerspectiveLayouts(application, modelService);
		for (MWindow window : application.getChildren()) {
			layouts.prepare(window);
		}
	}
}
