package io.deepstress.launch.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.deepstress.core.launch.RunPlan;
import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Endpoint;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.NetworkOptions;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.Timeouts;

/** An endpoint saved without TLS verification runs with the insecure opt-out; other network options survive. */
class EndpointTlsTest {

	private static RunConfig config(NetworkOptions network) {
		return new RunConfig("t", new ApiTarget("http://127.0.0.1:1/v1", ApiKind.CHAT, "m", null, null),
				RequestOptions.defaults(), List.of(new DatasetShare(new Dataset("d", List.of(new Prompt("p", "hi"))), 1)),
				new Load.ClosedLoop(1), Limits.singlePass(),
				new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)), RetryPolicy.none(),
				network);
	}

	private static Endpoint endpoint(boolean verifyTls) {
		return new Endpoint("id-" + verifyTls, "lab", "https://lab.example:8443/v1", ApiKind.CHAT, "m")
				.with(Map.of(), verifyTls, Timeouts.defaults());
	}

	@Test
	void anEndpointWithoutVerificationRunsInsecureAndKeepsTheOtherOptions() {
		PlanResolver resolver = new PlanResolver(new Lookup(null));
		NetworkOptions h2 = NetworkOptions.defaults().withHttp(NetworkOptions.Http.HTTP_2).withProxy("none");
		RunConfig insecure = resolver.resolve(List.of(RunPlan.on(endpoint(false), config(h2)))).get(0).config();
		assertTrue(insecure.network().insecure(), "recorded as an insecure run");
		assertEquals(NetworkOptions.Http.HTTP_2, insecure.network().http());
		assertEquals("none", insecure.network().proxy());
		assertEquals("https://lab.example:8443/v1", insecure.target().baseUrl());
		RunConfig verified = resolver.resolve(List.of(RunPlan.on(endpoint(true), config(h2)))).get(0).config();
		assertFalse(verified.network().insecure());
		assertEquals(h2, verified.network(), "the run's own network options are kept");
	}
}
