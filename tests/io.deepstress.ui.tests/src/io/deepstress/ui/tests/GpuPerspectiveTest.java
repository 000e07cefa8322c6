package io.deepstress.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuHostRegistry;
import io.deepstress.ui.testkit.UiDriver;

/** The GPU perspective: a watched source live, and the SSH host-key dialog of its addon. */
class GpuPerspectiveTest extends WorkbenchFixture {

	@Test
	void anUnknownSshHostKeyIsAskedAboutInADialog() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		io.deepstress.core.gpu.HostKeyConfirmer confirmer = context.getService(ui.waitFor("the workbench's host-key confirmer",
				() -> Optional.ofNullable(context.getServiceReference(io.deepstress.core.gpu.HostKeyConfirmer.class))));
		for (String choice : List.of("Trust this key", "Refuse")) {
			AtomicReference<String> shown = new AtomicReference<>();
			// the SSH provider asks from its connecting thread; the dialog comes up on the UI thread
			java.util.concurrent.CompletableFuture<Boolean> answer = java.util.concurrent.CompletableFuture
					.supplyAsync(() -> confirmer.confirm("gpu-box", 2222, "ssh-ed25519", "SHA256:uV3gTestFingerprint"));
			Runnable inspector = new Runnable() {
				@Override
				public void run() {
					Optional<Shell> dialog = ui.find(Shell.class, s -> "hostkey".equals(s.getData(UiDriver.ID_KEY))
							&& s.isVisible());
					if (dialog.isEmpty()) {
						if (!answer.isDone()) {
							ui.display().timerExec(50, this);
						}
						return;
					}
					shown.set(ui.find(Label.class, l -> l.getShell() == dialog.get() && l.getText().contains("SHA256"))
							.map(Label::getText).orElse(""));
					ui.click(ui.find(Button.class, b -> b.getShell() == dialog.get() && choice.equals(UiDriver.labelOf(b)))
							.orElseThrow(() -> new AssertionError("no button " + choice)));
				}
			};
			ui.display().timerExec(50, inspector);
			ui.waitUntil("the user answered", answer::isDone, java.time.Duration.ofSeconds(20));
			assertEquals(choice.startsWith("Trust"), answer.get(), choice);
			assertTrue(shown.get().contains("gpu-box port 2222") && shown.get().contains("ssh-ed25519 SHA256:uV3gTestFingerprint"),
					shown.get());
		}
	}

	@Test
	void aWatchedGpuSourceShowsItsGpusLive() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		GpuHostRegistry hosts = context.getService(ui.waitFor("the GPU host registry",
				() -> Optional.ofNullable(context.getServiceReference(GpuHostRegistry.class))));
		String unique = UUID.randomUUID().toString().substring(0, 8);
		// no GPU here: the fake nvidia-smi of the GPU tests prints an H100 and an A100
		java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("deepstress.test.dir"), unique);
		java.nio.file.Files.createDirectories(dir);
		java.nio.file.Path smi = dir.resolve("nvidia-smi");
		java.nio.file.Files.copy(java.nio.file.Path.of(System.getProperty("deepstress.test.fakesmi")), smi);
		assertTrue(smi.toFile().setExecutable(true));
		GpuHost host = hosts.save(new GpuHost("ui-smi-" + unique, "UI smi " + unique, GpuHost.Kind.LOCAL_SMI, null, 0,
				null, null, null, smi.toString()));

		switchTo(PERSPECTIVES.get(2));
		Table gpus = (Table) showing("gpu:monitor");
		ui.click(ui.find(org.eclipse.swt.custom.CTabItem.class, t -> "Telemetry Sources".equals(t.getText()))
				.orElseThrow(() -> new AssertionError("no Telemetry Sources tab\n" + ui.dump())));
		Combo choice = (Combo) showing("gpu:host");
		ui.waitUntil("the saved host offered", () -> java.util.Arrays.asList(choice.getItems()).stream()
				.anyMatch(i -> i.startsWith("UI smi " + unique)));
		int index = java.util.Arrays.asList(choice.getItems()).indexOf(java.util.Arrays.stream(choice.getItems())
				.filter(i -> i.startsWith("UI smi " + unique)).findFirst().orElseThrow());
		choice.select(index);
		ui.click(ui.byId("gpu:watch", Button.class));
		Table sources = (Table) showing("gpu:sources");
		try {
			ui.waitUntil("two GPUs of the watched host listed", () -> names(gpus, 0).stream()
					.filter(h -> h.equals("localhost") || h.equals("UI smi " + unique)).count() >= 2
					&& names(gpus, 2).stream().anyMatch(n -> n.contains("H100")), java.time.Duration.ofSeconds(20));
			ui.waitUntil("the source is ok", () -> names(sources, 0).contains("UI smi " + unique)
					&& names(sources, 1).get(names(sources, 0).indexOf("UI smi " + unique)).equals("ok"));
			io.deepstress.ui.charts.StackedCharts charts = ui.byId("gpu:charts", io.deepstress.ui.charts.StackedCharts.class);
			ui.waitUntil("a chart per GPU", () -> charts.groupIds().size() >= 2);
			GpuCharts.checkAgainstTable(charts, gpus);
		} finally {
			sources.deselectAll();
			ui.click(ui.byId("gpu:unwatch", Button.class));
			hosts.remove(host.id());
		}
		ui.waitUntil("no longer watched", () -> !names(sources, 0).contains("UI smi " + unique));
	}
}
