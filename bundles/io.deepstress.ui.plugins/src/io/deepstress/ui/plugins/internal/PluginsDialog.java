package io.deepstress.ui.plugins.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

import io.deepstress.plugins.Plugin;
import io.deepstress.plugins.PluginException;
import io.deepstress.plugins.PluginManager;
import io.deepstress.plugins.Repositories;
import io.deepstress.ui.parts.Background;
import io.deepstress.ui.parts.Columns;
import io.deepstress.ui.parts.Forms;
import io.deepstress.ui.parts.WidgetIds;

/**
 * Help &gt; Plug-ins: the installed plug-ins (uninstall), and those of a p2 repository (a directory, a
 * .zip file or a URL) to check and install. p2 works off the UI thread; changes apply at the next start,
 * which "Restart now" offers.
 */
final class PluginsDialog extends Dialog {

	private final PluginManager plugins;
	private final UISynchronize sync;
	private final Runnable restart;
	private Background background;

	private TableViewer installed;
	private TableViewer available;
	private Text repository;
	private Label description;
	private Label message;
	private Button uninstall;
	private Button show;
	private Button install;
	private Button restartNow;
	private boolean busy;

	PluginsDialog(Shell parent, PluginManager plugins, UISynchronize sync, Runnable restart) {
		super(parent);
		this.plugins = plugins;
		this.sync = sync;
		this.restart = restart;
		setShellStyle(getShellStyle() | SWT.RESIZE);
	}

	@Override
	protected void configureShell(Shell shell) {
		super.configureShell(shell);
		shell.setText("Plug-ins");
		WidgetIds.tag(shell, "plugins");
		shell.addDisposeListener(e -> background.close());
	}

	@Override
	protected Control createDialogArea(Composite parent) {
		background = new Background("deepstress-plugins", sync);
		Composite area = (Composite) super.createDialogArea(parent);
		GridLayoutFactory.swtDefaults().margins(12, 12).spacing(8, 10).applyTo(area);

		Group mine = new Group(area, SWT.NONE);
		mine.setText("Installed");
		GridLayoutFactory.swtDefaults().applyTo(mine);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(mine);
		installed = Columns.table(mine, "plugins:installed", SWT.SINGLE | SWT.FULL_SELECTION | SWT.BORDER);
		columns(installed, false);
		GridDataFactory.fillDefaults().grab(true, true).hint(640, 90).applyTo(installed.getTable().getParent());
		uninstall = Forms.button(mine, "Uninstall", "plugins:uninstall");
		uninstall.setEnabled(false);
		installed.addSelectionChangedListener(e -> update());
		uninstall.addListener(SWT.Selection, e -> uninstallSelected());

		Group repo = new Group(area, SWT.NONE);
		repo.setText("Install from a p2 repository");
		GridLayoutFactory.swtDefaults().numColumns(3).applyTo(repo);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(repo);
		repository = WidgetIds.tag(new Text(repo, SWT.BORDER), "plugins:repo");
		repository.setMessage("a directory, a .zip file, or a file:, http: or https: URL");
		GridDataFactory.fillDefaults().grab(true, false).applyTo(repository);
		Button browse = Forms.button(repo, "Browse...", "plugins:browse");
		browse.addListener(SWT.Selection, e -> {
			DirectoryDialog chooser = new DirectoryDialog(getShell());
			chooser.setMessage("The p2 repository's directory (where content.jar or content.xml.xz is)");
			String chosen = chooser.open();
			if (chosen != null) {
				repository.setText(chosen);
				showAvailable();
			}
		});
		show = Forms.button(repo, "Show", "plugins:show");
		show.addListener(SWT.Selection, e -> showAvailable());
		repository.addListener(SWT.DefaultSelection, e -> showAvailable());
		repository.addListener(SWT.Modify, e -> update());
		available = Columns.table(repo, "plugins:available", SWT.CHECK | SWT.SINGLE | SWT.FULL_SELECTION | SWT.BORDER);
		columns(available, true);
		GridDataFactory.fillDefaults().grab(true, true).span(3, 1).hint(640, 110).applyTo(available.getTable().getParent());
		description = WidgetIds.tag(new Label(repo, SWT.WRAP), "plugins:description");
		GridDataFactory.fillDefaults().grab(true, false).span(3, 1).hint(640, SWT.DEFAULT).applyTo(description);
		available.addSelectionChangedListener(e -> {
			Object first = e.getStructuredSelection().getFirstElement();
			description.setText(first instanceof Plugin p ? p.description() : "");
			description.getParent().layout(true, true);
		});
		available.getTable().addListener(SWT.Selection, e -> update());
		install = Forms.button(repo, "Install checked", "plugins:install");
		install.addListener(SWT.Selection, e -> installChecked());

		message = WidgetIds.tag(new Label(area, SWT.WRAP), "plugins:message");
		GridDataFactory.fillDefaults().grab(true, false).hint(640, SWT.DEFAULT).applyTo(message);
		restartNow = Forms.button(area, "Restart now", "plugins:restart");
		restartNow.setVisible(false);
		restartNow.addListener(SWT.Selection, e -> {
			close();
			restart.run();
		});

		run("Reading the installed plug-ins...", () -> plugins.installed(), list -> {
			installed.setInput(list);
			WidgetIds.message(message, list.isEmpty() ? "No plug-ins installed." : "", false);
		});
		update();
		return area;
	}

	private static void columns(TableViewer viewer, boolean state) {
		Columns.text(viewer, "Name", 40, 160, Plugin.class, Plugin::name);
		Columns.text(viewer, "Version", 25, 110, Plugin.class, Plugin::version);
		Columns.text(viewer, "Id", 35, 160, Plugin.class, Plugin::id);
		if (state) {
			Columns.text(viewer, "State", 15, 80, Plugin.class, p -> p.installed() ? "installed" : "");
		}
	}

	private void showAvailable() {
		URI uri = repositoryUri();
		if (uri == null) {
			return;
		}
		available.setInput(List.of());
		run("Reading " + uri + "...", () -> plugins.available(uri), list -> {
			available.setInput(list);
			WidgetIds.message(message, list.isEmpty() ? "The repository offers no plug-ins." : list.size()
					+ " plug-in(s) in the repository: check those to install.", list.isEmpty());
		});
	}

	private void installChecked() {
		List<String> ids = new ArrayList<>();
		for (TableItem item : available.getTable().getItems()) {
			if (item.getChecked() && item.getData() instanceof Plugin p) {
				ids.add(p.id());
			}
		}
		if (ids.isEmpty()) {
			WidgetIds.message(message, "Check the plug-ins to install first.", true);
			return;
		}
		URI uri = repositoryUri();
		if (uri == null) {
			return;
		}
		run("Installing " + String.join(", ", ids) + "...", () -> {
			List<Plugin> done = plugins.install(uri, ids);
			return new Change(done, plugins.installed(), plugins.available(uri));
		}, change -> changed(change, "Installed "));
	}

	private void uninstallSelected() {
		if (!(installed.getStructuredSelection().getFirstElement() instanceof Plugin p)) {
			return;
		}
		run("Uninstalling " + p.name() + "...", () -> {
			List<Plugin> done = plugins.uninstall(List.of(p.id()));
			return new Change(done, plugins.installed(), null);
		}, change -> changed(change, "Uninstalled "));
	}

	private record Change(List<Plugin> done, List<Plugin> installed, List<Plugin> available) {
	}

	private void changed(Change change, String verb) {
		installed.setInput(change.installed());
		if (change.available() != null) {
			available.setInput(change.available());
		}
		WidgetIds.message(message, verb + String.join(", ", change.done().stream().map(p -> p.name() + " " + p.version())
				.toList()) + ". Restart DeepStress to apply the change.", false);
		restartNow.setVisible(true);
		restartNow.getParent().layout(true, true);
	}

	/** The repository field as a URI, or null after saying in the message line what is wrong with it. */
	private URI repositoryUri() {
		try {
			return Repositories.parse(repository.getText());
		} catch (IllegalArgumentException e) {
			WidgetIds.message(message, e.getMessage() + ".", true);
			return null;
		}
	}

	/** Work that may fail with a {@link PluginException}, off the UI thread. */
	private interface Work<T> {
		T get() throws PluginException;
	}

	private interface Show<T> {
		void accept(T value);
	}

	private <T> void run(String doing, Work<T> work, Show<T> show) {
		busy = true;
		update();
		WidgetIds.message(message, doing, false);
		background.latest(() -> {
			try {
				return work.get();
			} catch (PluginException e) {
				// a message for the user: shown as it is, not its technical cause
				throw new IllegalStateException(e.getMessage(), e);
			}
		}, (result, failure) -> {
			if (getShell() == null || getShell().isDisposed()) {
				return;
			}
			busy = false;
			if (failure != null) {
				WidgetIds.message(message, failure.getMessage() == null ? failure.toString() : failure.getMessage(), true);
			} else {
				show.accept(result);
			}
			update();
		});
	}

	private void update() {
		if (uninstall == null || uninstall.isDisposed()) {
			return;
		}
		IStructuredSelection selection = installed.getStructuredSelection();
		uninstall.setEnabled(!busy && !selection.isEmpty());
		show.setEnabled(!busy && !repository.getText().isBlank());
		boolean anyChecked = false;
		for (TableItem item : available.getTable().getItems()) {
			anyChecked |= item.getChecked();
		}
		install.setEnabled(!busy && anyChecked);
	}

	@Override
	protected void createButtonsForButtonBar(Composite parent) {
		createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CLOSE_LABEL, true);
	}
}
