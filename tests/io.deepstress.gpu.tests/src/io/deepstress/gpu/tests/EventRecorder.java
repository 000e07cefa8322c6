package io.deepstress.gpu.tests;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventHandler;

import io.deepstress.core.events.DeepStressTopics;

/** Keeps events: as a stand-in EventAdmin, or as a handler registered on the real one. */
final class EventRecorder implements EventAdmin, EventHandler {

	private final List<Event> events = new ArrayList<>();

	@Override
	public synchronized void postEvent(Event event) {
		events.add(event);
	}

	@Override
	public void sendEvent(Event event) {
		postEvent(event);
	}

	@Override
	public void handleEvent(Event event) {
		postEvent(event);
	}

	/** Payloads (under {@link DeepStressTopics#DATA}) of the events of one topic, of one type. */
	synchronized <T> List<T> payloads(String topic, Class<T> type) {
		List<T> out = new ArrayList<>();
		for (Event e : events) {
			Object data = e.getProperty(DeepStressTopics.DATA);
			if (e.getTopic().equals(topic) && type.isInstance(data)) {
				out.add(type.cast(data));
			}
		}
		return out;
	}

	@Override
	public synchronized String toString() {
		return events.stream().map(e -> e.getTopic() + "=" + e.getProperty(DeepStressTopics.DATA)).toList().toString();
	}
}
