package io.deepstress.ui.models.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;

import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Endpoint;
import io.deepstress.core.run.Timeouts;
import io.deepstress.core.services.EndpointRegistry;
import io.deepstress.core.services.SecretStore;
import io.deepstress.ui.parts.Background;
import io.deepstress.ui.parts.Forms;
import io.deepstress.ui.parts.Selections;
import io.deepstress.ui.parts.WidgetIds;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Edits the endpoint selected in the Endpoints view, or a new one: name, base URL, API, model, extra
 * headers, TLS check, timeouts, and the API key, which goes to Eclipse Secure Storage (the field is never
 * filled back: leave it empty to keep the stored key). Input errors are shown, nothing is saved. The registry
 * and secure storage are used off the UI thread only: the selected endpoint is read on one worker (the latest
 * selection wins), saves and deletes run on another, with New, Delete and Save disabled and "Saving..." shown
 * meanwhile; what the registry refuses (a duplicate name, an endpoint in use) is shown as an error and what was
 * typed stays. Widgets are tagged {@code endpoint:*}.
 */
public final class EndpointDetailsPart {

	@Inject
	@Service
	@Optional
	private EndpointRegistry registry;

	@Inject
	@Service
	@Optional
	private SecretStore secrets;

	@Inject
	@Service
	@Optional
	private io.deepstress.core.probe.EndpointProbe probe;

	@Inject
	@Service
	@Optional
	private io.deepstress.core.services.BuiltinSimulator simulator;

	@Inject
	private MApplication application;

	@Inject
	private UISynchronize sync;

	private Background loading;
	private Background saving;
	/** A save or delete is running: New, Delete and Save are disabled, a selection waits for its end. */
	private boolean busy;
	private boolean selectedWhileBusy;
	private Endpoint editing;
	private Text name;
	private Text url;
	private Combo api;
	private Text model;
	private Text headers;
	private Button verifyTls;
	private Spinner connect;
	private Spinner firstToken;
	private Spinner total;
	private Text apiKey;
	private Label keyState;
	private Button newEndpoint;
	private Button delete;
	private Button save;
	private Label message;
	private String pendingId;
	private ProbePanel probing;

	/** An endpoint as the form shows it: itself (null for none) and what is said about its key. */
	private record Shown(Endpoint endpoint, String keyState) {
	}

	/** What a save did: the endpoint as saved, its key state, and the message about it. */
	private record Saved(Shown shown, String note, boolean error) {
	}

	@PostConstruct
	void create(Composite parent) {
		loading = new Background("deepstress-endpoint-details", sync);
		saving = new Background("deepstress-endpoint-save", sync);
		GridLayoutFactory.fillDefaults().numColumns(2).margins(8, 8).spacing(8, 6).applyTo(parent);
		name = Forms.text(parent, "Name", "endpoint:name", SWT.BORDER);
		url = Forms.text(parent, "Base URL", "endpoint:url", SWT.BORDER);
		url.setMessage("http://127.0.0.1:8000/v1");
		new Label(parent, SWT.NONE).setText("API");
		api = WidgetIds.tag(new Combo(parent, SWT.READ_ONLY), "endpoint:api");
		api.setItems("chat/completions", "completions");
		api.select(0);
		model = Forms.text(parent, "Model", "endpoint:model", SWT.BORDER);
		headers = Forms.text(parent, "Extra headers", "endpoint:headers", SWT.BORDER | SWT.MULTI | SWT.V_SCROLL);
		headers.setMessage("Name: value, one per line (no secrets here)");
		GridDataFactory.fillDefaults().grab(true, false).hint(SWT.DEFAULT, 48).applyTo(headers);
		new Label(parent, SWT.NONE);
		verifyTls = WidgetIds.tag(new Button(parent, SWT.CHECK), "endpoint:verify-tls");
		verifyTls.setText("Verify the TLS certificate (https)");
		connect = seconds(parent, "Connect timeout (s)", "endpoint:connect-timeout");
		firstToken = seconds(parent, "First-token timeout (s)", "endpoint:first-token-timeout");
		total = seconds(parent, "Total timeout (s)", "endpoint:total-timeout");
		apiKey = Forms.text(parent, "API key", "endpoint:api-key", SWT.BORDER | SWT.PASSWORD);
		new Label(parent, SWT.NONE);
		keyState = WidgetIds.style(WidgetIds.tag(new Label(parent, SWT.NONE), "endpoint:key-state"), "deepstress-muted");
		GridDataFactory.fillDefaults().grab(true, false).applyTo(keyState);

		Composite buttons = new Composite(parent, SWT.NONE);
		GridDataFactory.fillDefaults().span(2, 1).align(SWT.END, SWT.CENTER).applyTo(buttons);
		GridLayoutFactory.fillDefaults().numColumns(3).applyTo(buttons);
		newEndpoint = Forms.button(buttons, "New", "endpoint:new");
		newEndpoint.addListener(SWT.Selection, e -> {
			loading.cancelPending();
			blank();
		});
		delete = Forms.button(buttons, "Delete", "endpoint:delete");
		delete.addListener(SWT.Selection, e -> delete());
		save = Forms.button(buttons, "Save", "endpoint:save");
		save.addListener(SWT.Selection, e -> save());
		message = WidgetIds.tag(new Label(parent, SWT.WRAP), "endpoint:message");
		GridDataFactory.fillDefaults().span(2, 1).grab(true, false).applyTo(message);
		probing = new ProbePanel(parent, sync, () -> probe, () -> secrets, () -> simulator,
				() -> new ProbePanel.Target(url.getText().strip(), editing != null && editing.isBuiltin(), model.getText(),
						apiKey.getText(), editing == null ? null : editing.secretKey()),
				model::setText);
		blank();
		if (pendingId != null) {
			load(pendingId);
		}
	}

	private static Spinner seconds(Composite parent, String label, String id) {
		return Forms.spinner(parent, label, id, 1, 86_400, 10);
	}

	@Inject
	@Optional
	void selected(@Named(Selections.MODEL_ENDPOINT) String endpointId) {
		pendingId = endpointId;
		if (name == null || name.isDisposed()) {
			return; // read when the form is made
		}
		if (busy) {
			selectedWhileBusy = true; // read when the save or delete has ended
			return;
		}
		if (editing != null && editing.id().equals(endpointId)) {
			loading.cancelPending(); // shown already (the endpoint just saved, or chosen again before another came)
			return;
		}
		load(endpointId);
	}

	/** Shows the endpoint with this id (empty fields for none), read off the UI thread with its key state. */
	private void load(String endpointId) {
		EndpointRegistry r = registry;
		SecretStore s = secrets;
		if (endpointId == null || r == null) {
			loading.cancelPending();
			blank();
			return;
		}
		loading.latest(() -> shown(r.find(endpointId).orElse(null), s), (shown, failure) -> {
			if (name.isDisposed()) {
				return;
			}
			if (busy) {
				selectedWhileBusy = true; // a save started meanwhile: the selection is read again when it ends
				return;
			}
			if (failure != null) {
				show("The endpoint cannot be read: " + failure.getMessage(), true);
				return;
			}
			edit(shown);
		});
	}

	/** The endpoint and what to say about its key; reads secure storage, so off the UI thread. */
	private static Shown shown(Endpoint e, SecretStore s) {
		if (e == null) {
			return new Shown(null, "");
		}
		if (e.isBuiltin()) {
			return new Shown(e, "The built-in simulator needs no key.");
		}
		if (s == null) {
			return new Shown(e, "Secure storage is not available.");
		}
		try {
			return new Shown(e, s.get(e.secretKey()).isPresent()
					? "A key is stored in secure storage; type a new one to replace it." : "No key stored.");
		} catch (RuntimeException unreadable) {
			return new Shown(e, "The stored key cannot be read: " + unreadable.getMessage());
		}
	}

	/** Empty fields for a new endpoint. */
	private void blank() {
		edit(new Shown(null, ""));
	}

	/** Shows an endpoint, or empty fields for a new one. */
	private void edit(Shown s) {
		Endpoint e = s.endpoint();
		if (e == null || editing == null || !e.id().equals(editing.id())) {
			probing.clear();
		}
		editing = e;
		Endpoint shown = e != null ? e : new Endpoint("new", "new", "http://127.0.0.1:8000/v1", ApiKind.CHAT, "model");
		name.setText(e == null ? "" : e.name());
		url.setText(e == null ? "" : e.isBuiltin() ? "" : e.baseUrl());
		url.setEnabled(e == null || !e.isBuiltin());
		api.select(shown.apiKind() == ApiKind.CHAT ? 0 : 1);
		model.setText(e == null ? "" : e.model());
		StringBuilder h = new StringBuilder();
		shown.headers().forEach((k, v) -> h.append(k).append(": ").append(v).append('\n'));
		headers.setText(e == null ? "" : h.toString().strip());
		verifyTls.setSelection(shown.verifyTls());
		connect.setSelection((int) shown.timeouts().connect().toSeconds());
		firstToken.setSelection((int) shown.timeouts().firstToken().toSeconds());
		total.setSelection((int) shown.timeouts().total().toSeconds());
		apiKey.setText("");
		keyState.setText(e == null ? "No key stored." : s.keyState());
		keyState.getParent().layout(true, true);
		delete.setEnabled(e != null && !busy);
		show(e == null ? "New endpoint: fill in and Save." : "", false);
	}

	/** Reads the fields here, saves the endpoint and its key off the UI thread. */
	private void save() {
		if (busy) {
			return;
		}
		if (registry == null) {
			show("The endpoint registry is not available.", true);
			return;
		}
		Endpoint e;
		try {
			Map<String, String> extra = new LinkedHashMap<>();
			for (String line : headers.getText().split("\\R")) {
				if (line.isBlank()) {
					continue;
				}
				int colon = line.indexOf(':');
				if (colon <= 0) {
					throw new IllegalArgumentException("A header must look like 'Name: value', not '" + line.strip() + "'");
				}
				extra.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
			}
			boolean builtin = editing != null && editing.isBuiltin();
			e = new Endpoint(editing != null ? editing.id() : UUID.randomUUID().toString(), name.getText(),
					builtin ? Endpoint.BUILTIN_SIMULATOR_URL : url.getText().strip(),
					api.getSelectionIndex() == 0 ? ApiKind.CHAT : ApiKind.COMPLETIONS, model.getText(), extra,
					verifyTls.getSelection(), new Timeouts(Duration.ofSeconds(connect.getSelection()),
							Duration.ofSeconds(firstToken.getSelection()), Duration.ofSeconds(total.getSelection())));
		} catch (IllegalArgumentException | IllegalStateException bad) {
			show(bad.getMessage(), true);
			return;
		}
		String key = apiKey.getText();
		EndpointRegistry r = registry;
		SecretStore s = secrets;
		busy(true);
		show("Saving...", false);
		saving.latest(() -> store(r, s, e, key), (saved, failure) -> {
			busy(false);
			if (name.isDisposed()) {
				return;
			}
			if (failure != null) { // refused (IllegalArgument/IllegalState) as it is; what was typed stays
				show(refusal("Cannot save: ", failure), true);
				selectionMadeMeanwhile();
				return;
			}
			if (selectionMadeMeanwhile()) {
				return; // the user went on to another endpoint
			}
			edit(saved.shown());
			application.getContext().set(Selections.MODEL_ENDPOINT, saved.shown().endpoint().id());
			show(saved.note(), saved.error());
		});
	}

	/** Saves the endpoint, then its key; off the UI thread. A refusal of the registry is thrown. */
	private static Saved store(EndpointRegistry r, SecretStore s, Endpoint e, String key) {
		Endpoint stored = r.save(e);
		if (stored == null) {
			stored = e;
		}
		if (key.isEmpty()) {
			return new Saved(shown(stored, s), "Saved " + stored.name() + ".", false);
		}
		if (s == null) {
			return new Saved(shown(stored, s), "Saved " + stored.name()
					+ ", but the key was not: secure storage is not available.", true);
		}
		try {
			s.put(stored.secretKey(), key);
		} catch (RuntimeException refused) {
			return new Saved(shown(stored, s), "Saved " + stored.name() + ", but the key was not: "
					+ refused.getMessage() + ". Type it again and Save.", true);
		}
		return new Saved(shown(stored, s), "Saved " + stored.name() + "; the API key is in secure storage.", false);
	}

	/** Removes the endpoint and its key off the UI thread. */
	private void delete() {
		if (busy || editing == null || registry == null) {
			return;
		}
		Endpoint gone = editing;
		EndpointRegistry r = registry;
		SecretStore s = secrets;
		busy(true);
		show("Deleting...", false);
		saving.latest(() -> {
			r.remove(gone.id());
			return Secrets.forget(s, gone.secretKey(), "key");
		}, (keyProblem, failure) -> {
			busy(false);
			if (name.isDisposed()) {
				return;
			}
			if (failure != null) { // e.g. still used by test configurations
				show(refusal("Cannot delete: ", failure), true);
				selectionMadeMeanwhile();
				return;
			}
			// the list's own refresh after the removal may select nothing or the deleted endpoint meanwhile: that is
			// no choice of the user's, and must not swallow the confirmation
			if (selectedWhileBusy && pendingId != null && !pendingId.equals(gone.id())) {
				selectionMadeMeanwhile();
				return;
			}
			selectedWhileBusy = false;
			blank();
			application.getContext().set(Selections.MODEL_ENDPOINT, null);
			show("Deleted " + gone.name() + "." + keyProblem, !keyProblem.isEmpty());
		});
	}

	/** While a save or delete runs, New, Delete and Save are disabled. */
	private void busy(boolean running) {
		busy = running;
		if (!save.isDisposed()) {
			newEndpoint.setEnabled(!running);
			save.setEnabled(!running);
			delete.setEnabled(!running && editing != null);
		}
	}

	/**
	 * After a save or delete: whether the user selected an endpoint meanwhile; if so, it is read now (and shown
	 * instead of the outcome).
	 */
	private boolean selectionMadeMeanwhile() {
		if (!selectedWhileBusy) {
			return false;
		}
		selectedWhileBusy = false;
		load(pendingId);
		return true;
	}

	/** A refusal of the services (IllegalArgument/IllegalState) as it is, anything else after {@code prefix}. */
	private static String refusal(String prefix, Throwable failure) {
		if (failure instanceof IllegalArgumentException || failure instanceof IllegalStateException) {
			return failure.getMessage();
		}
		return prefix + (failure.getMessage() == null ? failure.toString() : failure.getMessage());
	}

	private void show(String text, boolean error) {
		WidgetIds.message(message, text, error);
	}

	@PreDestroy
	void dispose() {
		loading.close();
		saving.close();
		probing.dispose();
	}
}
