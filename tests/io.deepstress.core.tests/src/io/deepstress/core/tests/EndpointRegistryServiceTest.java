package io.deepstress.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.util.tracker.ServiceTracker;

import io.deepstress.core.events.DeepStressTopics;
import io.deepstress.core.events.ModelTopics;
import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Endpoint;
import io.deepstress.core.services.EndpointRegistry;

/** The endpoint registry as the workbench gets it: a Declarative Services component posting on EventAdmin. */
class EndpointRegistryServiceTest {

	private final BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
	private ServiceTracker<EndpointRegistry, EndpointRegistry> tracker;
	private ServiceRegistration<EventHandler> handler;
	private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
	private EndpointRegistry registry;
	private final String unique = UUID.randomUUID().toString().substring(0, 8);

	@BeforeEach
	void setUp() throws InterruptedException {
		tracker = new ServiceTracker<>(context, EndpointRegistry.class, null);
		tracker.open();
		registry = tracker.waitForService(10_000);
		assertNotNull(registry, "EndpointRegistry service registered by DS");
		Dictionary<String, Object> props = new Hashtable<>();
		props.put(EventConstants.EVENT_TOPIC, ModelTopics.ALL);
		handler = context.registerService(EventHandler.class, events::add, props);
	}

	@AfterEach
	void tearDown() {
		registry.list().stream().filter(e -> e.name().contains(unique)).forEach(e -> registry.remove(e.id()));
		handler.unregister();
		tracker.close();
	}

	@Test
	void startsWithTheBuiltinSimulator() {
		assertTrue(registry.list().stream().anyMatch(Endpoint::isBuiltin));
		assertTrue(registry.find(Endpoint.builtinSimulator().id()).isPresent());
	}

	@Test
	void savesListsSortedAndRemoves() {
		Endpoint b = registry.save(Endpoint.create("b-" + unique, "http://127.0.0.1:9/v1", ApiKind.CHAT, "m"));
		Endpoint a = registry.save(Endpoint.create("A-" + unique, "http://127.0.0.1:9/v1", ApiKind.CHAT, "m"));
		var mine = registry.list().stream().filter(e -> e.name().contains(unique)).toList();
		assertEquals(java.util.List.of(a, b), mine, "sorted by name, case-insensitive");
		assertTrue(registry.remove(a.id()));
		assertFalse(registry.remove(a.id()));
		assertTrue(registry.find(a.id()).isEmpty());
	}

	@Test
	void rejectsASecondEndpointWithTheSameName() {
		registry.save(Endpoint.create("dup-" + unique, "http://127.0.0.1:9/v1", ApiKind.CHAT, "m"));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry
				.save(Endpoint.create("DUP-" + unique, "http://127.0.0.1:9/v1", ApiKind.COMPLETIONS, "m")));
		assertTrue(e.getMessage().contains("already exists"), e.getMessage());
	}

	@Test
	void postsEachChangeOnTheBusWithTheEndpointAsPayload() throws InterruptedException {
		Endpoint saved = registry.save(Endpoint.create("ev-" + unique, "http://127.0.0.1:9/v1", ApiKind.CHAT, "m"));
		Event event = nextEventAbout(saved);
		assertEquals(ModelTopics.CHANGED, event.getTopic());
		assertEquals("deepstress/model/changed", event.getTopic());
		assertSame(saved, event.getProperty(DeepStressTopics.DATA));

		registry.remove(saved.id());
		assertSame(saved, nextEventAbout(saved).getProperty(DeepStressTopics.DATA));
	}

	private Event nextEventAbout(Endpoint endpoint) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			Event event = events.poll(100, TimeUnit.MILLISECONDS);
			if (event != null && endpoint.equals(event.getProperty(DeepStressTopics.DATA))) {
				return event;
			}
		}
		throw new AssertionError("no event about " + endpoint.name() + " within 10 s");
	}
}
