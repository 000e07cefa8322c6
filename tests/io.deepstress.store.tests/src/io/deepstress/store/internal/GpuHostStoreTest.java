package io.deepstress.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.event.Event;
import org.osgi.util.tracker.ServiceTracker;

import io.deepstress.core.events.DeepStressTopics;
import io.deepstress.core.events.GpuTopics;
import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuHostRegistry;
import io.deepstress.core.gpu.GpuSampleSink;
import io.deepstress.core.services.RunStore;

/**
 * Saved GPU hosts: names unique ignoring case, the same message from the check on save and from the index;
 * changes on the bus; the DS service.
 */
class GpuHostStoreTest {

	private final Path dir = Path.of(System.getProperty("deepstress.test.dir"), UUID.randomUUID().toString());
	private Database database;

	private final List<Event> events = Collections.synchronizedList(new ArrayList<>());

	private DerbyGpuHostRegistry open() {
		database = TestStores.open(dir.resolve("db"), TestData.collecting(events));
		assertNull(database.problem(), database.problem());
		return DerbyGpuHostRegistry.over(database);
	}

	@AfterEach
	void close() {
		if (database != null) {
			database.close();
		}
	}

	private static GpuHost ssh(String name, int port) {
		return new GpuHost(UUID.randomUUID().toString(), name, GpuHost.Kind.SSH, "gpu.example", port, "me",
				GpuHost.Auth.PASSWORD, null, null);
	}

	@Test
	void namesAreUniqueIgnoringCaseAndARenameOfTheSameHostIsAllowed() {
		DerbyGpuHostRegistry hosts = open();
		GpuHost box = hosts.save(ssh("Box", 22));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> hosts.save(ssh(" BOX ", 23)));
		assertEquals("A GPU host named 'BOX' already exists", e.getMessage());
		hosts.save(new GpuHost(box.id(), "box", box.kind(), box.hostname(), 2222, box.user(), box.auth(), null, null));
		assertEquals(List.of("box"), hosts.hosts().stream().map(GpuHost::name).toList());
		assertEquals(2222, hosts.byName("BOX ").orElseThrow().port());
	}

	@Test
	void concurrentSavesOfOneNewNameLeaveExactlyOneAndTheOthersGetTheClearMessage() throws Exception {
		DerbyGpuHostRegistry hosts = open();
		int writers = 8;
		ExecutorService pool = Executors.newFixedThreadPool(writers);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<String>> saves = new ArrayList<>();
		for (int i = 0; i < writers; i++) {
			GpuHost host = ssh("Race box", 2200 + i);
			saves.add(pool.submit(() -> {
				start.await();
				try {
					hosts.save(host);
					return null;
				} catch (IllegalArgumentException duplicate) {
					return duplicate.getMessage();
				}
			}));
		}
		start.countDown();
		int won = 0;
		for (Future<String> f : saves) {
			String refused = f.get(30, TimeUnit.SECONDS);
			if (refused == null) {
				won++;
			} else {
				assertEquals("A GPU host named 'Race box' already exists", refused);
			}
		}
		pool.shutdown();
		assertEquals(1, won, "one save wins, the others get the duplicate-name message");
		assertEquals(1, hosts.hosts().size());
	}

	@Test
	void savesAndRemovalsArePostedOnTheHostsTopicWithTheHostsId() {
		DerbyGpuHostRegistry hosts = open();
		GpuHost box = hosts.save(ssh("Posted box", 22));
		assertEquals(List.of(GpuTopics.HOSTS + " " + box.id()), posted());
		assertThrows(IllegalArgumentException.class, () -> hosts.save(ssh("posted BOX", 23)));
		assertEquals(1, events.size(), "a refused save posts nothing");
		assertTrue(hosts.remove(box.id()));
		assertEquals(List.of(GpuTopics.HOSTS + " " + box.id(), GpuTopics.HOSTS + " " + box.id()), posted());
		assertFalse(hosts.remove(box.id()), "already gone");
		assertEquals(2, events.size(), "removing nothing posts nothing");
		assertTrue(hosts.byName("Posted box").isEmpty());
		assertEquals(List.of(), hosts.hosts());
	}

	private List<String> posted() {
		synchronized (events) {
			return events.stream().map(e -> e.getTopic() + " " + e.getProperty(DeepStressTopics.DATA)).toList();
		}
	}

	@Test
	void theDsServiceIsItsOwnComponentBesideTheRunStore() throws Exception {
		var context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		ServiceTracker<GpuHostRegistry, GpuHostRegistry> tracker = new ServiceTracker<>(context, GpuHostRegistry.class, null);
		tracker.open();
		try {
			GpuHostRegistry registry = tracker.waitForService(10_000);
			assertInstanceOf(DerbyGpuHostRegistry.class, registry);
			assertEquals(1, tracker.size(), "one registry: the run store no longer is one");
			GpuHost host = registry.save(ssh("DS box " + UUID.randomUUID(), 22));
			assertEquals(host, registry.byName(host.name()).orElseThrow());
			assertTrue(registry.remove(host.id()));
			assertFalse(context.getService(context.getServiceReference(RunStore.class)) instanceof GpuHostRegistry);
			assertFalse(context.getService(context.getServiceReference(GpuSampleSink.class)) instanceof GpuHostRegistry);
		} finally {
			tracker.close();
		}
	}
}
