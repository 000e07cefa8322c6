package io.deepstress.ui.internal.handlers;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;

import io.deepstress.ui.internal.switcher.PerspectiveLayouts;

/** Window &gt; Reset Perspective: puts the active perspective back to the layout it was contributed with. */
public final class ResetPerspectiveHandler {

	@CanExecute
	boolean canExecute(MWindow window, MApplication application, EModelService modelService) {
		return new PerspectiveLayouts(application, modelService).canReset(modelService.getActivePerspective(window));
	}

	@Execute
	void execute(MWindow window, MApplication application, EModelService modelService, EPartService partService) {
		new PerspectiveLayouts(application, modelService).reset(window, partService);
	}
}
