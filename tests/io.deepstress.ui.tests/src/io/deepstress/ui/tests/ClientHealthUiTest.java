package io.deepstress.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;

import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.deepstress.core.events.DeepStressTopics;
import io.deepstress.core.events.RunTopics;
import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Dataset;
import io.deepstress.core.model.Prompt;
import io.deepstress.core.run.ApiTarget;
import io.deepstress.core.run.ClientHealthEvent;
import io.deepstress.core.run.DatasetShare;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.run.RunConfig;
import io.deepstress.core.run.Timeouts;
import io.deepstress.core.run.ClientHealthReport;
import io.deepstress.core.run.LatencyStats;
import io.deepstress.core.run.LiveSnapshot;
import io.deepstress.core.run.RunOrigin;
import io.deepstress.core.run.RunStatus;
import io.deepstress.core.run.RunSummary;
import io.deepstress.core.services.RunStore;

/** The client-limited stamp in the workbench: the Live Run warning while it happens, the Records column and details. */
class ClientHealthUiTest extends WorkbenchFixture {

	private static ClientHealthReport report(List<String> reasons) {
		return new ClientHealthReport(1, 2, 1.9, 100, 0, 20, 5, reasons.isEmpty() ? 3 : 45, 50, 0, Double.NaN,
				Double.NaN, Double.NaN, 0, 0, reasons);
	}

	private static RunSummary summary(String id, String name, ClientHealthReport health) {
		long now = System.currentTimeMillis();
		LatencyStats l = new LatencyStats(4, 5, 5, 5, 5, 5, 5);
		return new RunSummary(id, name, "m", "closed loop, concurrency 2", 2, RunStatus.COMPLETED, null, now, now + 1000,
				1, 4, 4, 0, 4, 16, 28, 48, 0, 4, 16, Double.NaN, Double.NaN, l, l, l, l, Map.of(), List.of(), 0.02, 200,
				200).withClientHealth(health);
	}

	@Test
	void theLiveRunViewWarnsWhileTheClientLimitsTheRunAndKeepsTheStamp() throws Exception {
		switchTo(PERSPECTIVES.get(1));
		Label warning = ui.byId("live:client-health", Label.class);
		EventAdmin events = service(EventAdmin.class);
		BiConsumer<String, Object> post = (topic, payload) -> events.postEvent(new Event(topic,
				Map.of(DeepStressTopics.DATA, payload)));
		String run = "health-" + UUID.randomUUID();
		post.accept(RunTopics.PROGRESS, new LiveSnapshot(run, "limited " + run, 2, 40, 20, 20, 0, 20, 10, 10, 5, 9, 60,
				90, Double.NaN));
		ui.waitUntil("the view follows the run", () -> ("limited " + run).equals(ui.byId("live:run", Label.class).getText()));
		assertEquals("", warning.getText(), "no warning before the watchdog says so");
		post.accept(RunTopics.CLIENT_HEALTH, new ClientHealthEvent("another-run", report(List.of("CPU steal 50 % > 10 %"))));
		ClientHealthReport limited = report(List.of("I/O-thread probe lag p99 45.0 ms > 20 ms"));
		post.accept(RunTopics.CLIENT_HEALTH, new ClientHealthEvent(run, limited));
		ui.waitUntil("the warning", () -> warning.getText().startsWith(
				"Client-limited now: I/O-thread probe lag p99 45.0 ms > 20 ms. This machine, not the server"));
		post.accept(RunTopics.CLIENT_HEALTH, new ClientHealthEvent(run, report(List.of())));
		ui.waitUntil("all clear, remembered", () -> warning.getText().startsWith("The client keeps up again"));
		post.accept(RunTopics.FINISHED, summary(run, "limited " + run, limited));
		ui.waitUntil("the run's stamp at the end", () -> warning.getText()
				.startsWith("Client-limited run: I/O-thread probe lag p99 45.0 ms > 20 ms."));
		post.accept(RunTopics.PROGRESS, new LiveSnapshot(run + "-next", "next " + run, 1, 4, 2, 2, 0, 2, 2, 2, 5, 9, 60,
				90, Double.NaN));
		ui.waitUntil("cleared for the next run", () -> warning.getText().isEmpty());
	}

	@Test
	void recordsMarkAClientLimitedRunAndShowWhy() throws Exception {
		RunStore store = service(RunStore.class);
		String unique = UUID.randomUUID().toString().substring(0, 8);
		String config = "health-" + unique;
		for (String[] run : List.of(new String[] { "limited", "I/O-thread probe lag p99 45.0 ms > 20 ms" },
				new String[] { "healthy", null })) {
			RunStore.Recorder recorder = store.recorder(new RunConfig(run[0], new ApiTarget(
					"http://127.0.0.1:1/v1", ApiKind.CHAT, "m", Map.of(), null), RequestOptions.defaults(),
					List.of(new DatasetShare(new Dataset("d", List.of(new Prompt("1", "x"))), 1)), new Load.ClosedLoop(2),
					Limits.requests(4), Timeouts.defaults(), RetryPolicy.none()), new RunOrigin("UI lab", config, null));
			String id = UUID.randomUUID().toString();
			recorder.onFinished(summary(id, run[0] + "-" + unique, report(run[1] == null ? List.of() : List.of(run[1]))));
			assertTrue(recorder.awaitWritten(10_000), "written");
		}
		switchTo(PERSPECTIVES.get(3));
		Table runs = (Table) showing("records:runs");
		ui.replaceText(ui.byId("records:configuration", Text.class), config);
		ui.click(ui.byId("records:refresh", Button.class));
		ui.waitUntil("the two runs listed", () -> runs.getItemCount() == 2);
		int client = -1;
		for (int c = 0; c < runs.getColumnCount(); c++) {
			if ("Client".equals(runs.getColumn(c).getText())) {
				client = c;
			}
		}
		assertTrue(client >= 0, "a Client column");
		int limitedRow = ("limited-" + unique).equals(runs.getItem(0).getText(1)) ? 0 : 1;
		assertEquals("limited", runs.getItem(limitedRow).getText(client));
		assertEquals("ok", runs.getItem(1 - limitedRow).getText(client));
		Label details = ui.byId("records:client-health", Label.class);
		ui.selectRows(runs, limitedRow);
		ui.waitUntil("the details of the limited run", () -> details.getText()
				.startsWith("Client-limited: I/O-thread probe lag p99 45.0 ms > 20 ms."));
		assertTrue(details.getText().contains("Watchdog: CPU 190 % of a core (2 cores)"), details.getText());
		ui.selectRows(runs, 1 - limitedRow);
		ui.waitUntil("the healthy run: only the figures", () -> details.getText().startsWith("Watchdog: "));
	}
}
