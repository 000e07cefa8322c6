package io.deepstress.ui.gpu.internal;

import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.deepstress.core.gpu.HostKeyConfirmer;

/**
 * The {@link HostKeyConfirmer} of the workbench: an unknown SSH host key is shown to the user (host, port, key
 * type, SHA-256 fingerprint) who decides whether to trust it, in a modal dialog tagged {@code hostkey} on the
 * active shell. {@link HostKeyDialogAddon} registers it while the workbench runs.
 */
final class HostKeyDialog {

	static final String TRUST = "Trust this key";
	static final String REFUSE = "Refuse";

	private final UISynchronize sync;

	private HostKeyDialog(UISynchronize sync) {
		this.sync = sync;
	}

	/** Registers the confirmer as an OSGi service; running the result unregisters it. */
	static Runnable register(BundleContext context, UISynchronize sync) {
		HostKeyDialog dialog = new HostKeyDialog(sync);
		ServiceRegistration<HostKeyConfirmer> registration = context.registerService(HostKeyConfirmer.class,
				dialog::ask, null);
		return registration::unregister;
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
}
