package io.deepstress.ui.models.internal;

import java.util.List;
import java.util.UUID;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.IElementComparer;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;

import io.deepstress.core.events.GpuTopics;
import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuHostRegistry;
import io.deepstress.core.services.SecretStore;
import io.deepstress.ui.parts.Background;
import io.deepstress.ui.parts.Columns;
import io.deepstress.ui.parts.Forms;
import io.deepstress.ui.parts.WidgetIds;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The saved GPU hosts (in the records database) and a form to add, change or delete one: nvidia-smi over
 * SSH (key file or password; the password or key passphrase goes to Eclipse Secure Storage and is never
 * shown again), or this computer through nvidia-smi or NVML. Watching them is the GPU perspective's job.
 * The registry and secure storage are used off the UI thread only: the list is read on one worker, saves and
 * deletes run on another, with New, Delete and Save disabled and "Saving..." shown meanwhile; what the registry
 * refuses (a duplicate name) is shown as an error and what was typed stays. Widgets are tagged {@code gpuhost:*}.
 */
public final class GpuHostsPart {

	private static final GpuHost.Kind[] KINDS = { GpuHost.Kind.SSH, GpuHost.Kind.LOCAL_SMI, GpuHost.Kind.LOCAL_NVML,
			GpuHost.Kind.DCGM };

	@Inject
	@Service
	@Optional
	private GpuHostRegistry registry;

	@Inject
	@Service
	@Optional
	private SecretStore secrets;

	@Inject
	private UISynchronize sync;

	private Background background;
	private Background saving;
	/** A save or delete is running: New, Delete and Save are disabled. */
	private boolean busy;
	private TableViewer viewer;
	private GpuHost editing;
	private Text name;
	private Combo kind;
	private Text hostname;
	private Spinner port;
	private Text user;
	private Combo auth;
	private Text keyFile;
	private Text secret;
	private Text command;
	private Button newHost;
	private Button delete;
	private Button save;
	private Label message;

	/** What a save did: the host as saved, and the message about it. */
	private record Saved(GpuHost host, String note, boolean error) {
	}

	@PostConstruct
	void create(Composite parent) {
		background = new Background("deepstress-gpu-host-list", sync);
		saving = new Background("deepstress-gpu-host-save", sync);
		GridLayoutFactory.fillDefaults().margins(8, 8).spacing(8, 6).applyTo(parent);
		viewer = Columns.table(parent, "gpuhost:list", SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL);
		GridDataFactory.fillDefaults().grab(true, true).hint(SWT.DEFAULT, 100).applyTo(viewer.getTable().getParent());
		Columns.text(viewer, "Name", 30, 80, GpuHost.class, GpuHost::name);
		Columns.text(viewer, "Kind", 20, 70, GpuHost.class, h -> label(h.kind()));
		Columns.text(viewer, "Where", 50, 120, GpuHost.class, h -> h.kind() == GpuHost.Kind.SSH
				? h.user() + "@" + h.hostname() + ":" + h.port() : h.kind() == GpuHost.Kind.DCGM ? h.hostname() : h.command());
		// rows are the same host by id: the selection (and the form) survive a save of the selected host
		viewer.setComparer(new IElementComparer() {
			@Override
			public boolean equals(Object a, Object b) {
				return a instanceof GpuHost x && b instanceof GpuHost y ? x.id().equals(y.id()) : a.equals(b);
			}

			@Override
			public int hashCode(Object element) {
				return element instanceof GpuHost h ? h.id().hashCode() : element.hashCode();
			}
		});
		viewer.addSelectionChangedListener(e -> {
			if (!busy) { // while saving, only a refresh changes the selection (a deleted row)
				edit((GpuHost) e.getStructuredSelection().getFirstElement());
			}
		});

		Composite form = new Composite(parent, SWT.NONE);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(form);
		GridLayoutFactory.fillDefaults().numColumns(2).spacing(8, 4).applyTo(form);
		name = Forms.text(form, "Name", "gpuhost:name", SWT.BORDER);
		new Label(form, SWT.NONE).setText("Kind");
		kind = WidgetIds.tag(new Combo(form, SWT.READ_ONLY), "gpuhost:kind");
		for (GpuHost.Kind k : KINDS) {
			kind.add(label(k));
		}
		kind.select(0);
		kind.addListener(SWT.Selection, e -> enable());
		hostname = Forms.text(form, "Host or URL", "gpuhost:hostname", SWT.BORDER);
		new Label(form, SWT.NONE).setText("Port");
		port = WidgetIds.tag(new Spinner(form, SWT.BORDER), "gpuhost:port");
		port.setValues(22, 1, 65_535, 0, 1, 10);
		user = Forms.text(form, "User", "gpuhost:user", SWT.BORDER);
		new Label(form, SWT.NONE).setText("Sign in with");
		auth = WidgetIds.tag(new Combo(form, SWT.READ_ONLY), "gpuhost:auth");
		auth.setItems("key file", "password");
		auth.select(0);
		auth.addListener(SWT.Selection, e -> enable());
		keyFile = Forms.text(form, "Key file", "gpuhost:key-file", SWT.BORDER);
		keyFile.setMessage("~/.ssh/id_ed25519");
		secret = Forms.text(form, "Password / passphrase", "gpuhost:secret", SWT.BORDER | SWT.PASSWORD);
		secret.setMessage("kept in secure storage; empty keeps the stored one");
		command = Forms.text(form, "nvidia-smi command", "gpuhost:command", SWT.BORDER);
		command.setMessage("nvidia-smi");

		Composite buttons = new Composite(parent, SWT.NONE);
		GridDataFactory.fillDefaults().align(SWT.END, SWT.CENTER).applyTo(buttons);
		GridLayoutFactory.fillDefaults().numColumns(3).applyTo(buttons);
		newHost = Forms.button(buttons, "New", "gpuhost:new");
		newHost.addListener(SWT.Selection, e -> {
			viewer.setSelection(null);
			edit(null);
		});
		delete = Forms.button(buttons, "Delete", "gpuhost:delete");
		delete.addListener(SWT.Selection, e -> delete());
		save = Forms.button(buttons, "Save", "gpuhost:save");
		save.addListener(SWT.Selection, e -> save());
		message = WidgetIds.tag(new Label(parent, SWT.WRAP), "gpuhost:message");
		GridDataFactory.fillDefaults().grab(true, false).applyTo(message);
		refresh();
		edit(null);
	}

	private static String label(GpuHost.Kind k) {
		return switch (k) {
			case SSH -> "nvidia-smi over SSH";
			case LOCAL_SMI -> "this computer, nvidia-smi";
			case LOCAL_NVML -> "this computer, NVML";
			case DCGM -> "DCGM exporter (URL)";
			case LOCAL_AMD_SMI -> "this computer, amd-smi (plug-in)";
		};
	}

	private void enable() {
		boolean ssh = KINDS[kind.getSelectionIndex()] == GpuHost.Kind.SSH;
		// a DCGM exporter's URL goes in the host field
		hostname.setEnabled(ssh || KINDS[kind.getSelectionIndex()] == GpuHost.Kind.DCGM);
		port.setEnabled(ssh);
		user.setEnabled(ssh);
		auth.setEnabled(ssh);
		keyFile.setEnabled(ssh && auth.getSelectionIndex() == 0);
		secret.setEnabled(ssh);
		command.setEnabled(KINDS[kind.getSelectionIndex()] != GpuHost.Kind.LOCAL_NVML
				&& KINDS[kind.getSelectionIndex()] != GpuHost.Kind.DCGM);
	}

	private void edit(GpuHost h) {
		editing = h;
		name.setText(h == null ? "" : h.name());
		kind.select(h == null ? 0 : List.of(KINDS).indexOf(h.kind()));
		hostname.setText(h == null || h.hostname() == null ? "" : h.hostname());
		port.setSelection(h == null || h.port() < 1 ? 22 : h.port());
		user.setText(h == null || h.user() == null ? "" : h.user());
		auth.select(h != null && h.auth() == GpuHost.Auth.PASSWORD ? 1 : 0);
		keyFile.setText(h == null || h.keyFile() == null ? "" : h.keyFile());
		secret.setText("");
		command.setText(h == null || "nvidia-smi".equals(h.command()) ? "" : h.command());
		enable();
		show(h == null ? "New GPU host: fill in and Save." : "", false);
	}

	/** Reads the fields here, saves the host and its secret off the UI thread. */
	private void save() {
		if (busy) {
			return;
		}
		if (registry == null) {
			show("The records store is not available.", true);
			return;
		}
		GpuHost.Kind k = KINDS[kind.getSelectionIndex()];
		boolean ssh = k == GpuHost.Kind.SSH;
		GpuHost h;
		try {
			String id = editing != null ? editing.id() : UUID.randomUUID().toString();
			h = k == GpuHost.Kind.DCGM ? GpuHost.dcgm(id, name.getText().strip(), hostname.getText().strip())
					: new GpuHost(id, name.getText().strip(), k,
					ssh ? hostname.getText().strip() : null, ssh ? port.getSelection() : 0,
					ssh ? user.getText().strip() : null, ssh ? (auth.getSelectionIndex() == 0 ? GpuHost.Auth.KEY
							: GpuHost.Auth.PASSWORD) : null,
					ssh && auth.getSelectionIndex() == 0 ? keyFile.getText().strip() : null, command.getText().strip());
		} catch (IllegalArgumentException | IllegalStateException | NullPointerException bad) {
			show(bad.getMessage() == null ? "Incomplete: " + bad : bad.getMessage(), true);
			return;
		}
		String typed = ssh ? secret.getText() : "";
		GpuHostRegistry r = registry;
		SecretStore s = secrets;
		busy(true);
		show("Saving...", false);
		saving.latest(() -> store(r, s, h, typed), (saved, failure) -> {
			busy(false);
			if (message.isDisposed()) {
				return;
			}
			if (failure != null) { // refused (IllegalArgument/IllegalState) as it is; what was typed stays
				show(refusal("Cannot save: ", failure), true);
				return;
			}
			refresh();
			edit(saved.host());
			show(saved.note(), saved.error());
		});
	}

	/** Saves the host, then its secret; off the UI thread. A refusal of the registry is thrown. */
	private static Saved store(GpuHostRegistry r, SecretStore s, GpuHost h, String typed) {
		GpuHost stored = r.save(h);
		if (stored == null) {
			stored = h;
		}
		String saved = "Saved " + stored.name();
		if (typed.isEmpty()) {
			return new Saved(stored, saved + ". Watch it in the GPU perspective.", false);
		}
		if (s == null) {
			return new Saved(stored, saved + ", but not the secret: secure storage is not available.", true);
		}
		try {
			s.put(stored.secretKey(), typed);
		} catch (RuntimeException refused) {
			return new Saved(stored, saved + ", but not the secret: " + refused.getMessage()
					+ ". Type it again and Save.", true);
		}
		return new Saved(stored, saved + ". Watch it in the GPU perspective.", false);
	}

	/** Removes the host and its secret off the UI thread. */
	private void delete() {
		if (busy || editing == null || registry == null) {
			return;
		}
		GpuHost gone = editing;
		GpuHostRegistry r = registry;
		SecretStore s = secrets;
		busy(true);
		show("Deleting...", false);
		saving.latest(() -> {
			r.remove(gone.id());
			return Secrets.forget(s, gone.secretKey(), "secret");
		}, (secretProblem, failure) -> {
			busy(false);
			if (message.isDisposed()) {
				return;
			}
			if (failure != null) {
				show(refusal("Cannot delete: ", failure), true);
				return;
			}
			refresh();
			viewer.setSelection(null);
			edit(null);
			show("Deleted " + gone.name() + "." + secretProblem, !secretProblem.isEmpty());
		});
	}

	/** While a save or delete runs, the list, New, Delete and Save are disabled: the form stays what is saved. */
	private void busy(boolean running) {
		busy = running;
		if (!save.isDisposed()) {
			viewer.getControl().setEnabled(!running);
			newHost.setEnabled(!running);
			save.setEnabled(!running);
			delete.setEnabled(!running);
		}
	}

	/** A refusal of the services (IllegalArgument/IllegalState) as it is, anything else after {@code prefix}. */
	private static String refusal(String prefix, Throwable failure) {
		if (failure instanceof IllegalArgumentException || failure instanceof IllegalStateException) {
			return failure.getMessage();
		}
		return prefix + (failure.getMessage() == null ? failure.toString() : failure.getMessage());
	}

	@Inject
	@Optional
	void onHostsChanged(@UIEventTopic(GpuTopics.HOSTS) String hostId) {
		refresh();
	}

	private void refresh() {
		if (viewer == null || viewer.getControl().isDisposed()) {
			return;
		}
		GpuHostRegistry current = registry;
		background.latest(() -> current == null ? List.<GpuHost>of() : current.hosts(), (saved, failure) -> {
			if (viewer.getControl().isDisposed()) {
				return;
			}
			viewer.setInput(failure == null ? saved : List.of());
			if (failure != null) { // the records database may be unavailable
				show("GPU hosts cannot be read: " + failure.getMessage(), true);
			}
		});
	}

	private void show(String text, boolean error) {
		WidgetIds.message(message, text, error);
	}

	@PreDestroy
	void dispose() {
		background.close();
		saving.close();
	}
}
