package io.deepstress.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;

import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.List;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swtchart.Chart;
import org.junit.jupiter.api.Test;

import io.deepstress.core.services.ConfigurationStore;

/**
 * The Datasets view of the Models perspective: the built-in datasets listed with a token-length chart, and a
 * ShareGPT file with a broken record imported with progress, the record left out shown with its line.
 */
class DatasetsViewTest extends WorkbenchFixture {

	@Test
	void listsDatasetsWithTheirLengthsAndImportsAFile() throws Exception {
		String unique = UUID.randomUUID().toString().substring(0, 8);
		Path file = Files.createTempFile("deepstress-ui-sharegpt", ".json");
		Files.writeString(file, """
				[
				  {"id": "a", "conversations": [{"from": "human", "value": "What is a lugger?"},
				    {"from": "gpt", "value": "A small boat."}, {"from": "human", "value": "How long is one?"}]},
				  {"id": "b", "conversations": [{"from": "gpt", "value": "nothing asked"}]},
				  {"id": "c", "conversations": [{"from": "human", "value": "请介绍一下港口。"}]}
				]
				""", StandardCharsets.UTF_8);
		String name = "ui-import " + unique;
		switchTo(PERSPECTIVES.get(0));
		ui.click(ui.find(CTabItem.class, t -> "Datasets".equals(t.getText()))
				.orElseThrow(() -> new AssertionError("no Datasets tab\n" + ui.dump())));
		try {
			Table table = (Table) showing("datasets:table");
			ui.waitUntil("the built-in datasets listed", () -> WorkbenchFixture.names(table, 0).contains("builtin-long-context"));
			int row = WorkbenchFixture.names(table, 0).indexOf("builtin-long-context");
			ui.selectRows(table, row);
			Label summary = ui.byId("datasets:summary", Label.class);
			ui.waitUntil("the lengths counted", () -> summary.getText().startsWith("builtin-long-context: 50 prompts;"),
					java.time.Duration.ofSeconds(60));
			assertTrue(summary.getText().contains("cl100k_base tokens min "), summary.getText());
			Chart chart = ui.byId("datasets:chart", Chart.class);
			assertNotNull(chart.getSeriesSet().getSeries("lengths"), "a bar series of the lengths");
			String[] categories = chart.getAxisSet().getXAxis(0).getCategorySeries();
			assertTrue(Arrays.stream(categories).allMatch(c -> Integer.parseInt(c.split("-")[0]) >= 2048),
					"every long-context prompt has 2,048 tokens or more: " + Arrays.toString(categories));

			ui.replaceText(ui.byId("datasets:file", Text.class), file.toString());
			Combo format = ui.byId("datasets:format", Combo.class);
			format.select(Arrays.asList(format.getItems()).indexOf("sharegpt"));
			ui.replaceText(ui.byId("datasets:name", Text.class), name);
			Button multiTurn = ui.byId("datasets:multiturn", Button.class);
			multiTurn.setSelection(true);
			ui.click(ui.byId("datasets:import", Button.class));
			Label status = ui.byId("datasets:status", Label.class);
			ui.waitUntil("imported", () -> status.getText().startsWith("Saved dataset"), java.time.Duration.ofSeconds(60));
			assertEquals("Saved dataset " + name + " (2 prompts); 1 record left out:", status.getText());
			assertEquals(java.util.List.of("line 4: no human/user turn"),
					Arrays.asList(ui.byId("datasets:problems", List.class).getItems()));
			assertEquals(1000, ui.byId("datasets:progress", ProgressBar.class).getSelection());
			ui.waitUntil("the new dataset listed and selected", () -> table.getSelectionCount() == 1
					&& name.equals(table.getSelection()[0].getText(0)));
			ui.waitUntil("its lengths shown", () -> summary.getText().startsWith(name + ": 2 prompts, 1 conversations"),
					java.time.Duration.ofSeconds(30));
			assertEquals(1, service(ConfigurationStore.class).dataset(name).orElseThrow().prompts().get(0).followUps().size());
		} finally {
			service(ConfigurationStore.class).removeDataset(name);
			ui.click(ui.find(CTabItem.class, t -> "Endpoints".equals(t.getText())).orElseThrow());
			Files.deleteIfExists(file);
		}
	}
}
