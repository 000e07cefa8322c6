package io.deepstress.ui.gpu.internal;

import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

import io.deepstress.gpu.ssh.HostKeyConfirmer;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * While the workbench runs, an unknown SSH host key is shown to the user (host, port, key type, SHA-256
 * fingerprint) who decides whether to trust it: a {@link HostKeyConfirmer} OSGi service, ranked above none
 * (without one, unknown keys are refused). A changed key is refused by the SSH provider without asking.
 * The question is a modal dialog tagged {@code hostkey} on the active shell.
 */
public final class HostKeyDialogAddon {

	static final String TRUST = "Trust this key";
	static final String REFUSE = "Refuse";

	@Inject
	private UISynchronize sync;

	private ServiceRegistration<HostKeyConfirmer> registration;

	@PostConstruct
	void register() {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		registration = context.registerService(HostKeyConfirmer.class, this::ask, null);
	}

	/** Called on the connecting thread; blocks it until the user answers. */
	private boolean ask(String host, int port, String keyType, String fingerprint) {
		AtomicBoolean trusted = new AtomicBoolean();
		sync.syncExec(() -> {
			Shell parent = Display.getCurrent().getActiveShell();
			MessageDialog dialog = new MessageDialog(parent, "Unknown SSH host key", null,
					"DeepStress has not seen the SSH key of " + host + (port == 22 ? "" : " port " + port) + " before.\n\n"
							+ keyType + " " + fingerprint + "\n\nCompare it with the key of the server (ssh-keygen -lf"
							+ " /etc/ssh/ssh_host_" + keyType.replace("ssh-", "") + "_key.pub on it). Trusted keys are"
							+ " remembered; a key that changes later is refused.",
					MessageDialog.QUESTION, 1, TRUST, REFUSE) {
				@Override
				protected void configureShell(Shell shell) {
					super.configureShell(shell);
					shell.setData(io.deepstress.ui.parts.WidgetIds.KEY, "hostkey");
				}
			};
			trusted.set(dialog.open() == 0);
		});
		return trusted.get();
	}

	@PreDestroy
	void unregister() {
		if (registration != null) {
			registration.unregister();
			registration = null;
		}
	}
}
