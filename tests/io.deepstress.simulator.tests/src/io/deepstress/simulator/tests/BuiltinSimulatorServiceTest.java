package io.deepstress.simulator.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.deepstress.core.services.BuiltinSimulator;

/** The simulator as the application gets it: a Declarative Services component. */
class BuiltinSimulatorServiceTest {

	@Test
	void startsOnFirstUseAndServesTheDefaultModel() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		ServiceTracker<BuiltinSimulator, BuiltinSimulator> tracker = new ServiceTracker<>(context, BuiltinSimulator.class,
				null);
		tracker.open();
		try {
			BuiltinSimulator service = tracker.waitForService(10_000);
			assertNotNull(service, "BuiltinSimulator registered by DS");
			String url = service.baseUrl();
			assertTrue(url.matches("http://127\\.0\\.0\\.1:\\d+/v1"), url);
			assertEquals(url, service.baseUrl(), "one simulator, started once");
			HttpResponse<String> r = Http.get(url + "/models");
			assertEquals(200, r.statusCode());
			assertEquals("deepstress-sim", Tree.get(Tree.at(Http.object(r.body()).get("data"), 0), "id"));
		} finally {
			tracker.close();
		}
	}
}
