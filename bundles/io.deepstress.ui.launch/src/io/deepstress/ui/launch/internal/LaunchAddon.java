package io.deepstress.ui.launch.internal;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.EventTopic;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.workbench.UIEvents;

import io.deepstress.core.events.LaunchTopics;
import io.deepstress.core.launch.LaunchHandle;
import io.deepstress.core.launch.LaunchResult;
import io.deepstress.core.launch.LaunchService;
import io.deepstress.core.launch.LaunchStep;
import jakarta.inject.Inject;

/**
 * The workbench's side of launches, whichever view started them: the step a launch is at and the summaries of the
 * last one go into the application context ({@link LaunchPart#CURRENT_STEP}, {@link LaunchPart#LAST_SUMMARIES}) so
 * that views opened later show them; when the window closes, launches still running are stopped and their runs'
 * final writes waited for (a few seconds at most), so they are kept as cancelled with what they measured.
 */
public final class LaunchAddon {

	/** How long closing the window waits for stopped launches to write their runs. */
	private static final long CLOSE_WAIT_SECONDS = 10;

	@Inject
	private MApplication application;

	@Inject
	@Service
	@Optional
	private LaunchService launches;

	@Inject
	@Optional
	void onStep(@UIEventTopic(LaunchTopics.STEP) LaunchStep step) {
		application.getContext().set(LaunchPart.CURRENT_STEP, step);
	}

	@Inject
	@Optional
	void onFinished(@UIEventTopic(LaunchTopics.FINISHED) LaunchResult result) {
		application.getContext().set(LaunchPart.LAST_SLO, result.slo());
		application.getContext().set(LaunchPart.LAST_SUMMARIES, List.copyOf(result.summaries()));
	}

	@Inject
	@Optional
	void onShutdown(@EventTopic(UIEvents.UILifeCycle.APP_SHUTDOWN_STARTED) Object event) {
		if (launches == null) {
			return;
		}
		List<LaunchHandle> running = launches.active();
		running.forEach(LaunchHandle::cancel);
		for (LaunchHandle l : running) {
			try {
				l.completion().get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
			} catch (Exception e) {
				// closing anyway: what was synced is kept, the run is marked interrupted at the next start
			}
		}
	}
}
