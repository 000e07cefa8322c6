package io.deepstress.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;

import io.deepstress.ui.charts.StackedCharts;
import io.deepstress.ui.charts.TimelineGroups;

/** Checks of the GPU perspective's chart group per GPU against its table of latest readings. */
final class GpuCharts {

	private GpuCharts() {
	}

	/**
	 * Every GPU row of the table has its chart (utilisation, memory, temperature, power), and at the newest instant
	 * ({@code 0} seconds ago) the chart's utilisation and temperature are the table's (both drawn from the same
	 * samples in one UI update: read without pumping in between).
	 */
	static void checkAgainstTable(StackedCharts charts, Table gpus) {
		charts.setCrosshair(0);
		Map<String, Map<String, Double>> now = charts.valuesAt(0);
		for (TableItem row : gpus.getItems()) {
			String title = row.getText(0) + " gpu" + row.getText(1) + ("–".equals(row.getText(2)) ? "" : " " + row.getText(2));
			String id = charts.groupIds().stream().filter(g -> charts.readout(g).startsWith(title + ":")).findFirst()
					.orElseThrow(() -> new AssertionError("no chart for " + title + " in " + charts.groupIds()));
			Map<String, Double> values = now.get(id);
			assertEquals(List.of(TimelineGroups.UTILISATION, TimelineGroups.MEMORY, TimelineGroups.TEMPERATURE,
					TimelineGroups.POWER), List.copyOf(values.keySet()), title);
			assertEquals(row.getText(3), String.format(Locale.ROOT, "%.0f", values.get(TimelineGroups.UTILISATION)),
					title + " utilisation");
			assertEquals(row.getText(5), String.format(Locale.ROOT, "%.0f", values.get(TimelineGroups.TEMPERATURE)),
					title + " temperature");
			assertTrue(charts.readout(id).contains(TimelineGroups.UTILISATION + " " + row.getText(3)),
					charts.readout(id));
		}
	}
}
