package io.deepstress.ui.internal.handlers;

import jakarta.inject.Named;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.osgi.service.datalocation.Location;
import org.eclipse.swt.widgets.Shell;

import io.deepstress.ui.internal.about.AboutDialog;
import io.deepstress.ui.internal.about.AboutInfo;

/** Help &gt; About: version, Java runtime and data directory. */
public final class AboutHandler {

	@Execute
	void execute(@Named(IServiceConstants.ACTIVE_SHELL) Shell shell,
			@Optional @Named("instanceLocation") Location instanceLocation) {
		new AboutDialog(shell, AboutInfo.collect(instanceLocation)).open();
	}
}
