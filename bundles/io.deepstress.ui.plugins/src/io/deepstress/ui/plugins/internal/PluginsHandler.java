package io.deepstress.ui.plugins.internal;

import jakarta.inject.Named;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.e4.ui.workbench.IWorkbench;
import org.eclipse.swt.widgets.Shell;

import io.deepstress.plugins.PluginManager;

/** Help &gt; Plug-ins...: the dialog to install, list and uninstall plug-ins. */
public final class PluginsHandler {

	@Execute
	void execute(@Named(IServiceConstants.ACTIVE_SHELL) Shell shell, @Service PluginManager plugins,
			UISynchronize sync, IWorkbench workbench) {
		new PluginsDialog(shell, plugins, sync, workbench::restart).open();
	}
}
