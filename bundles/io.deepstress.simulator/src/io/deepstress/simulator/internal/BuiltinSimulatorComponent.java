package io.deepstress.simulator.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.deepstress.core.services.BuiltinSimulator;
import io.deepstress.core.tokens.TokenizerService;
import io.deepstress.core.tokens.TokenizerSpec;
import io.deepstress.simulator.Simulator;
import io.deepstress.simulator.SimulatorSettings;
import io.deepstress.simulator.TokenSettings;

/**
 * The built-in simulator service: a default {@link Simulator} started on first use, stopped with the bundle. It
 * counts prompt tokens with {@code cl100k_base} (and offers {@code /tokenize}, {@code /detokenize} with it) when the
 * tokenizers are installed, else in words.
 */
@Component(service = BuiltinSimulator.class, immediate = false)
public final class BuiltinSimulatorComponent implements BuiltinSimulator {

	/** Dynamic: a tokenizers bundle starting late must not restart (and so stop) a simulator in use. */
	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
			policyOption = ReferencePolicyOption.GREEDY)
	volatile TokenizerService tokenizers;

	private Simulator simulator;
	private boolean deactivated;

	@Override
	public synchronized String baseUrl() {
		if (deactivated) {
			throw new IllegalStateException("The built-in simulator has been stopped");
		}
		if (simulator == null) {
			TokenizerService t = tokenizers;
			simulator = Simulator.start(SimulatorSettings.defaults(),
					t == null ? TokenSettings.WORDS : new TokenSettings(t.resolve(TokenizerSpec.DEFAULT, null), 0));
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
