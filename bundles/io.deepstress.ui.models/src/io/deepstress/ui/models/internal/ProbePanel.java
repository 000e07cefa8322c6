package io.deepstress.ui.models.internal;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import io.deepstress.core.probe.EndpointProbe;
import io.deepstress.core.probe.ProbeReport;
import io.deepstress.core.services.BuiltinSimulator;
import io.deepstress.core.services.SecretStore;
import io.deepstress.ui.parts.Background;
import io.deepstress.ui.parts.Forms;
import io.deepstress.ui.parts.WidgetIds;

/**
 * "Test connection" of the Endpoint Details form: runs the {@link EndpointProbe} off the UI thread for what the form
 * shows (its URL, or the built-in simulator's; its model; the key typed, else the stored one) and shows the report:
 * the models found (a picker that fills the form's model), streaming, {@code include_usage}, the reasoning field, the
 * role chunk, {@code /tokenize}, {@code /metrics} and the server it looks like, the latency of one short request, and
 * what failed. Widgets are tagged {@code endpoint:probe*}.
 */
final class ProbePanel {

	/** What to probe, as the form shows it. */
	record Target(String baseUrl, boolean builtin, String model, String typedKey, String secretKey) {
	}

	private final Supplier<EndpointProbe> probe;
	private final Supplier<SecretStore> secrets;
	private final Supplier<BuiltinSimulator> simulator;
	private final Background worker;
	private final Button test;
	private final Combo models;
	private final Label report;

	ProbePanel(Composite parent, UISynchronize sync, Supplier<EndpointProbe> probe, Supplier<SecretStore> secrets,
			Supplier<BuiltinSimulator> simulator, Supplier<Target> target, Consumer<String> pickModel) {
		this.probe = probe;
		this.secrets = secrets;
		this.simulator = simulator;
		this.worker = new Background("deepstress-endpoint-probe", sync);
		Composite row = new Composite(parent, SWT.NONE);
		GridDataFactory.fillDefaults().span(2, 1).grab(true, false).applyTo(row);
		GridLayoutFactory.fillDefaults().numColumns(3).applyTo(row);
		test = Forms.button(row, "Test connection", "endpoint:probe");
		new Label(row, SWT.NONE).setText("Models found");
		models = WidgetIds.tag(new Combo(row, SWT.READ_ONLY), "endpoint:probe-models");
		GridDataFactory.fillDefaults().grab(true, false).applyTo(models);
		models.addListener(SWT.Selection, e -> {
			if (models.getSelectionIndex() >= 0) {
				pickModel.accept(models.getItem(models.getSelectionIndex()));
			}
		});
		report = WidgetIds.tag(new Label(parent, SWT.WRAP), "endpoint:probe-report");
		GridDataFactory.fillDefaults().span(2, 1).grab(true, false).hint(300, SWT.DEFAULT).applyTo(report);
		test.addListener(SWT.Selection, e -> run(target.get(), pickModel));
	}

	/** Forgets the last report (another endpoint is shown). */
	void clear() {
		worker.cancelPending();
		models.removeAll();
		report.setText("");
		test.setEnabled(true);
		report.getParent().layout(true, true);
	}

	private void run(Target t, Consumer<String> pickModel) {
		EndpointProbe p = probe.get();
		if (p == null) {
			say("The endpoint probe is not installed.");
			return;
		}
		SecretStore s = secrets.get();
		BuiltinSimulator sim = simulator.get();
		test.setEnabled(false);
		say("Testing the connection...");
		worker.latest(() -> {
			String url = t.builtin() ? (sim == null ? null : sim.baseUrl()) : t.baseUrl();
			if (url == null || url.isBlank()) {
				throw new IllegalArgumentException(t.builtin() ? "The built-in simulator is not installed."
						: "Type the endpoint's base URL first.");
			}
			String key = !t.typedKey().isEmpty() ? t.typedKey() : stored(s, t.secretKey());
			String model = t.model() == null || t.model().isBlank() ? null : t.model().strip();
			return p.probe(url, model, key);
		}, (r, failure) -> {
			if (test.isDisposed()) {
				return;
			}
			test.setEnabled(true);
			if (failure != null) {
				say(failure instanceof IllegalArgumentException ? failure.getMessage()
						: "The probe failed: " + (failure.getMessage() == null ? failure.toString() : failure.getMessage()));
				return;
			}
			models.setItems(r.models().toArray(String[]::new));
			int used = r.models().indexOf(r.modelUsed());
			if (used >= 0) {
				models.select(used);
			}
			if ((t.model() == null || t.model().isBlank()) && !r.models().isEmpty()) {
				pickModel.accept(r.models().get(0));
			}
			say(describe(r));
		});
	}

	private static String stored(SecretStore s, String secretKey) {
		if (s == null || secretKey == null) {
			return null;
		}
		try {
			return s.get(secretKey).orElse(null);
		} catch (RuntimeException unreadable) {
			return null; // probed without a key; the report says what the server answered
		}
	}

	private void say(String text) {
		report.setText(text);
		report.getParent().layout(true, true);
	}

	/** The report as lines of text ("–" where a step could not be told). */
	static String describe(ProbeReport r) {
		StringBuilder b = new StringBuilder();
		b.append(r.reachable() ? "Reachable: " : "Not reachable: ").append(r.baseUrl()).append('\n');
		b.append("Models: ").append(r.models().isEmpty() ? "none listed" : String.join(", ", r.models()))
				.append(r.modelUsed() == null ? "" : " (asked: " + r.modelUsed() + ")").append('\n');
		b.append("Streaming: ").append(yesNo(r.streaming())).append("   include_usage: ").append(yesNo(r.includeUsage()))
				.append("   role chunk first: ").append(yesNo(r.roleChunkFirst())).append('\n');
		b.append("Reasoning field: ").append(r.reasoningField() == null ? "none seen" : r.reasoningField())
				.append("   /tokenize: ").append(r.tokenize() ? "yes" : "no").append("   /metrics: ")
				.append(r.metrics() ? "yes" + (r.server() == null ? "" : " (looks like " + r.server() + ")") : "no")
				.append('\n');
		b.append("Latency of one short request: TTFT ").append(ms(r.ttftMs())).append(", end to end ").append(ms(r.e2eMs()));
		List<String> problems = r.problems();
		if (!problems.isEmpty()) {
			b.append('\n').append("Problems: ").append(String.join(" ", problems));
		}
		return b.toString();
	}

	private static String yesNo(Boolean b) {
		return b == null ? "–" : b ? "yes" : "no";
	}

	private static String ms(double v) {
		return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.0f ms", v);
	}

	void dispose() {
		worker.close();
	}
}
