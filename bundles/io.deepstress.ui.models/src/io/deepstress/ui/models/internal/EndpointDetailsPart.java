package io.deepstress.ui.models.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
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
import io.deepstress.ui.parts.Forms;
import io.deepstress.ui.parts.Selections;
import io.deepstress.ui.parts.WidgetIds;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Edits the endpoint selected in the Endpoints view, or a new one: name, base URL, API, model, extra
 * headers, TLS check, timeouts, and the API key, which goes to Eclipse Secure Storage (the field is never
 * filled back: leave it empty to keep the stored key). Input errors are shown, nothing is saved. Widgets
 * are tagged {@code endpoint:*}.
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
	private MApplication application;

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
	private Button delete;
	private Label message;
	private String pendingId;

	@PostConstruct
	void create(Composite parent) {
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
		Forms.button(buttons, "New", "endpoint:new").addListener(SWT.Selection, e -> edit(null));
		delete = Forms.button(buttons, "Delete", "endpoint:delete");
		delete.addListener(SWT.Selection, e -> delete());
		Forms.button(buttons, "Save", "endpoint:save").addListener(SWT.Selection, e -> save());
		message = WidgetIds.tag(new Label(parent, SWT.WRAP), "endpoint:message");
		GridDataFactory.fillDefaults().span(2, 1).grab(true, false).applyTo(message);
		edit(pendingId == null || registry == null ? null : registry.find(pendingId).orElse(null));
	}

	private static Spinner seconds(Composite parent, String label, String id) {
		return Forms.spinner(parent, label, id, 1, 86_400, 10);
	}

	@Inject
	@Optional
	void selected(@Named(Selections.MODEL_ENDPOINT) String endpointId) {
		pendingId = endpointId;
		if (name != null && !name.isDisposed() && registry != null) {
			edit(endpointId == null ? null : registry.find(endpointId).orElse(null));
		}
	}

	/** Shows an endpoint, or empty fields for a new one. */
	private void edit(Endpoint e) {
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
		boolean hasKey = e != null && secrets != null && secrets.get(e.secretKey()).isPresent();
		keyState.setText(e != null && e.isBuiltin() ? "The built-in simulator needs no key."
				: hasKey ? "A key is stored in secure storage; type a new one to replace it." : "No key stored.");
		delete.setEnabled(e != null);
		show(e == null ? "New endpoint: fill in and Save." : "", false);
	}

	private void save() {
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
			registry.save(e);
		} catch (IllegalArgumentException | IllegalStateException bad) {
			show(bad.getMessage(), true);
			return;
		}
		String key = apiKey.getText();
		if (!key.isEmpty()) {
			if (secrets == null) {
				show("Saved, but the key was not: secure storage is not available.", true);
				return;
			}
			secrets.put(e.secretKey(), key);
		}
		application.getContext().set(Selections.MODEL_ENDPOINT, e.id());
		edit(e);
		show("Saved " + e.name() + (key.isEmpty() ? "." : "; the API key is in secure storage."), false);
	}

	private void delete() {
		if (editing == null || registry == null) {
			return;
		}
		try {
			registry.remove(editing.id());
		} catch (IllegalStateException | IllegalArgumentException used) {
			show(used.getMessage(), true);
			return;
		}
		if (secrets != null) {
			secrets.remove(editing.secretKey());
		}
		String gone = editing.name();
		application.getContext().set(Selections.MODEL_ENDPOINT, null);
		edit(null);
		show("Deleted " + gone + ".", false);
	}

	private void show(String text, boolean error) {
		WidgetIds.message(message, text, error);
	}
}
