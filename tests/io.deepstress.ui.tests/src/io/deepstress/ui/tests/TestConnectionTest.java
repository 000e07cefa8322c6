package io.deepstress.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.deepstress.core.model.Endpoint;
import io.deepstress.core.services.BuiltinSimulator;

/** The Models perspective's Test connection, against the built-in simulator. */
class TestConnectionTest extends WorkbenchFixture {

	@Test
	void testConnectionShowsTheSimulatorsModelsAndFillsThePicker() throws Exception {
		// what the simulator lists, asked here directly
		String base = service(BuiltinSimulator.class).baseUrl();
		HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/models"))
				.build(), HttpResponse.BodyHandlers.ofString());
		List<String> listed = new ArrayList<>();
		for (JsonNode m : new ObjectMapper().readTree(answer.body()).path("data")) {
			listed.add(m.path("id").asText());
		}
		assertTrue(!listed.isEmpty(), answer.body());

		switchTo(PERSPECTIVES.get(0));
		Table endpoints = (Table) showing("models:endpoints");
		ui.waitUntil("a row for the built-in simulator", () -> endpoints.getItemCount() > 0);
		ui.click(ui.find(org.eclipse.swt.custom.CTabItem.class, t -> "Endpoint Details".equals(t.getText()))
				.orElseThrow(() -> new AssertionError("no Endpoint Details tab\n" + ui.dump())));
		ui.selectRows(endpoints, 0);
		Text name = (Text) showing("endpoint:name");
		ui.waitUntil("the simulator shown", () -> Endpoint.BUILTIN_SIMULATOR_NAME.equals(name.getText()));
		Text model = ui.byId("endpoint:model", Text.class);
		String before = model.getText();
		Label report = ui.byId("endpoint:probe-report", Label.class);
		Combo models = ui.byId("endpoint:probe-models", Combo.class);
		ui.click(ui.byId("endpoint:probe", Button.class));
		ui.waitUntil("the report", () -> report.getText().startsWith("Reachable"), java.time.Duration.ofSeconds(30));
		assertEquals(listed, Arrays.asList(models.getItems()), "the models found, in the picker");
		String text = report.getText();
		assertTrue(text.contains("Models: " + String.join(", ", listed)), text);
		assertTrue(text.contains("Streaming: yes"), text);
		assertTrue(text.contains("include_usage: yes"), text);
		assertTrue(text.matches("(?s).*TTFT \\d+ ms, end to end \\d+ ms.*"), text);
		assertTrue(ui.byId("endpoint:probe", Button.class).isEnabled(), "Test connection can run again");

		// picking a model found puts it into the form
		models.select(listed.size() - 1);
		models.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
		assertEquals(listed.get(listed.size() - 1), model.getText());
		ui.replaceText(model, before);
	}
}
