package io.deepstress.ui.gpu.internal;

import org.eclipse.e4.ui.di.UISynchronize;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * While the workbench runs, unknown SSH host keys are asked about in a dialog ({@link HostKeyDialog}, a
 * {@code HostKeyConfirmer} OSGi service; without one, the SSH provider refuses unknown keys). The SSH
 * provider's package {@code io.deepstress.gpu.ssh} is imported optionally: when it is not there (a product
 * without the SSH provider) this addon does nothing. This class does not name that package, so it loads either
 * way; {@link HostKeyDialog} is only touched when the package is wired.
 */
public final class HostKeyDialogAddon {

	static final String SSH_PACKAGE = "io.deepstress.gpu.ssh";
	private static final System.Logger LOG = System.getLogger(HostKeyDialogAddon.class.getName());

	@Inject
	private UISynchronize sync;

	private Runnable registration;

	@PostConstruct
	void register() {
		Bundle bundle = FrameworkUtil.getBundle(getClass());
		if (wired(bundle, SSH_PACKAGE)) {
			registration = HostKeyDialog.register(bundle.getBundleContext(), sync);
		} else {
			LOG.log(System.Logger.Level.DEBUG, "no SSH GPU provider (" + SSH_PACKAGE + "): no host-key dialog");
		}
	}

	/** Whether {@code bundle} imports {@code pkg} from a bundle now (an optional import may be left unwired). */
	static boolean wired(Bundle bundle, String pkg) {
		BundleWiring wiring = bundle == null ? null : bundle.adapt(BundleWiring.class);
		if (wiring == null) {
			return false;
		}
		for (BundleWire wire : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
			if (pkg.equals(wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))) {
				return true;
			}
		}
		return false;
	}

	@PreDestroy
	void unregister() {
		if (registration != null) {
			registration.run();
			registration = null;
		}
	}
}
