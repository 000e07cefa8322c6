package io.deepstress.ui.internal.status;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.UIEvents;

import io.deepstress.core.events.RecordTopics;
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
	/** While the disk under the records database is full: results wait in memory until space is freed. */
	public static final String DISK_FULL_TITLE = "DeepStress \u2014 disk full: records not saved yet";
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

	/** A write failed: a full disk shows in the title (its message in the tooltip) until a write succeeds again. */
	@Inject
	@Optional
	void writeFailed(@UIEventTopic(RecordTopics.FAILED) Object message) {
		String text = String.valueOf(message);
		if (text.contains("disk holding the records database is full")) {
			title(DISK_FULL_TITLE, text);
		}
	}

	@Inject
	@Optional
	void written(@UIEventTopic(RecordTopics.CHANGED) Object runId) {
		for (MWindow window : application.getChildren()) {
			if (DISK_FULL_TITLE.equals(window.getLabel())) {
				window.setLabel(TITLE);
				window.setTooltip(null);
			}
		}
	}

	private void title(String label, String tooltip) {
		for (MWindow window : application.getChildren()) {
			window.setLabel(label);
			window.setTooltip(tooltip);
		}
	}
}
