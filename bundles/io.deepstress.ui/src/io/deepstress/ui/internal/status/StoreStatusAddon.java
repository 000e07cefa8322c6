package io.deepstress.ui.internal.status;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.UIEvents;

import io.deepstress.core.services.RunStore;
import jakarta.inject.Inject;

/**
 * Tells the user, in the main window's title, when the records database cannot be used (in use by another
 * DeepStress, broken): the workbench still starts and works, runs are just not kept. The check runs off the
 * UI thread after start-up (opening Derby takes a moment) and resets the title when all is well, since the
 * title is part of the persisted layout.
 */
public final class StoreStatusAddon {

	public static final String TITLE = "DeepStress";
	public static final String READ_ONLY_TITLE = "DeepStress \u2014 records read-only";
	private static final System.Logger LOG = System.getLogger(StoreStatusAddon.class.getName());

	@Inject
	@Optional
	@Service
	private RunStore store;

	@Inject
	private UISynchronize sync;

	@Inject
	private MApplication application;

	@Inject
	@Optional
	void started(@UIEventTopic(UIEvents.UILifeCycle.APP_STARTUP_COMPLETE) Object event) {
		RunStore current = store;
		Thread check = new Thread(() -> {
			String problem = current == null ? null : current.problem().orElse(null);
			if (problem != null) {
				LOG.log(System.Logger.Level.WARNING, problem);
			}
			sync.asyncExec(() -> {
				for (MWindow window : application.getChildren()) {
					window.setLabel(problem == null ? TITLE : READ_ONLY_TITLE);
					window.setTooltip(problem);
				}
			});
		}, "deepstress-store-status");
		check.setDaemon(true);
		check.start();
	}
}
