package io.deepstress.launch.internal;

import static io.deepstress.launch.internal.LaunchFixture.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import io.deepstress.core.launch.RunPlan;
import io.deepstress.core.model.Datasets;
import io.deepstress.core.model.Endpoint;
import io.deepstress.core.model.TestConfiguration;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunRecord;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.run.Timeouts;
import io.deepstress.core.services.RunQuery;
import io.deepstress.core.services.RunStore;

/** Launches through the DS launch service against the built-in simulator, recorded in a real Derby. */
class LaunchServiceTest {

	private final LaunchFixture fixture = new LaunchFixture();
	private final LaunchService launches = fixture.service(LaunchService.class);
	private final RunStore store = fixture.service(RunStore.class);

	@AfterEach
	void close() throws Exception {
		for (LaunchHandle l : launches.active()) {
			l.cancel();
			l.completion().get(30, TimeUnit.SECONDS);
		}
		fixture.close();
	}

	private static LaunchResult end(LaunchHandle launch) throws Exception {
		return launch.completion().get(60, TimeUnit.SECONDS);
	}

	@Test
	void aSavedSweepIsOneBatchOfRecordedRunsNamedAfterTheirLevels() throws Exception {
		fixture.saved("launch sweep", 3, List.of(1.0, 3.0));
		LaunchFixture.Heard heard = new LaunchFixture.Heard();
		LaunchHandle launch = launches.launch(LaunchRequest.of(RunPlan.saved("launch sweep")).listenedBy(heard));
		assertEquals(2, launch.runCount());
		assertNotNull(launch.batchId(), "a sweep is a batch");
		LaunchResult result = end(launch);
		assertEquals(List.of("launch sweep c1", "launch sweep c3"), result.summaries().stream().map(RunSummary::name).toList());
		assertEquals(List.of(1, 3), result.summaries().stream().map(RunSummary::concurrency).toList());
		assertTrue(result.summaries().stream().allMatch(s -> s.succeeded() == 3 && s.status() == RunStatus.COMPLETED));
		assertEquals(List.of(), result.unsaved());
		assertTrue(result.recorded() && !result.stopped());
		assertEquals(List.of("1/2 c1 level 1 of 2: concurrency 1", "2/2 c3 level 2 of 2: concurrency 3"),
				heard.steps.stream().map(s -> s.index() + "/" + s.count() + " " + s.level() + " " + s.text()).toList());
		assertEquals(2, heard.finished.size(), "the client heard both runs end");
		for (RunSummary s : result.summaries()) {
			RunRecord r = store.record(s.runId()).orElseThrow();
			assertEquals(RunStatus.COMPLETED, r.summary().status());
			assertEquals(launch.batchId(), r.origin().batchId());
			assertEquals("launch sweep", r.origin().configurationName());
			assertEquals(Endpoint.BUILTIN_SIMULATOR_NAME, r.origin().endpointName());
			assertEquals(3, store.samples(s.runId()).size(), "every request's sample written before the end");
			assertEquals(result.baseUrls().get(s.runId()), r.endpointUrl(), "the simulator's real address");
		}
		waitUntil("the launch's events on the bus", Duration.ofSeconds(10),
				() -> fixture.eventsOf(launch.launchId()).size() >= 4);
		assertEquals(List.of("started:LaunchStep", "step:LaunchStep", "step:LaunchStep", "finished:LaunchResult"),
				fixture.eventsOf(launch.launchId()));
		assertEquals(List.of(), launches.active(), "an ended launch is no longer active");
	}

	@Test
	void theSamePlanGivesTheSameRecordsWhicheverClientAsksForIt() throws Exception {
		// the command line names a saved configuration, the workbench passes its id: one resolution for both
		TestConfiguration c = fixture.saved("same plan", 4, List.of());
		LaunchResult byName = end(launches.launch(LaunchRequest.of(RunPlan.saved("SAME PLAN"))));
		LaunchResult byId = end(launches.launch(LaunchRequest.of(RunPlan.saved(c.id()))));
		RunRecord a = store.record(byName.summaries().get(0).runId()).orElseThrow();
		RunRecord b = store.record(byId.summaries().get(0).runId()).orElseThrow();
		assertEquals(describe(a), describe(b));
		assertNull(byName.batchId(), "one run alone is no batch");
		assertNull(a.origin().batchId());
	}

	private static String describe(RunRecord r) {
		RunSummary s = r.summary();
		return String.join("|", s.name(), s.model(), s.loadDescription(), String.valueOf(s.concurrency()),
				s.status().name(), String.valueOf(s.total()), String.valueOf(s.succeeded()), r.endpointUrl(),
				r.origin().endpointName(), r.origin().configurationName(),
				s.datasets().stream().map(d -> d.name() + ":" + d.weight()).toList().toString());
	}

	@Test
	void anEndpointPlanGetsTheSimulatorsAddressAndAGivenPlanRunsAsItIs() throws Exception {
		RunConfig config = new RunConfig("on endpoint",
				new ApiTarget(Endpoint.BUILTIN_SIMULATOR_URL, io.deepstress.core.model.ApiKind.CHAT, "deepstress-sim", null, null),
				new RequestOptions(true, 4, null, null, true), List.of(new DatasetShare(Datasets.builtin(), 1)),
				new Load.ClosedLoop(2), Limits.requests(4), Timeouts.defaults(), RetryPolicy.none());
		LaunchResult on = end(launches.launch(LaunchRequest.of(RunPlan.on(Endpoint.builtinSimulator(), config))));
		String url = on.baseUrls().get(on.summaries().get(0).runId());
		assertTrue(url.startsWith("http://127.0.0.1:"), url);
		assertEquals(4, on.summaries().get(0).succeeded());
		RunConfig given = new RunConfig("given", new ApiTarget(url, config.target().apiKind(), "deepstress-sim", null, null),
				config.request(), config.datasets(), config.load(), config.limits(), config.timeouts(), config.retry());
		LaunchResult direct = end(launches.launch(LaunchRequest.of(RunPlan.of(given).atLevels(List.of(1.0, 2.0)))));
		assertEquals(List.of("given c1", "given c2"), direct.summaries().stream().map(RunSummary::name).toList());
		assertNotNull(direct.batchId());
		assertNull(store.record(direct.summaries().get(0).runId()).orElseThrow().origin().endpointName(),
				"a URL given in full names no endpoint");
	}

	@Test
	void aPlanThatCannotRunIsRefusedBeforeAnythingStarts() throws Exception {
		fixture.saved("refused", 2, List.of());
		long before = store.count(RunQuery.all(1));
		IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
				() -> launches.launch(LaunchRequest.of(RunPlan.saved("no such configuration"))));
		assertEquals("no saved configuration named 'no such configuration' (see deepstress configs list)",
				missing.getMessage());
		IllegalArgumentException half = assertThrows(IllegalArgumentException.class,
				() -> launches.launch(LaunchRequest.of(RunPlan.saved("refused").atLevels(List.of(1.0, 2.5)))));
		assertEquals("Sweep: '2.5' is not a concurrency level (a whole number from 1 to 4096; levels separated by"
				+ " commas, e.g. 1,8,32,128)", half.getMessage(), "the one sweep rule: 2.5 is not run as 3");
		assertThrows(IllegalArgumentException.class,
				() -> launches.launch(LaunchRequest.of(RunPlan.saved("refused").atLevels(List.of(5000.0)))));
		RunConfig badUrl = new RunConfig("bad", new ApiTarget("ftp://x/v1", io.deepstress.core.model.ApiKind.CHAT, "m", null,
				null), RequestOptions.defaults(), List.of(new DatasetShare(Datasets.builtin(), 1)), new Load.ClosedLoop(1),
				Limits.requests(1), Timeouts.defaults(), RetryPolicy.none());
		// the second plan is refused: the first must not have started either
		assertThrows(IllegalArgumentException.class,
				() -> launches.launch(new LaunchRequest(List.of(RunPlan.saved("refused"), RunPlan.of(badUrl)), null)));
		assertEquals(List.of(), launches.active());
		assertEquals(before, store.count(RunQuery.all(1)), "nothing recorded");
	}

	@Test
	void aPlanNotToRecordLeavesNoRecord() throws Exception {
		fixture.saved("unrecorded", 2, List.of());
		long before = store.count(RunQuery.all(1));
		LaunchResult result = end(launches.launch(LaunchRequest.of(RunPlan.saved("unrecorded").recorded(false))));
		assertEquals(2, result.summaries().get(0).succeeded());
		assertTrue(store.record(result.summaries().get(0).runId()).isEmpty());
		assertEquals(before, store.count(RunQuery.all(1)));
	}
}
