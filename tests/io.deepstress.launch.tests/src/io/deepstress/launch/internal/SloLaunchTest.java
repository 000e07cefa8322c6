package io.deepstress.launch.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.deepstress.core.launch.LaunchRequest;
import io.deepstress.core.launch.LaunchResult;
import io.deepstress.core.launch.LaunchService;
import io.deepstress.core.launch.RunPlan;
import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Datasets;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.run.Timeouts;
import io.deepstress.core.services.RunStore;
import io.deepstress.core.slo.Slo;
import io.deepstress.core.slo.SloResult;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/**
 * A plan's SLO judges each of its runs from the engine's own per-request results; the result comes back with the
 * launch and is saved with the run. The simulator never sends the first token before its TTFT (40 ms here), so a
 * 20 ms per-request limit is met by no request and a 10 s run-level limit holds.
 */
class SloLaunchTest {

	private final LaunchFixture fixture = new LaunchFixture();
	private final LaunchService launches = fixture.service(LaunchService.class);
	private final RunStore store = fixture.service(RunStore.class);

	@AfterEach
	void close() {
		fixture.close();
	}

	@Test
	void eachRunOfASweepIsJudgedAndTheResultIsSavedWithIt() throws Exception {
		try (Simulator sim = Simulator.start(SimulatorSettings.defaults().withTtft(Duration.ofMillis(40))
				.withItl(Duration.ofMillis(2)).withDefaultOutputTokens(5))) {
			RunConfig config = new RunConfig("judged", new ApiTarget(sim.baseUrl(), ApiKind.CHAT, "deepstress-sim", null,
					null), RequestOptions.defaults(), List.of(new DatasetShare(Datasets.builtin(), 1)),
					new Load.ClosedLoop(1), Limits.requests(6).withWarmup(2), Timeouts.defaults(), RetryPolicy.none());
			Slo slo = Slo.parse("ttft<=20ms,e2e<=10s,ttft_p50<=10s");
			LaunchResult r = launches.launch(LaunchRequest.of(RunPlan.of(config).atLevels(List.of(1.0, 2.0)).withSlo(slo)))
					.completion().get(60, TimeUnit.SECONDS);
			assertEquals(2, r.summaries().size());
			for (RunSummary s : r.summaries()) {
				SloResult judged = r.slo().get(s.runId());
				assertEquals(6, judged.total(), "measured requests only: the warm-up is left out");
				assertEquals(0, judged.met(), "no request has TTFT <= 20 ms");
				assertEquals(0.0, judged.goodputRps());
				assertTrue(judged.passed(), "the run-level limit holds: " + judged);
				assertEquals(s.ttft().p50(), judged.limits().get(0).valueMillis());
				assertEquals(6, judged.limits().get(0).within());
				SloResult saved = store.slo(s.runId()).orElseThrow();
				assertEquals(judged.limits(), saved.limits());
				assertEquals(judged.met(), saved.met());
				assertEquals(judged.total(), saved.total());
			}
			LaunchResult none = launches.launch(LaunchRequest.of(RunPlan.of(config))).completion().get(60,
					TimeUnit.SECONDS);
			assertTrue(none.slo().isEmpty());
			assertTrue(store.slo(none.summaries().get(0).runId()).isEmpty());
		}
	}
}
