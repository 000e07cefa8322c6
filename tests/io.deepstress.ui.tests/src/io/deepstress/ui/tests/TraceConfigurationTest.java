package io.deepstress.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.junit.jupiter.api.Test;

import io.deepstress.core.model.TestConfiguration;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestResult;
import io.deepstress.core.run.RunRecord;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.services.ConfigurationStore;
import io.deepstress.core.services.RunQuery;
import io.deepstress.core.services.RunStore;
import io.deepstress.core.trace.TraceReplay;

/**
 * A trace replay configuration made in the configuration dialog and run against the built-in simulator: the
 * trace's requests are sent with prompts of its input lengths (the simulator counts cl100k_base tokens as the
 * replay's tokenizer does), in its order, and recorded; a trace that is not one is refused when the run starts.
 */
class TraceConfigurationTest extends WorkbenchFixture {

	@Test
	void aTraceReplayIsConfiguredInTheDialogAndRunFromTheList() throws Exception {
		ConfigurationStore configs = service(ConfigurationStore.class);
		RunStore store = service(RunStore.class);
		String unique = UUID.randomUUID().toString().substring(0, 8);
		String name = "ui-trace-" + unique;
		Path dir = Files.createTempDirectory("ui-trace");
		int[] inputs = { 40, 90, 40, 120, 64, 33 };
		List<String> lines = new ArrayList<>();
		for (int i = 0; i < inputs.length; i++) {
			lines.add("{\"timestamp\": " + (1000 + 60 * i) + ", \"input_length\": " + inputs[i]
					+ ", \"output_length\": 6, \"hash_ids\": [" + i + "]}");
		}
		Path trace = Files.write(dir.resolve("replay.jsonl"), lines);
		switchTo(PERSPECTIVES.get(1));
		Table list = (Table) showing("launch:configurations");

		inConfigurationDialog(() -> ui.click(ui.byId("launch:new", Button.class)), d -> {
			ui.replaceText(field(d, "config:name"), name);
			assertFalse(field(d, "config:trace-file").isEnabled(), "the trace fields wait for the trace load");
			Combo load = (Combo) control(d, "config:load");
			load.select(3);
			load.notifyListeners(SWT.Selection, new Event());
			assertTrue(field(d, "config:trace-file").isEnabled());
			assertFalse(field(d, "config:rate").isEnabled(), "the trace gives the arrivals");
			assertFalse(control(d, "config:datasets").getParent().isEnabled(), "the trace gives the prompts");
			ui.replaceText(field(d, "config:trace-file"), trace.toString());
			ui.replaceText(field(d, "config:trace-speed"), "2");
			((Spinner) control(d, "config:concurrency")).setSelection(3);
			((Spinner) control(d, "config:max-tokens")).setSelection(6);
		}, d -> ui.click(button(d, "Save")));

		TestConfiguration saved = configs.configuration(name).orElseThrow(() -> new AssertionError("not saved"));
		assertEquals(new TraceReplay(trace.toString(), 2, 0, "cl100k", 1), saved.trace());
		assertEquals(new Load.ClosedLoop(3), saved.load(), "the cap of requests in flight");
		assertEquals(List.of(), saved.datasets());

		ui.waitUntil("listed", () -> names(list, 0).contains(name));
		assertTrue(list.getItem(names(list, 0).indexOf(name)).getText(2).equals("trace replay.jsonl x2, cap 3"),
				list.getItem(names(list, 0).indexOf(name)).getText(2));
		ui.click(list.getItem(names(list, 0).indexOf(name)));
		ui.click(ui.byId("launch:run-selected", Button.class));
		Label status = ui.byId("launch:status", Label.class);
		ui.waitUntil("the replay ran", () -> status.getText().contains(name + " completed: 6 requests, 0 failed"),
				java.time.Duration.ofSeconds(60));
		RunRecord run = store.list(RunQuery.all(50)).stream().filter(r -> name.equals(r.origin().configurationName()))
				.findFirst().orElseThrow();
		String id = run.summary().runId();
		ui.waitUntil("recorded", () -> store.record(id).map(r -> r.summary().status() == RunStatus.COMPLETED)
				.orElse(false));
		List<RequestResult> samples = store.samples(id);
		assertEquals(inputs.length, samples.size());
		List<Long> sent = samples.stream().sorted(java.util.Comparator.comparingLong(RequestResult::startNanos))
				.map(RequestResult::inputTokensSent).toList();
		assertEquals(List.of(40L, 90L, 40L, 120L, 64L, 33L), sent, "the trace's lengths, in its order");
		for (RequestResult r : samples) {
			assertEquals(r.inputTokensSent(), r.inputTokens(), "the simulator counts the same cl100k tokens");
		}

		// a trace broken since it was saved: the run is refused with the line that is wrong
		Files.writeString(trace, lines.get(0) + "\n{\"timestamp\": 10, \"input_length\": 5}\n");
		ui.click(list.getItem(names(list, 0).indexOf(name)));
		ui.click(ui.byId("launch:run-selected", Button.class));
		ui.waitUntil("refused", () -> status.getText().contains("line 2"), java.time.Duration.ofSeconds(30));
		assertTrue(configs.removeConfiguration(saved.id()));
	}
}
