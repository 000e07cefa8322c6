package io.deepstress.engine.internal;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * GC pauses while a run lasts, from the JVM's GC notifications (read through the open {@link CompositeData}
 * form, so no {@code com.sun.management} import): the total and the longest pause. Collectors that run
 * concurrently with the application (G1's concurrent cycle, ZGC's and Shenandoah's cycles) are not pauses and
 * are left out. Where the JVM sends no notifications the totals come from the collectors' accumulated times
 * (the longest pause is then unknown).
 */
final class GcPauses implements NotificationListener {

	private static final String GC_NOTIFICATION = "com.sun.management.gc.notification";

	private final AtomicLong totalNanos = new AtomicLong();
	private final AtomicLong maxNanos = new AtomicLong();
	private final AtomicLong windowMaxNanos = new AtomicLong();
	private final List<NotificationEmitter> emitters = new ArrayList<>();
	private long startCollectionMillis;

	void start() {
		startCollectionMillis = collectionMillis();
		for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			if (gc instanceof NotificationEmitter emitter && !concurrent(gc.getName())) {
				emitter.addNotificationListener(this, n -> GC_NOTIFICATION.equals(n.getType()), null);
				emitters.add(emitter);
			}
		}
	}

	void stop() {
		for (NotificationEmitter emitter : emitters) {
			try {
				emitter.removeNotificationListener(this);
			} catch (ListenerNotFoundException e) {
				// already gone
			}
		}
		emitters.clear();
	}

	private static boolean concurrent(String name) {
		return name.contains("Concurrent") || name.contains("Cycles");
	}

	@Override
	public void handleNotification(Notification n, Object handback) {
		if (!(n.getUserData() instanceof CompositeData data) || !(data.get("gcInfo") instanceof CompositeData info)) {
			return;
		}
		Object action = data.get("gcAction");
		if (action instanceof String a && a.contains("concurrent")) {
			return;
		}
		if (info.get("duration") instanceof Long millis) {
			long nanos = millis * 1_000_000L;
			totalNanos.addAndGet(nanos);
			maxNanos.accumulateAndGet(nanos, Math::max);
			windowMaxNanos.accumulateAndGet(nanos, Math::max);
		}
	}

	/** GC pause time since {@link #start()}. */
	long totalNanos() {
		return emitters.isEmpty() ? (collectionMillis() - startCollectionMillis) * 1_000_000L : totalNanos.get();
	}

	long maxNanos() {
		return maxNanos.get();
	}

	/** The longest pause since the last call. */
	long takeWindowMaxNanos() {
		return windowMaxNanos.getAndSet(0);
	}

	private static long collectionMillis() {
		long sum = 0;
		for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			if (!concurrent(gc.getName())) {
				sum += Math.max(0, gc.getCollectionTime());
			}
		}
		return sum;
	}
}
