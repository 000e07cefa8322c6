package io.deepstress.ui.tests;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Event;

import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Datasets;
import io.deepstress.core.model.Endpoint;
import io.deepstress.core.model.TestConfiguration;
import io.deepstress.core.run.Limits;
import io.deepstress.core.run.Load;
import io.deepstress.core.run.RequestOptions;
import io.deepstress.core.run.RetryPolicy;
import io.deepstress.core.services.ConfigurationStore;
import io.deepstress.core.services.EndpointRegistry;
import io.deepstress.simulator.Simulator;

/** What the Capacity view tests share: a saved configuration on a simulator, the view open with it chosen. */
final class CapacityViews {

	private CapacityViews() {
	}

	/** Saves an endpoint on {@code sim} and a configuration of the built-in dataset with this SLO; its name. */
	static String saveConfiguration(WorkbenchFixture f, Simulator sim, String prefix, String slo) {
		String unique = UUID.randomUUID().toString().substring(0, 8);
		Endpoint e = f.service(EndpointRegistry.class).save(new Endpoint(UUID.randomUUID().toString(),
				prefix + "-sim-" + unique, sim.baseUrl(), ApiKind.CHAT, "deepstress-sim"));
		ConfigurationStore configs = f.service(ConfigurationStore.class);
		if (configs.dataset(Datasets.BUILTIN).isEmpty()) {
			configs.saveDataset(Datasets.builtin());
		}
		String name = prefix + "-" + unique;
		configs.saveConfiguration(TestConfiguration.create(name, e.id(),
				List.of(new TestConfiguration.Share(Datasets.BUILTIN, 1)), new Load.ClosedLoop(1), Limits.requests(10),
				new RequestOptions(true, null, null, null, true), null, RetryPolicy.none()).withSlo(slo));
		return name;
	}

	/** Opens the Capacity view and chooses the configuration (its SLO offered), by concurrency. */
	static void open(WorkbenchFixture f, String configuration) throws Exception {
		f.switchTo("io.deepstress.ui.launch.perspective");
		f.ui.click(f.ui.find(org.eclipse.swt.custom.CTabItem.class, t -> "Capacity".equals(t.getText()))
				.orElseThrow(() -> new AssertionError("no Capacity tab\n" + f.ui.dump())));
		Combo combo = (Combo) f.showing("capacity:configuration");
		f.ui.waitUntil("the configuration offered", () -> Arrays.asList(combo.getItems()).contains(configuration));
		f.ui.replaceText(f.ui.byId("capacity:slo", org.eclipse.swt.widgets.Text.class), ""); // so its own SLO is offered
		combo.select(Arrays.asList(combo.getItems()).indexOf(configuration));
		combo.notifyListeners(SWT.Selection, new Event());
		Combo by = f.ui.byId("capacity:by", Combo.class); // by concurrency, whatever an earlier test chose
		by.select(0);
		by.notifyListeners(SWT.Selection, new Event());
	}
}
