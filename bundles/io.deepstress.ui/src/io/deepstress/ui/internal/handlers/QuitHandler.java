package io.deepstress.ui.internal.handlers;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.workbench.IWorkbench;

/** File &gt; Quit (Ctrl+Q): closes the workbench, which saves the window layout. */
public final class QuitHandler {

	@Execute
	void execute(IWorkbench workbench) {
		workbench.close();
	}
}
