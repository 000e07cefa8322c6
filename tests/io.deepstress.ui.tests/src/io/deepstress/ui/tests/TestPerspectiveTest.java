package io.deepstress.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Endpoint;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.model.TestConfiguration;
import io.deepstress.core.services.ConfigurationStore;
import io.deepstress.core.services.EndpointRegistry;
import io.deepstress.core.services.RunQuery;
import io.deepstress.core.services.RunStore;
import io.deepstress.ui.testkit.UiDriver;

/** The Test perspective: quick tests, saved configurations, sweeps, prompt files, Stop; the runs recorded. */
class TestPerspectiveTest extends WorkbenchFixture {

	/**
	 * The last launch was a sweep of two levels (concurrency 1 and 2) named "{@code name} c1", "c2": both
	 * summaries there, both runs recorded as completed with {@code requests} requests at their level, from
	 * the built-in simulator (and {@code configuration}, if not null), in one batch of exactly those two.
	 */
	private List<io.deepstress.core.run.RunSummary> twoLevelsRecordedInOneBatch(RunStore store, String name, int requests,
			String configuration) {
		@SuppressWarnings("unchecked")
		List<io.deepstress.core.run.RunSummary> summaries = (List<io.deepstress.core.run.RunSummary>) application
				.getContext().get("io.deepstress.launch.summaries");
		assertEquals(2, summaries.size(), "one summary per level");
		String batch = null;
		for (int i = 0; i < 2; i++) {
			io.deepstress.core.run.RunSummary s = summaries.get(i);
			assertEquals(name + " c" + (i + 1), s.name(), "the level in the name");
			String id = s.runId();
			ui.waitUntil("level " + (i + 1) + " recorded as completed", () -> store.record(id)
					.map(r -> r.summary().status() == io.deepstress.core.run.RunStatus.COMPLETED).orElse(false));
			io.deepstress.core.run.RunRecord r = store.record(id).orElseThrow();
			assertEquals(requests, r.summary().total());
			assertEquals(i + 1, r.summary().concurrency());
			if (configuration != null) {
				assertEquals(configuration, r.origin().configurationName());
			}
			assertEquals(Endpoint.BUILTIN_SIMULATOR_NAME, r.origin().endpointName());
			assertNotNull(r.origin().batchId(), "a sweep is a batch");
			if (batch != null) {
				assertEquals(batch, r.origin().batchId(), "both levels in one batch");
			}
			batch = r.origin().batchId();
		}
		assertEquals(2, store.count(RunQuery.all(10).withBatch(batch)), "the batch is the two levels");
		return summaries;
	}

	@Test
	void aQuickTestOnTheBuiltinSimulatorRunsIsWatchedAndRecorded() throws Exception {
		RunStore store = service(RunStore.class);
		long before = store.count(RunQuery.all(1).withEndpoint(Endpoint.BUILTIN_SIMULATOR_NAME));
		switchTo(PERSPECTIVES.get(1));
		Combo endpoint = (Combo) showing("launch:endpoint");
		// the endpoints are read off the UI thread
		ui.waitUntil("the built-in simulator is chosen first", () -> Endpoint.BUILTIN_SIMULATOR_NAME.equals(endpoint.getText()));
		ui.byId("launch:requests", Spinner.class).setSelection(20);
		ui.byId("launch:concurrency", Spinner.class).setSelection(4);
		ui.byId("launch:max-tokens", Spinner.class).setSelection(16);
		ui.click(ui.byId("launch:start", Button.class));
		Label status = ui.byId("launch:status", Label.class);
		ui.waitUntil("the quick test completed", () -> status.getText().contains("completed: 20 requests, 0 failed"),
				java.time.Duration.ofSeconds(60));
		ui.waitUntil("the live view saw it end", () -> "20".equals(ui.byId("live:completed", Label.class).getText()));
		assertTrue(ui.byId("live:status", Label.class).getText().startsWith("completed"));
		assertTrue(ui.byId("launch:start", Button.class).isEnabled(), "Start is enabled again");

		ui.click(ui.find(org.eclipse.swt.custom.CTabItem.class, t -> "Statistics".equals(t.getText()))
				.orElseThrow(() -> new AssertionError("no Statistics tab\n" + ui.dump())));
		Table overall = (Table) showing("statistics:overall");
		ui.waitUntil("the final figures", () -> overall.getItemCount() > 0);
		assertEquals("requests", overall.getItem(0).getText(0));
		assertEquals("20 (20 ok, 0 failed, 20 attempts)", overall.getItem(0).getText(1));
		ui.waitUntil("the run recorded", () -> store.count(RunQuery.all(1).withEndpoint(Endpoint.BUILTIN_SIMULATOR_NAME))
				== before + 1);
	}

	@Test
	void theLiveRunViewAlertsWhenTheRunItFollowsIsSaturated() throws Exception {
		switchTo(PERSPECTIVES.get(1));
		Label alert = (Label) ui.byId("live:saturation", Label.class);
		org.osgi.service.event.EventAdmin events = service(org.osgi.service.event.EventAdmin.class);
		String run = "sat-" + UUID.randomUUID();
		java.util.function.BiConsumer<String, Object> post = (topic, payload) -> events.postEvent(
				new org.osgi.service.event.Event(topic, java.util.Map.of(io.deepstress.core.events.DeepStressTopics.DATA,
						payload)));
		post.accept(io.deepstress.core.events.RunTopics.PROGRESS, new io.deepstress.core.run.LiveSnapshot(run,
				"saturating " + run, 12, 480, 240, 240, 0, 240, 20, 20, 50, 90, 6000, 11000, Double.NaN));
		ui.waitUntil("the view follows the run", () -> ("saturating " + run).equals(ui.byId("live:run", Label.class)
				.getText()));
		assertEquals("", alert.getText(), "no alert before a finding");
		// another run's finding is not this run's
		post.accept(io.deepstress.core.events.RunTopics.SATURATED, new io.deepstress.core.metrics.Saturation("other", 11,
				10, 20, 0.4, 6000, 400, 240, 15, 0.95));
		post.accept(io.deepstress.core.events.RunTopics.SATURATED, new io.deepstress.core.metrics.Saturation(run, 12, 10,
				20, 0.4, 6000, 400, 240, 15, 0.95));
		ui.waitUntil("the alert", () -> alert.getText().startsWith("Saturation: saturated after 12 s: 20.0 req/s"));
		// the next run starts without it
		post.accept(io.deepstress.core.events.RunTopics.PROGRESS, new io.deepstress.core.run.LiveSnapshot(run + "-next",
				"next " + run, 1, 10, 5, 5, 0, 5, 5, 5, 50, 90, 100, 110, Double.NaN));
		ui.waitUntil("cleared for the next run", () -> alert.getText().isEmpty());
	}

	@Test
	void aConfigurationIsCreatedInTheDialogAndRunFromTheList() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		ConfigurationStore configs = context.getService(ui.waitFor("the configuration store",
				() -> Optional.ofNullable(context.getServiceReference(ConfigurationStore.class))));
		String unique = UUID.randomUUID().toString().substring(0, 8);
		String name = "ui-cfg-" + unique;
		String dataset = "ui-cfg-ds-" + unique;
		configs.saveDataset(new Dataset(dataset, List.of(new Prompt("a", "Say hi."), new Prompt("b", "Count to three."))));
		switchTo(PERSPECTIVES.get(1));
		Table list = (Table) showing("launch:configurations");

		inConfigurationDialog(() -> ui.click(ui.byId("launch:new", Button.class)), d -> {
			Table datasets = (Table) control(d, "config:datasets");
			assertTrue(names(datasets, 0).containsAll(List.of("builtin", dataset)), names(datasets, 0).toString());
			assertEquals("2", item(datasets, dataset).getText(1), "the prompt count");
			assertTrue(item(datasets, "builtin").getChecked(), "a new configuration uses the built-in prompts");
			assertEquals(List.of("builtin"), checked(datasets));
			Button save = button(d, "Save");
			// no name: refused by the model, the dialog stays
			((Spinner) control(d, "config:concurrency")).setSelection(2);
			((Spinner) control(d, "config:requests")).setSelection(6);
			((Spinner) control(d, "config:max-tokens")).setSelection(8);
			ui.click(save);
			Label message = (Label) control(d, "config:error");
			assertTrue(message.getText().contains("needs a name"), message.getText());
			ui.replaceText(field(d, "config:name"), name);

			check(datasets, item(datasets, dataset));
			assertEquals("1", item(datasets, dataset).getText(2), "weight 1 by default");
			editWeight(datasets, item(datasets, dataset), "0");
			assertTrue(message.getText().contains("'" + dataset + "' must be a whole number of at least 1"), message.getText());
			assertFalse(save.isEnabled(), "Save is disabled while a weight is bad");
			editWeight(datasets, item(datasets, dataset), "2.5");
			assertFalse(save.isEnabled(), "not a whole number");
			editWeight(datasets, item(datasets, dataset), "2");
			assertEquals("", message.getText());
			assertTrue(save.isEnabled());
			editWeight(datasets, item(datasets, "builtin"), "3");
			assertEquals(List.of("builtin", dataset), checked(datasets));
			// an SLO that does not parse: refused, naming the part; the dialog stays
			ui.replaceText(field(d, "config:slo"), "ttft_p99<=500ms,e2e<=20");
			ui.click(save);
			assertTrue(message.getText().contains("'e2e<=20'"), message.getText());
			ui.replaceText(field(d, "config:slo"), "ttft_p99<=500ms,e2e<=20s");
		}, d -> ui.click(button(d, "Save"))); // closes the dialog once saved off the UI thread

		var saved = configs.configuration(name).orElseThrow(() -> new AssertionError("not saved"));
		assertEquals(new io.deepstress.core.run.Load.ClosedLoop(2), saved.load());
		assertEquals(6, saved.limits().maxRequests());
		assertEquals(Integer.valueOf(8), saved.request().maxTokens());
		assertEquals(Endpoint.builtinSimulator().id(), saved.endpointId(), "the built-in simulator by default");
		assertEquals(List.of(new TestConfiguration.Share("builtin", 3), new TestConfiguration.Share(dataset, 2)),
				saved.datasets(), "the weights chosen");
		assertEquals("ttft_p99<=500ms,e2e<=20s", saved.slo(), "the SLO saved with the configuration");

		// the store refuses a second configuration of that name (ignoring case): the dialog stays open and says why
		inConfigurationDialog(() -> ui.click(ui.byId("launch:new", Button.class)), d -> {
			ui.replaceText(field(d, "config:name"), name.toUpperCase(Locale.ROOT));
			((Spinner) control(d, "config:requests")).setSelection(9);
			Button save = button(d, "Save");
			Label message = (Label) control(d, "config:error");
			save.notifyListeners(SWT.Selection, new Event()); // no event dispatched yet, so the answer cannot be back
			assertEquals("Saving...", message.getText());
			assertFalse(save.isEnabled(), "Save is disabled while saving");
			ui.waitUntil("the refusal", () -> message.getText().contains("already exists"));
			assertEquals("A test configuration named '" + name.toUpperCase(Locale.ROOT) + "' already exists",
					message.getText());
			assertEquals("deepstress-error", message.getData("org.eclipse.e4.ui.css.CssClassName"), "shown as an error");
			assertTrue(d.isVisible(), "the dialog stays open");
			assertTrue(save.isEnabled(), "Save is enabled again");
		}, d -> ui.click(button(d, "Cancel")));
		assertEquals(List.of(saved), configs.configurations().stream().filter(c -> c.name().equalsIgnoreCase(name)).toList(),
				"the saved configuration is unchanged");

		// editing shows the datasets checked with their weights
		ui.waitUntil("listed", () -> names(list, 0).contains(name));
		ui.click(list.getItem(names(list, 0).indexOf(name)));
		inConfigurationDialog(() -> ui.click(ui.byId("launch:edit", Button.class)), d -> {
			Table datasets = (Table) control(d, "config:datasets");
			assertEquals(List.of("builtin", dataset), checked(datasets));
			assertEquals("3", item(datasets, "builtin").getText(2));
			assertEquals("2", item(datasets, dataset).getText(2));
			assertEquals(name, field(d, "config:name").getText());
			ui.click(button(d, "Cancel"));
		});

		ui.click(list.getItem(names(list, 0).indexOf(name)));
		ui.click(ui.byId("launch:run-selected", Button.class));
		Label status = ui.byId("launch:status", Label.class);
		ui.waitUntil("the configuration ran", () -> status.getText().contains(name + " completed: 6 requests, 0 failed"),
				java.time.Duration.ofSeconds(60));

		// deleted from the list (off the UI thread)
		ui.click(list.getItem(names(list, 0).indexOf(name)));
		ui.click(ui.byId("launch:delete", Button.class));
		ui.waitUntil("deleted", () -> status.getText().equals("Deleted 1 configuration(s).")
				&& !names(list, 0).contains(name));
		assertTrue(configs.configuration(saved.id()).isEmpty(), "removed from the store");
		assertTrue(configs.removeDataset(dataset));
	}

	@Test
	void theEndpointChosenForAQuickTestStaysChosenWhileTheEndpointsChange() {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		EndpointRegistry registry = context.getService(ui.waitFor("the endpoint registry",
				() -> Optional.ofNullable(context.getServiceReference(EndpointRegistry.class))));
		String unique = UUID.randomUUID().toString().substring(0, 8);
		Endpoint chosen = registry.save(Endpoint.create("ui-quick-b-" + unique, "http://127.0.0.1:9/v1", ApiKind.CHAT, "m"));
		switchTo(PERSPECTIVES.get(1));
		Combo endpoint = (Combo) showing("launch:endpoint");
		ui.waitUntil("the new endpoint offered", () -> List.of(endpoint.getItems()).contains(chosen.name()));
		assertEquals(Endpoint.BUILTIN_SIMULATOR_NAME, endpoint.getText(), "the built-in simulator stays chosen");

		endpoint.select(endpoint.indexOf(chosen.name()));
		endpoint.notifyListeners(SWT.Selection, new Event());
		// one sorted before it: its position changes, the choice does not
		Endpoint other = registry.save(Endpoint.create("ui-quick-a-" + unique, "http://127.0.0.1:9/v1", ApiKind.CHAT, "m"));
		ui.waitUntil("the other endpoint offered", () -> List.of(endpoint.getItems()).contains(other.name()));
		assertEquals(chosen.name(), endpoint.getText(), "the user's choice is kept");
		// renamed: still the same endpoint
		Endpoint renamed = registry.save(new Endpoint(chosen.id(), "ui-quick-c-" + unique, chosen.baseUrl(),
				chosen.apiKind(), chosen.model()));
		ui.waitUntil("the new name offered", () -> List.of(endpoint.getItems()).contains(renamed.name()));
		assertEquals(renamed.name(), endpoint.getText(), "kept by id");
		// removed: the built-in simulator again
		assertTrue(registry.remove(chosen.id()));
		ui.waitUntil("the endpoint gone", () -> !List.of(endpoint.getItems()).contains(renamed.name()));
		assertEquals(Endpoint.BUILTIN_SIMULATOR_NAME, endpoint.getText(), "the built-in simulator when the choice is gone");
		assertTrue(registry.remove(other.id()));
		ui.waitUntil("the other endpoint gone", () -> !List.of(endpoint.getItems()).contains(other.name()));
	}

	private static TableItem item(Table table, String firstColumn) {
		return table.getItem(names(table, 0).indexOf(firstColumn));
	}

	private static List<String> checked(Table table) {
		List<String> names = new java.util.ArrayList<>();
		for (TableItem item : table.getItems()) {
			if (item.getChecked()) {
				names.add(item.getText(0));
			}
		}
		return names;
	}

	/** Ticks a row's check box as a click on it would. */
	private void check(Table table, TableItem row) {
		row.setChecked(true);
		Event event = new Event();
		event.detail = SWT.CHECK;
		event.item = row;
		table.notifyListeners(SWT.Selection, event);
		ui.pump(0);
	}

	/** Clicks into the weight cell of a row, types {@code weight} and presses Enter. */
	private void editWeight(Table table, TableItem row, String weight) {
		ui.click(row);
		Rectangle cell = row.getBounds(2);
		Event down = new Event();
		down.button = 1;
		down.x = cell.x + cell.width / 2;
		down.y = cell.y + cell.height / 2;
		table.notifyListeners(SWT.MouseDown, down);
		Text editor = ui.find(Text.class, t -> "config:weight".equals(t.getData(UiDriver.ID_KEY)) && t.isVisible())
				.orElseThrow(() -> new AssertionError("no weight editor after a click into the cell\n" + ui.dump()));
		ui.replaceText(editor, weight);
		editor.notifyListeners(SWT.DefaultSelection, new Event());
		ui.pump(0);
	}

	@Test
	void promptFilesAreImportedAsDatasets() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		ConfigurationStore configs = context.getService(ui.waitFor("the configuration store",
				() -> Optional.ofNullable(context.getServiceReference(ConfigurationStore.class))));
		String unique = UUID.randomUUID().toString().substring(0, 8);
		java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("deepstress.test.dir"), unique);
		java.nio.file.Files.createDirectories(dir);
		java.nio.file.Path good = dir.resolve("questions.jsonl");
		java.nio.file.Files.writeString(good, "{\"prompt\": \"What is a KV cache?\"}\nSay hi.\n\nCount to three.\n");
		java.nio.file.Path latin1 = dir.resolve("latin1.txt");
		java.nio.file.Files.write(latin1, new byte[] { 'c', 'a', 'f', (byte) 0xe9, '\n' });

		switchTo(PERSPECTIVES.get(1));
		Label status = ui.byId("launch:status", Label.class);
		ui.replaceText(ui.byId("launch:prompt-file", Text.class), latin1.toString());
		ui.click(ui.byId("launch:import", Button.class));
		ui.waitUntil("a clear refusal", () -> status.getText().startsWith("Cannot import") && status.getText().contains("UTF-8"));

		ui.replaceText(ui.byId("launch:prompt-file", Text.class), good.toString());
		ui.replaceText(ui.byId("launch:dataset-name", Text.class), "ui-ds-" + unique);
		ui.click(ui.byId("launch:import", Button.class));
		ui.waitUntil("imported", () -> status.getText().equals("Imported 3 prompts as dataset ui-ds-" + unique + "."));
		assertEquals(List.of("What is a KV cache?", "Say hi.", "Count to three."), configs.dataset("ui-ds-" + unique)
				.orElseThrow().prompts().stream().map(io.deepstress.core.model.Prompt::text).toList());
		ui.waitUntil("listed", () -> ui.byId("launch:datasets", Label.class).getText().contains("ui-ds-" + unique + " (3)"));
		assertTrue(configs.removeDataset("ui-ds-" + unique));
	}

	@Test
	void syntheticPromptsAreMadeIntoADatasetOfExactLengths() throws Exception {
		ConfigurationStore configs = service(ConfigurationStore.class);
		io.deepstress.core.tokens.Tokenizer o200k = service(io.deepstress.core.tokens.TokenizerService.class)
				.resolve("o200k", null);
		String unique = UUID.randomUUID().toString().substring(0, 8);
		switchTo(PERSPECTIVES.get(1));
		Label status = ui.byId("launch:status", Label.class);
		ui.replaceText(ui.byId("launch:synthetic-input", Text.class), "uniform:0:9");
		ui.click(ui.byId("launch:synthesize", Button.class));
		ui.waitUntil("a clear refusal", () -> status.getText().startsWith("Cannot make prompts: bad token length"));

		ui.replaceText(ui.byId("launch:synthetic-input", Text.class), "uniform:40:90");
		ui.replaceText(ui.byId("launch:synthetic-output", Text.class), "24");
		ui.byId("launch:synthetic-prefix", Spinner.class).setSelection(16);
		ui.click(ui.byId("launch:synthetic-salt", Button.class));
		Combo tokenizer = ui.byId("launch:synthetic-tokenizer", Combo.class);
		tokenizer.select(1);
		ui.byId("launch:synthetic-count", Spinner.class).setSelection(12);
		ui.replaceText(ui.byId("launch:synthetic-name", Text.class), "ui-syn-" + unique);
		ui.click(ui.byId("launch:synthesize", Button.class));
		ui.waitUntil("made", () -> status.getText().startsWith("Made 12 prompts as dataset ui-syn-" + unique
				+ " (synthetic in=uniform:40:90 out=24 prefix=16 salt seed=1 tokenizer=o200k_base)"));
		Dataset saved = configs.dataset("ui-syn-" + unique).orElseThrow();
		assertEquals(12, saved.prompts().size());
		for (Prompt p : saved.prompts()) {
			assertEquals(p.inputTokens(), o200k.count(p.text()), "saved with its exact length: " + p.id());
			assertTrue(p.inputTokens() >= 56 && p.inputTokens() <= 106, p.id() + " " + p.inputTokens());
			assertEquals(24, p.outputTokens());
		}
		ui.waitUntil("listed", () -> ui.byId("launch:datasets", Label.class).getText().contains("ui-syn-" + unique + " (12)"));
		assertTrue(configs.removeDataset("ui-syn-" + unique));
	}

	@Test
	void aSweepFromTheQuickTestRunsOneRecordedRunPerLevelInOneBatch() throws Exception {
		RunStore store = service(RunStore.class);
		switchTo(PERSPECTIVES.get(1));
		Combo endpoint = (Combo) showing("launch:endpoint");
		ui.waitUntil("the built-in simulator is chosen first", () -> Endpoint.BUILTIN_SIMULATOR_NAME.equals(endpoint.getText()));
		Text sweep = ui.byId("launch:sweep", Text.class);
		try {
			ui.byId("launch:requests", Spinner.class).setSelection(6);
			ui.byId("launch:max-tokens", Spinner.class).setSelection(8);
			ui.replaceText(sweep, "1, 2");
			assertFalse(ui.byId("launch:concurrency", Spinner.class).isEnabled(), "a sweep sets the concurrency");
			ui.click(ui.byId("launch:start", Button.class));
			Label status = ui.byId("launch:status", Label.class);
			ui.waitUntil("the sweep completed", () -> status.getText().contains("completed: 6 requests, 0 failed")
					&& status.getText().contains("(2 runs)"), java.time.Duration.ofSeconds(60));
			assertTrue(status.getText().startsWith(Endpoint.BUILTIN_SIMULATOR_NAME + " c2 completed"), status.getText());
			assertTrue(ui.byId("launch:start", Button.class).isEnabled(), "Start is enabled again");
			ui.waitUntil("the live view says which level ran last",
					() -> "level 2 of 2: concurrency 2".equals(ui.byId("live:level", Label.class).getText()));

			List<io.deepstress.core.run.RunSummary> summaries = twoLevelsRecordedInOneBatch(store,
					Endpoint.BUILTIN_SIMULATOR_NAME, 6, null);
			for (int i = 0; i < 2; i++) {
				assertEquals(i + 1, summaries.get(i).concurrency());
			}

			ui.click(ui.find(org.eclipse.swt.custom.CTabItem.class, t -> "Statistics".equals(t.getText()))
					.orElseThrow(() -> new AssertionError("no Statistics tab\n" + ui.dump())));
			Table runs = (Table) showing("statistics:runs");
			ui.waitUntil("a summary per level", () -> runs.getItemCount() == 2);
			for (int i = 0; i < 2; i++) {
				assertEquals(Endpoint.BUILTIN_SIMULATOR_NAME + " c" + (i + 1), runs.getItem(i).getText(0));
				assertEquals("completed", runs.getItem(i).getText(1));
				assertEquals(Integer.toString(i + 1), runs.getItem(i).getText(2));
				assertEquals("6", runs.getItem(i).getText(3));
			}
			Table overall = (Table) showing("statistics:overall");
			assertEquals("6 (6 ok, 0 failed, 6 attempts)", overall.getItem(0).getText(1));
			Label title = ui.byId("statistics:title", Label.class);
			assertEquals(Endpoint.BUILTIN_SIMULATOR_NAME + " c2 — completed (run 2 of 2)", title.getText());
			ui.selectRows(runs, 0);
			ui.waitUntil("the first level's figures", () -> title.getText().endsWith("(run 1 of 2)"));
		} finally {
			ui.replaceText(sweep, "");
		}
		assertTrue(ui.byId("launch:concurrency", Spinner.class).isEnabled(), "no sweep: the concurrency counts");
	}

	@Test
	void aBadSweepEntryIsRefusedAndNothingStarts() throws Exception {
		RunStore store = service(RunStore.class);
		switchTo(PERSPECTIVES.get(1));
		Combo endpoint = (Combo) showing("launch:endpoint");
		ui.waitUntil("the built-in simulator is chosen first", () -> Endpoint.BUILTIN_SIMULATOR_NAME.equals(endpoint.getText()));
		Text sweep = ui.byId("launch:sweep", Text.class);
		Label status = ui.byId("launch:status", Label.class);
		Button start = ui.byId("launch:start", Button.class);
		long before = store.count(RunQuery.all(1));
		try {
			for (String[] bad : new String[][] { { "1,x", "'x'" }, { "8, 0", "'0'" }, { "1,,2", "''" }, { "-4", "'-4'" },
					{ "2.5", "'2.5'" }, { "5000", "'5000'" } }) {
				ui.replaceText(sweep, bad[0]);
				start.notifyListeners(SWT.Selection, new Event());
				assertEquals("Cannot start: Sweep: " + bad[1] + " is not a concurrency level (a whole number from 1 to 4096;"
						+ " levels separated by commas, e.g. 1,8,32,128)", status.getText(), bad[0]);
				assertEquals("deepstress-error", status.getData("org.eclipse.e4.ui.css.CssClassName"), "shown as an error");
				assertTrue(start.isEnabled(), "nothing started: " + bad[0]);
				assertFalse(ui.byId("launch:stop", Button.class).isEnabled(), "nothing to stop: " + bad[0]);
			}
			ui.pump(300);
			assertEquals(before, store.count(RunQuery.all(1)), "no run recorded");
		} finally {
			ui.replaceText(sweep, "");
		}
	}

	@Test
	void stopCancelsTheRunningLevelAndTheRestOfTheSweep() throws Exception {
		RunStore store = service(RunStore.class);
		switchTo(PERSPECTIVES.get(1));
		Combo endpoint = (Combo) showing("launch:endpoint");
		ui.waitUntil("the built-in simulator is chosen first", () -> Endpoint.BUILTIN_SIMULATOR_NAME.equals(endpoint.getText()));
		Text sweep = ui.byId("launch:sweep", Text.class);
		Spinner requests = ui.byId("launch:requests", Spinner.class);
		int requestsBefore = requests.getSelection();
		try {
			requests.setSelection(1_000_000);
			ui.byId("launch:max-tokens", Spinner.class).setSelection(64);
			ui.replaceText(sweep, "1,2,3");
			ui.click(ui.byId("launch:start", Button.class));
			Label level = ui.byId("live:level", Label.class);
			ui.waitUntil("the first level running", () -> "level 1 of 3: concurrency 1".equals(level.getText())
					&& !"–".equals(ui.byId("live:sent", Label.class).getText()), java.time.Duration.ofSeconds(30));
			Button stop = ui.byId("launch:stop", Button.class);
			assertTrue(stop.isEnabled());
			ui.click(stop);
			Label status = ui.byId("launch:status", Label.class);
			ui.waitUntil("the sweep stopped", () -> status.getText().contains(" cancelled: ")
					&& ui.byId("launch:start", Button.class).isEnabled(), java.time.Duration.ofSeconds(30));
			assertTrue(status.getText().startsWith(Endpoint.BUILTIN_SIMULATOR_NAME + " c1 cancelled"), status.getText());
			assertFalse(status.getText().contains("runs)"), "one run: " + status.getText());
			@SuppressWarnings("unchecked")
			List<io.deepstress.core.run.RunSummary> summaries = (List<io.deepstress.core.run.RunSummary>) application
					.getContext().get("io.deepstress.launch.summaries");
			assertEquals(1, summaries.size(), "the levels after the stopped one did not run");
			String id = summaries.get(0).runId();
			ui.waitUntil("the stopped level recorded as cancelled", () -> store.record(id)
					.map(r -> r.summary().status() == io.deepstress.core.run.RunStatus.CANCELLED).orElse(false));
			String batch = store.record(id).orElseThrow().origin().batchId();
			assertNotNull(batch);
			ui.pump(500);
			assertEquals(1, store.count(RunQuery.all(10).withBatch(batch)), "nothing recorded for the other levels");
		} finally {
			ui.replaceText(sweep, "");
			requests.setSelection(requestsBefore);
		}
	}

	@Test
	void aLaunchOutlivesTheViewThatStartedItAndTheReopenedViewStopsIt() throws Exception {
		RunStore store = service(RunStore.class);
		io.deepstress.core.launch.LaunchService launches = service(io.deepstress.core.launch.LaunchService.class);
		switchTo(PERSPECTIVES.get(1));
		Combo endpoint = (Combo) showing("launch:endpoint");
		ui.waitUntil("the built-in simulator is chosen first", () -> Endpoint.BUILTIN_SIMULATOR_NAME.equals(endpoint.getText()));
		Spinner requests = ui.byId("launch:requests", Spinner.class);
		int requestsBefore = requests.getSelection();
		requests.setSelection(1_000_000);
		ui.click(ui.byId("launch:start", Button.class));
		ui.waitUntil("the run is going", () -> !launches.active().isEmpty()
				&& launches.active().get(0).current().map(r -> r.snapshot().completed() > 0).orElse(false),
				java.time.Duration.ofSeconds(30));
		io.deepstress.core.launch.LaunchHandle launch = launches.active().get(0);
		org.eclipse.e4.ui.workbench.modeling.EPartService parts = application.getContext()
				.get(org.eclipse.e4.ui.workbench.modeling.EPartService.class);
		org.eclipse.e4.ui.model.application.ui.basic.MPart view = (org.eclipse.e4.ui.model.application.ui.basic.MPart) modelService
				.find("io.deepstress.ui.launch.part.configurations", stack().getSelectedElement());
		try {
			parts.hidePart(view);
			ui.waitUntil("the view is gone", () -> view.getWidget() == null);
			long completed = launch.current().orElseThrow().snapshot().completed();
			ui.waitUntil("the run goes on without the view", () -> launch.current()
					.map(r -> r.snapshot().completed() > completed + 2).orElse(false), java.time.Duration.ofSeconds(30));
			assertFalse(launch.completion().isDone());
			parts.showPart(view, org.eclipse.e4.ui.workbench.modeling.EPartService.PartState.VISIBLE);
			Button stop = ui.byId("launch:stop", Button.class);
			ui.waitUntil("the reopened view follows the launch", stop::isEnabled);
			assertFalse(ui.byId("launch:start", Button.class).isEnabled(), "nothing else starts meanwhile");
			assertTrue(ui.byId("launch:status", Label.class).getText().startsWith("Running quick test on "),
					ui.byId("launch:status", Label.class).getText());
			ui.click(stop);
			ui.waitUntil("stopped", () -> launch.completion().isDone() && ui.byId("launch:start", Button.class).isEnabled(),
					java.time.Duration.ofSeconds(30));
			String id = launch.completion().get().summaries().get(0).runId();
			assertEquals(io.deepstress.core.run.RunStatus.CANCELLED, store.record(id).orElseThrow().summary().status());
			assertTrue(launches.active().isEmpty());
		} finally {
			launch.cancel();
			if (view.getWidget() == null) {
				parts.showPart(view, org.eclipse.e4.ui.workbench.modeling.EPartService.PartState.VISIBLE);
			}
			ui.byId("launch:requests", Spinner.class).setSelection(requestsBefore);
		}
	}

	@Test
	void aSweepConfigurationMadeInTheDialogRunsOneRecordedRunPerLevelInOneBatch() throws Exception {
		ConfigurationStore configs = service(ConfigurationStore.class);
		RunStore store = service(RunStore.class);
		String name = "ui-sweep-" + UUID.randomUUID().toString().substring(0, 8);
		switchTo(PERSPECTIVES.get(1));
		Table list = (Table) showing("launch:configurations");
		String hint = ui.byId("launch:sweep", Text.class).getMessage();

		inConfigurationDialog(() -> ui.click(ui.byId("launch:new", Button.class)), d -> {
			Text sweep = field(d, "config:sweep");
			assertEquals(hint, sweep.getMessage(), "the quick test's hint");
			ui.replaceText(field(d, "config:name"), name);
			((Spinner) control(d, "config:requests")).setSelection(4);
			((Spinner) control(d, "config:max-tokens")).setSelection(8);
			ui.replaceText(sweep, "1,2.5");
			assertFalse(control(d, "config:concurrency").isEnabled(), "a closed loop's sweep sets the concurrency");
			ui.click(button(d, "Save"));
			Label message = (Label) control(d, "config:error");
			assertEquals("Sweep: '2.5' is not a concurrency level (a whole number from 1 to 4096; levels separated by"
					+ " commas, e.g. 1,8,32,128)", message.getText());
			assertEquals("deepstress-error", message.getData("org.eclipse.e4.ui.css.CssClassName"), "shown as an error");
			assertTrue(d.isVisible(), "the dialog stays open");
			ui.replaceText(sweep, "1, 2");
		}, d -> ui.click(button(d, "Save")));

		TestConfiguration saved = configs.configuration(name).orElseThrow(() -> new AssertionError("not saved"));
		try {
			assertEquals(List.of(1.0, 2.0), saved.sweep());
			assertEquals(Endpoint.builtinSimulator().id(), saved.endpointId());
			ui.waitUntil("listed", () -> names(list, 0).contains(name));
			assertEquals("sweep concurrency 1,2", item(list, name).getText(2));
			ui.click(item(list, name));
			inConfigurationDialog(() -> ui.click(ui.byId("launch:edit", Button.class)), d -> {
				assertEquals("1,2", field(d, "config:sweep").getText(), "the levels shown again");
				ui.click(button(d, "Cancel"));
			});

			ui.click(item(list, name));
			ui.click(ui.byId("launch:run-selected", Button.class));
			Label status = ui.byId("launch:status", Label.class);
			ui.waitUntil("both levels ran", () -> status.getText().startsWith(name + " c2 completed: 4 requests, 0 failed")
					&& status.getText().contains("(2 runs)"), java.time.Duration.ofSeconds(60));
			ui.waitUntil("the live view says which level ran last",
					() -> "level 2 of 2: concurrency 2".equals(ui.byId("live:level", Label.class).getText()));

			twoLevelsRecordedInOneBatch(store, name, 4, name);
		} finally {
			configs.removeConfiguration(saved.id());
		}
	}
}
