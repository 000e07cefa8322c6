package io.deepstress.cli.internal;

import java.util.List;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.osgi.framework.FrameworkUtil;

/**
 * The headless application ({@code -application io.deepstress.cli.app}), reached through
 * {@code ./deepstress run|simulate ...}; the commands and their exit codes are {@link TopCommand}'s.
 */
public final class CliApplication implements IApplication {

	@Override
	public Object start(IApplicationContext context) throws Exception {
		String[] args = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
		context.applicationRunning();
		try (Services services = new Services(FrameworkUtil.getBundle(getClass()).getBundleContext())) {
			return TopCommand.run(args == null ? List.of() : List.of(args), services, System.out, System.err);
		}
	}

	@Override
	public void stop() {
		// the commands end by themselves; a shutdown hook cancels a running test
	}
}
