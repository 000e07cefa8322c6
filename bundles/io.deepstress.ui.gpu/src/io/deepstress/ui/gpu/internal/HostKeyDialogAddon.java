package io.deepstress.ui.gpu.internal;

import org.eclipse.e4.ui.di.UISynchronize;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * While the workbench runs, unknown SSH host keys are asked about in a dialog: {@link HostKeyDialog} is
 * registered as the {@code io.deepstress.core.gpu.HostKeyConfirmer} OSGi service (without one, the SSH provider
 * refuses unknown keys). The interface is core API, so this works whether or not an SSH provider is installed;
 * without one, nobody asks.
 */
public final class HostKeyDialogAddon {

	@Inject
	private UISynchronize sync;

	private Runnable registration;

	@PostConstruct
	void register() {
		Bundle bundle = FrameworkUtil.getBundle(getClass());
		if (bundle != null && bundle.getBundleContext() != null) {
			registration = HostKeyDialog.register(bundle.getBundleContext(), sync);
		}
	}

	@PreDestroy
	void unregister() {
		if (registration != null) {
			registration.run();
			registration = null;
		}
	}
}
