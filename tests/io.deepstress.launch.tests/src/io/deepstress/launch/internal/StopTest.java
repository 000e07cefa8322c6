package io.deepstress.launch.internal;

import static io.deepstress.launch.internal.LaunchFixture.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.deepstress.core.launch.LaunchHandle;
import io.deepstress.core.launch.LaunchRequest;
import io.deepstress.core.launch.LaunchResult;
import io.deepstress.core.launch.LaunchService;
import io.deepstress.core.launch.LaunchStep;
import io.deepstress.core.launch.RunPlan;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.RunStore;

/**
 * Stop at every phase of a launch (a two-level sweep): before its first run starts, while a run runs, between
 * levels, and while a run's final figures are being written. Whatever ran is recorded as it ended; nothing more
 * starts; the launch ends.
 */
class StopTest {

	private final LaunchFixture fixture = new LaunchFixture();
	private final LaunchService launches = fixture.service(LaunchService.class);
	private final RunStore store = fixture.service(RunStore.class);

	@AfterEach
	void close() {
		fixture.close();
	}

	private static LaunchResult end(LaunchHandle launch) throws Exception {
		return launch.completion().get(60, TimeUnit.SECONDS);
	}

	private void assertRecordedAsItEnded(LaunchResult result) {
		for (RunSummary s : result.summaries()) {
			assertEquals(s.status(), store.find(s.runId()).orElseThrow().status(), s.name());
			assertEquals(s.attempts(), store.samples(s.runId()).size(), "every attempt of " + s.name() + " written");
		}
		assertEquals(List.of(), result.unsaved());
		assertEquals(List.of(), launches.active());
	}

	@Test
	void stopBeforeTheFirstRunStartsRunsNothingMore() throws Exception {
		fixture.saved("stop at once", 1_000, List.of(1.0, 2.0));
		LaunchHandle launch = launches.launch(LaunchRequest.of(RunPlan.saved("stop at once")));
		launch.cancel();
		launch.cancel();
		LaunchResult result = end(launch);
		assertTrue(result.cancelled() && result.stopped());
		assertTrue(result.summaries().size() <= 1, "the second level never starts: " + result.summaries());
		result.summaries().forEach(s -> assertEquals(RunStatus.CANCELLED, s.status()));
		assertRecordedAsItEnded(result);
	}

	@Test
	void stopWhileARunRunsCancelsItAndSkipsTheRest() throws Exception {
		fixture.saved("stop running", 100_000, List.of(1.0, 2.0));
		LaunchFixture.Heard heard = new LaunchFixture.Heard();
		LaunchHandle launch = launches.launch(LaunchRequest.of(RunPlan.saved("stop running")).listenedBy(heard));
		waitUntil("two requests of the first level", Duration.ofSeconds(30),
				() -> heard.last != null && heard.last.completed() >= 2);
		assertTrue(launch.current().isPresent(), "a run is running");
		launch.cancel();
		LaunchResult result = end(launch);
		assertEquals(1, result.summaries().size());
		RunSummary first = result.summaries().get(0);
		assertEquals(RunStatus.CANCELLED, first.status());
		assertTrue(first.total() >= 2 && first.total() < 100_000, "what it measured is kept: " + first.total());
		assertEquals(1, heard.steps.size());
		assertRecordedAsItEnded(result);
	}

	@Test
	void stopBetweenLevelsStartsNoOtherLevel() throws Exception {
		fixture.saved("stop between", 2, List.of(1.0, 2.0, 3.0));
		LaunchHandle[] launch = new LaunchHandle[1];
		LaunchFixture.Heard heard = new LaunchFixture.Heard() {
			@Override
			public void onStep(LaunchStep step) {
				super.onStep(step);
				if (step.index() == 2) {
					while (launch[0] == null) {
						Thread.onSpinWait();
					}
					launch[0].cancel();
				}
			}
		};
		launch[0] = launches.launch(LaunchRequest.of(RunPlan.saved("stop between")).listenedBy(heard));
		LaunchResult result = end(launch[0]);
		assertEquals(List.of("stop between c1"), result.summaries().stream().map(RunSummary::name).toList());
		assertEquals(RunStatus.COMPLETED, result.summaries().get(0).status());
		assertTrue(result.cancelled());
		assertRecordedAsItEnded(result);
	}

	@Test
	void stopWhileARunsFinalFiguresAreWrittenKeepsThemAndStartsNothingMore() throws Exception {
		fixture.saved("stop writing", 3, List.of(1.0, 2.0));
		LaunchHandle[] launch = new LaunchHandle[1];
		LaunchFixture.Heard heard = new LaunchFixture.Heard() {
			@Override
			public void onFinished(RunSummary summary) { // the engine's end: the recorder writes it now
				super.onFinished(summary);
				while (launch[0] == null) {
					Thread.onSpinWait();
				}
				launch[0].cancel();
			}
		};
		launch[0] = launches.launch(LaunchRequest.of(RunPlan.saved("stop writing")).listenedBy(heard));
		LaunchResult result = end(launch[0]);
		assertEquals(1, result.summaries().size());
		assertEquals(RunStatus.COMPLETED, result.summaries().get(0).status());
		assertEquals(3, store.find(result.summaries().get(0).runId()).orElseThrow().succeeded(), "final figures written");
		assertRecordedAsItEnded(result);
	}
}
