package io.deepstress.simulator.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import io.deepstress.core.services.BuiltinSimulator;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;

/** The built-in simulator service: a default {@link Simulator} started on first use, stopped with the bundle. */
@Component(service = BuiltinSimulator.class, immediate = false)
public final class BuiltinSimulatorComponent implements BuiltinSimulator {

	private Simulator simulator;
	private boolean deactivated;

	@Override
	public synchronized String baseUrl() {
		if (deactivated) {
			throw new IllegalStateException("The built-in simulator has been stopped");
		}
		if (simulator == null) {
			simulator = Simulator.start(SimulatorSettings.defaults());
		}
		return simulator.baseUrl();
	}

	@Deactivate
	synchronized void deactivate() {
		deactivated = true;
		if (simulator != null) {
			simulator.close();
			simulator = null;
		}
	}
}
