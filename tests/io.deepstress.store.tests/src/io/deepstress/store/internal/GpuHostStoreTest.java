package io.deepstress.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.deepstress.core.gpu.GpuHost;

/** Saved GPU hosts: names unique ignoring case, the same message from the check on save and from the index. */
class GpuHostStoreTest {

	private final Path dir = Path.of(System.getProperty("deepstress.test.dir"), UUID.randomUUID().toString());
	private DerbyRunStore store;

	private DerbyRunStore open() {
		store = DerbyRunStore.open(dir.resolve("db"), null);
		assertTrue(store.problem().isEmpty(), store.problem().orElse(""));
		return store;
	}

	@AfterEach
	void close() {
		if (store != null) {
			store.close();
		}
	}

	private static GpuHost ssh(String name, int port) {
		return new GpuHost(UUID.randomUUID().toString(), name, GpuHost.Kind.SSH, "gpu.example", port, "me",
				GpuHost.Auth.PASSWORD, null, null);
	}

	@Test
	void namesAreUniqueIgnoringCaseAndARenameOfTheSameHostIsAllowed() {
		DerbyRunStore hosts = open();
		GpuHost box = hosts.save(ssh("Box", 22));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> hosts.save(ssh(" BOX ", 23)));
		assertEquals("A GPU host named 'BOX' already exists", e.getMessage());
		hosts.save(new GpuHost(box.id(), "box", box.kind(), box.hostname(), 2222, box.user(), box.auth(), null, null));
		assertEquals(List.of("box"), hosts.hosts().stream().map(GpuHost::name).toList());
		assertEquals(2222, hosts.byName("BOX ").orElseThrow().port());
	}

	@Test
	void concurrentSavesOfOneNewNameLeaveExactlyOneAndTheOthersGetTheClearMessage() throws Exception {
		DerbyRunStore hosts = open();
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
}
