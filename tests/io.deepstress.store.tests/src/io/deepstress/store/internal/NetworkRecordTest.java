package io.deepstress.store.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Dataset;
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

/** A run's network options go into its recorded configuration when set, and only then. */
class NetworkRecordTest {

	private static RunConfig config() {
		return new RunConfig("t", new ApiTarget("https://lab.example/v1", ApiKind.CHAT, "m", null, null),
				RequestOptions.defaults(), List.of(new DatasetShare(new Dataset("d", List.of(new Prompt("p", "hi"))), 1)),
				new Load.ClosedLoop(1), Limits.singlePass(),
				new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)), RetryPolicy.none());
	}

	@Test
	void anInsecureRunIsRecordedAsSuchAndADefaultOneIsUnchanged() {
		String plain = Mapping.configJson(config());
		assertFalse(plain.contains("network"), plain);
		String insecure = Mapping.configJson(config().withNetwork(NetworkOptions.defaults().withInsecure(true)
				.withHttp(NetworkOptions.Http.HTTP_2)));
		assertTrue(insecure.endsWith(",\"network\":{\"http\":\"h2\",\"ca_file\":null,\"insecure\":true,\"proxy\":null,"
				+ "\"max_body_bytes\":67108864}}"), insecure);
		assertTrue(insecure.startsWith(plain.substring(0, plain.length() - 1)), "the rest as before");
	}
}
