package io.deepstress.core.events;

/**
 * Root of every DeepStress event topic. Topics are hierarchical ({@code deepstress/<area>/<event>});
 * each area has its own interface with an {@code ALL} wildcard. Payloads are immutable records carried
 * under {@link #DATA}, the key e4's {@code IEventBroker} uses, so a service posting through OSGi
 * EventAdmin and a part injecting with {@code @UIEventTopic} see the same object.
 */
public interface DeepStressTopics {

	/** Root segment of all topics. */
	String ROOT = "deepstress";

	/** Wildcard matching every DeepStress topic. */
	String ALL = ROOT + "/*";

	/**
	 * Event property that carries the payload; equal to {@code IEventBroker.DATA} (copied here so core
	 * needs no e4 dependency).
	 */
	String DATA = "org.eclipse.e4.data";
}
