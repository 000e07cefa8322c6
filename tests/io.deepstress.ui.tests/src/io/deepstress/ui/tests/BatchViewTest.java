package io.deepstress.ui.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.HdrHistogram.Histogram;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.Test;

import io.deepstress.core.batch.AgentClock;
import io.deepstress.core.batch.AgentRecord;
import io.deepstress.core.batch.RunHistograms;
import io.deepstress.core.batch.Shard;
import io.deepstress.core.run.RunOrigin;
import io.deepstress.core.services.RunStore;
import io.deepstress.ui.testkit.UiDriver;

/**
 * The Records perspective's batch view shows the batch's merged figures: two agents' runs (their histograms and
 * shards stored as {@code run --shard} keeps them), one with every TTFT at 100 ms and one at 300 ms, give a merged
 * median of 100 ms and a p99 of 300 ms (the union's, not an average of the agents' percentiles).
 */
class BatchViewTest extends WorkbenchFixture {

	private static RunHistograms ttftAt(long micros, int n) {
		Histogram ttft = RunHistograms.histogram();
		ttft.recordValueWithCount(micros, n);
		return new RunHistograms(ttft, ttft, RunHistograms.histogram(), RunHistograms.histogram());
	}

	@Test
	void showItsBatchShowsTheMergedFiguresOfItsAgents() throws Exception {
		RunStore store = service(RunStore.class);
		String unique = UUID.randomUUID().toString().substring(0, 8);
		String lab = "Agents lab " + unique;
		String batch = UUID.randomUUID().toString();
		long start = System.currentTimeMillis() - 60_000;
		String a = StoredRuns.record(store, "agent-0-" + unique, new RunOrigin(lab, null, batch), 4, start);
		String b = StoredRuns.record(store, "agent-1-" + unique, new RunOrigin(lab, null, batch), 4, start + 100);
		store.saveHistograms(a, ttftAt(100_000, 4));
		store.saveHistograms(b, ttftAt(300_000, 4));
		store.saveAgent(new AgentRecord(a, new Shard(0, 2), new AgentClock(0, 1, AgentClock.SIMULATOR, ""), "h0"));
		store.saveAgent(new AgentRecord(b, new Shard(1, 2), new AgentClock(0, 1, AgentClock.SIMULATOR, ""), "h1"));

		switchTo(PERSPECTIVES.get(3));
		Table runs = (Table) showing("records:runs");
		Text endpoint = ui.byId("records:endpoint", Text.class);
		try {
			ui.replaceText(endpoint, lab);
			ui.click(ui.byId("records:refresh", Button.class));
			ui.waitUntil("the two agents' runs", () -> runs.getItemCount() == 2);
			ui.selectRows(runs, 0);
			ui.click(ui.byId("records:batch", Button.class));
			Label merged = ui.byId("records:batch-merged", Label.class);
			ui.waitUntil("the merged figures", () -> merged.getText().startsWith("Merged 2 runs (2 agents): 8 requests"));
			String text = merged.getText();
			assertTrue(text.contains("TTFT p50 100.0 / p99 300.0 ms"), text);
			assertTrue(!text.contains("NaN") && !text.contains("null"), text);
			ui.click(ui.byId("records:batch-clear", Button.class));
			ui.waitUntil("the merged figures go with the batch filter", () -> !UiDriver.isShowing(merged));
		} finally {
			ui.replaceText(endpoint, "");
			ui.click(ui.byId("records:refresh", Button.class));
		}
		assertTrue(List.of(a, b).stream().allMatch(id -> store.find(id).isPresent()));
	}
}
