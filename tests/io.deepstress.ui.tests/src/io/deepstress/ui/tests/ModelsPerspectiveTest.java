package io.deepstress.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuHostRegistry;
import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Endpoint;
import io.deepstress.core.services.EndpointRegistry;
import io.deepstress.core.services.SecretStore;

/** The Models perspective: endpoints and GPU hosts, their secrets in secure storage. */
class ModelsPerspectiveTest extends WorkbenchFixture {

	@Test
	void modelsPerspectiveListsTheBuiltinSimulatorFromTheCoreService() {
		switchTo(PERSPECTIVES.get(0));
		Table table = (Table) showing("models:endpoints");
		ui.waitUntil("a row for the built-in simulator", () -> table.getItemCount() > 0);
		assertEquals(Endpoint.BUILTIN_SIMULATOR_NAME, table.getItem(0).getText(0));
	}

	@Test
	void endpointsAreAddedEditedAndDeletedWithTheKeyInSecureStorage() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		EndpointRegistry registry = context.getService(ui.waitFor("the endpoint registry",
				() -> Optional.ofNullable(context.getServiceReference(EndpointRegistry.class))));
		SecretStore secrets = context.getService(ui.waitFor("secure storage",
				() -> Optional.ofNullable(context.getServiceReference(SecretStore.class))));
		String unique = UUID.randomUUID().toString().substring(0, 8);
		switchTo(PERSPECTIVES.get(0));
		Table table = (Table) showing("models:endpoints");
		ui.click(ui.find(org.eclipse.swt.custom.CTabItem.class, t -> "Endpoint Details".equals(t.getText()))
				.orElseThrow(() -> new AssertionError("no Endpoint Details tab\n" + ui.dump())));
		showing("endpoint:name");

		ui.click(ui.byId("endpoint:new", Button.class));
		ui.replaceText(ui.byId("endpoint:name", Text.class), "UI ep " + unique);
		ui.replaceText(ui.byId("endpoint:url", Text.class), "http://127.0.0.1:9/v1");
		ui.replaceText(ui.byId("endpoint:model", Text.class), "m-ui");
		ui.replaceText(ui.byId("endpoint:headers", Text.class), "X-Team: perf");
		ui.replaceText(ui.byId("endpoint:api-key", Text.class), "sk-ui-" + unique);
		ui.click(ui.byId("endpoint:save", Button.class));
		Label message = ui.byId("endpoint:message", Label.class);
		ui.waitUntil("saved off the UI thread", () -> message.getText().startsWith("Saved UI ep " + unique));
		Endpoint saved = registry.list().stream().filter(e -> e.name().equals("UI ep " + unique)).findFirst()
				.orElseThrow(() -> new AssertionError(ui.byId("endpoint:message", Label.class).getText()));
		assertEquals(java.util.Map.of("X-Team", "perf"), saved.headers());
		assertEquals("m-ui", saved.model());
		assertEquals(Optional.of("sk-ui-" + unique), secrets.get(saved.secretKey()));
		ui.waitUntil("listed", () -> names(table, 0).contains("UI ep " + unique));
		assertEquals("", ui.byId("endpoint:api-key", Text.class).getText(), "the key is never shown again");

		ui.click(ui.byId("endpoint:new", Button.class));
		ui.replaceText(ui.byId("endpoint:name", Text.class), "bad " + unique);
		ui.replaceText(ui.byId("endpoint:url", Text.class), "ftp://x");
		ui.replaceText(ui.byId("endpoint:model", Text.class), "m");
		ui.click(ui.byId("endpoint:save", Button.class));
		assertTrue(ui.byId("endpoint:message", Label.class).getText().contains("http://"),
				ui.byId("endpoint:message", Label.class).getText());
		assertTrue(registry.list().stream().noneMatch(e -> e.name().equals("bad " + unique)), "nothing saved");

		int row = names(table, 0).indexOf("UI ep " + unique);
		ui.click(table.getItem(row));
		ui.waitUntil("the details show it", () -> ui.byId("endpoint:name", Text.class).getText().equals("UI ep " + unique));
		ui.click(ui.byId("endpoint:delete", Button.class));
		ui.waitUntil("deleted off the UI thread", () -> message.getText().equals("Deleted UI ep " + unique + "."));
		assertTrue(registry.find(saved.id()).isEmpty(), "deleted");
		assertTrue(secrets.get(saved.secretKey()).isEmpty(), "its key deleted with it");
		ui.waitUntil("gone from the list", () -> !names(table, 0).contains("UI ep " + unique));
	}

	@Test
	void anEndpointSavedUnderAnExistingNameIsRefusedAndWhatWasTypedStays() {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		EndpointRegistry registry = context.getService(ui.waitFor("the endpoint registry",
				() -> Optional.ofNullable(context.getServiceReference(EndpointRegistry.class))));
		SecretStore secrets = context.getService(ui.waitFor("secure storage",
				() -> Optional.ofNullable(context.getServiceReference(SecretStore.class))));
		String unique = UUID.randomUUID().toString().substring(0, 8);
		Endpoint existing = registry.save(Endpoint.create("UI dup " + unique, "http://127.0.0.1:9/v1", ApiKind.CHAT, "m"));
		try {
			switchTo(PERSPECTIVES.get(0));
			Table table = (Table) showing("models:endpoints");
			ui.click(ui.find(org.eclipse.swt.custom.CTabItem.class, t -> "Endpoint Details".equals(t.getText()))
					.orElseThrow(() -> new AssertionError("no Endpoint Details tab\n" + ui.dump())));
			Text name = (Text) showing("endpoint:name");
			Text apiKey = ui.byId("endpoint:api-key", Text.class);
			Button save = ui.byId("endpoint:save", Button.class);
			Label message = ui.byId("endpoint:message", Label.class);

			// the registry refuses a second endpoint of that name (ignoring case): said as an error, the fields kept
			ui.click(ui.byId("endpoint:new", Button.class));
			String taken = existing.name().toUpperCase(Locale.ROOT);
			ui.replaceText(name, taken);
			ui.replaceText(ui.byId("endpoint:url", Text.class), "http://127.0.0.1:10/v1");
			ui.replaceText(ui.byId("endpoint:model", Text.class), "m-dup");
			ui.replaceText(ui.byId("endpoint:headers", Text.class), "X-Dup: 1");
			ui.replaceText(apiKey, "sk-dup-" + unique);
			save.notifyListeners(SWT.Selection, new Event()); // no event dispatched yet, so the answer cannot be back
			assertEquals("Saving...", message.getText());
			assertFalse(save.isEnabled(), "Save is disabled while saving");
			assertFalse(ui.byId("endpoint:new", Button.class).isEnabled(), "New is disabled while saving");
			assertFalse(ui.byId("endpoint:delete", Button.class).isEnabled(), "Delete is disabled while saving");
			ui.waitUntil("the refusal", () -> message.getText().contains("already exists"));
			assertEquals("An endpoint named '" + taken + "' already exists", message.getText());
			assertEquals("deepstress-error", message.getData("org.eclipse.e4.ui.css.CssClassName"), "shown as an error");
			assertTrue(save.isEnabled(), "Save is enabled again");
			assertEquals(taken, name.getText(), "what was typed stays");
			assertEquals("http://127.0.0.1:10/v1", ui.byId("endpoint:url", Text.class).getText());
			assertEquals("m-dup", ui.byId("endpoint:model", Text.class).getText());
			assertEquals("X-Dup: 1", ui.byId("endpoint:headers", Text.class).getText());
			assertEquals("sk-dup-" + unique, apiKey.getText(), "the key typed stays, to save under another name");
			assertEquals(List.of(existing), registry.list().stream()
					.filter(e -> e.name().equalsIgnoreCase(existing.name())).toList(), "the existing endpoint is unchanged");
			assertTrue(secrets.get(existing.secretKey()).isEmpty(), "no key stored for the existing endpoint");

			// under another name it is saved, with its key in secure storage
			ui.replaceText(name, "UI dup2 " + unique);
			ui.click(save);
			ui.waitUntil("saved", () -> message.getText().equals("Saved UI dup2 " + unique
					+ "; the API key is in secure storage."));
			Endpoint second = registry.list().stream().filter(e -> e.name().equals("UI dup2 " + unique)).findFirst()
					.orElseThrow(() -> new AssertionError("not saved"));
			assertEquals(Optional.of("sk-dup-" + unique), secrets.get(second.secretKey()));
			assertEquals("", apiKey.getText(), "the key is never shown again");

			// the selected endpoint renamed: the list follows, the selection, the form and the outcome stay
			ui.waitUntil("listed", () -> names(table, 0).contains("UI dup2 " + unique));
			ui.click(table.getItem(names(table, 0).indexOf("UI dup2 " + unique)));
			ui.waitUntil("its key state shown", () -> ui.byId("endpoint:key-state", Label.class).getText()
					.startsWith("A key is stored in secure storage"));
			ui.replaceText(name, "UI dup3 " + unique);
			ui.click(save);
			ui.waitUntil("renamed in the list", () -> names(table, 0).contains("UI dup3 " + unique)
					&& !names(table, 0).contains("UI dup2 " + unique));
			ui.pump(200);
			assertEquals("Saved UI dup3 " + unique + ".", message.getText(), "the outcome stays shown");
			assertEquals("UI dup3 " + unique, name.getText());
			assertEquals(1, table.getSelectionCount(), "the renamed endpoint stays selected");
			assertEquals("UI dup3 " + unique, table.getSelection()[0].getText(0));
			assertEquals(Optional.of("sk-dup-" + unique), secrets.get(second.secretKey()), "the key kept");
		} finally {
			for (Endpoint e : registry.list()) {
				if (e.name().contains(unique)) {
					registry.remove(e.id());
					secrets.remove(e.secretKey());
				}
			}
		}
	}

	@Test
	void gpuHostsAreSavedWithTheirSecretInSecureStorage() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		GpuHostRegistry hosts = context.getService(ui.waitFor("the GPU host registry",
				() -> Optional.ofNullable(context.getServiceReference(GpuHostRegistry.class))));
		SecretStore secrets = context.getService(ui.waitFor("secure storage",
				() -> Optional.ofNullable(context.getServiceReference(SecretStore.class))));
		String unique = UUID.randomUUID().toString().substring(0, 8);
		switchTo(PERSPECTIVES.get(0));
		ui.click(ui.find(org.eclipse.swt.custom.CTabItem.class, t -> "GPU Hosts".equals(t.getText()))
				.orElseThrow(() -> new AssertionError("no GPU Hosts tab\n" + ui.dump())));
		Table list = (Table) showing("gpuhost:list");

		ui.click(ui.byId("gpuhost:new", Button.class));
		ui.replaceText(ui.byId("gpuhost:name", Text.class), "box " + unique);
		ui.click(ui.byId("gpuhost:save", Button.class));
		assertTrue(ui.byId("gpuhost:message", Label.class).getText().contains("host name"),
				"an SSH host needs a host: " + ui.byId("gpuhost:message", Label.class).getText());
		assertTrue(hosts.byName("box " + unique).isEmpty(), "nothing saved");

		ui.replaceText(ui.byId("gpuhost:hostname", Text.class), "127.0.0.1");
		ui.replaceText(ui.byId("gpuhost:user", Text.class), "ops");
		Combo auth = ui.byId("gpuhost:auth", Combo.class);
		auth.select(1);
		auth.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
		ui.replaceText(ui.byId("gpuhost:secret", Text.class), "pw-" + unique);
		ui.click(ui.byId("gpuhost:save", Button.class));
		Label message = ui.byId("gpuhost:message", Label.class);
		ui.waitUntil("saved off the UI thread", () -> message.getText().startsWith("Saved box " + unique));
		GpuHost saved = hosts.byName("box " + unique)
				.orElseThrow(() -> new AssertionError(ui.byId("gpuhost:message", Label.class).getText()));
		assertEquals(GpuHost.Kind.SSH, saved.kind());
		assertEquals(GpuHost.Auth.PASSWORD, saved.auth());
		assertEquals(22, saved.port());
		assertEquals(Optional.of("pw-" + unique), secrets.get(saved.secretKey()));
		ui.waitUntil("listed", () -> names(list, 0).contains("box " + unique));
		assertEquals("", ui.byId("gpuhost:secret", Text.class).getText(), "the password is never shown again");

		ui.click(ui.byId("gpuhost:delete", Button.class));
		ui.waitUntil("deleted off the UI thread", () -> message.getText().equals("Deleted box " + unique + "."));
		assertTrue(hosts.byName("box " + unique).isEmpty());
		assertTrue(secrets.get(saved.secretKey()).isEmpty(), "its password deleted with it");
	}

	@Test
	void aGpuHostSavedUnderAnExistingNameIsRefusedAndWhatWasTypedStays() {
		BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		GpuHostRegistry hosts = context.getService(ui.waitFor("the GPU host registry",
				() -> Optional.ofNullable(context.getServiceReference(GpuHostRegistry.class))));
		SecretStore secrets = context.getService(ui.waitFor("secure storage",
				() -> Optional.ofNullable(context.getServiceReference(SecretStore.class))));
		String unique = UUID.randomUUID().toString().substring(0, 8);
		GpuHost existing = hosts.save(new GpuHost("ui-dup-" + unique, "UI box " + unique, GpuHost.Kind.LOCAL_SMI, null, 0,
				null, null, null, null));
		try {
			switchTo(PERSPECTIVES.get(0));
			ui.click(ui.find(org.eclipse.swt.custom.CTabItem.class, t -> "GPU Hosts".equals(t.getText()))
					.orElseThrow(() -> new AssertionError("no GPU Hosts tab\n" + ui.dump())));
			showing("gpuhost:list");
			ui.click(ui.byId("gpuhost:new", Button.class));
			String taken = existing.name().toUpperCase(Locale.ROOT);
			ui.replaceText(ui.byId("gpuhost:name", Text.class), taken);
			ui.replaceText(ui.byId("gpuhost:hostname", Text.class), "127.0.0.1");
			ui.replaceText(ui.byId("gpuhost:user", Text.class), "ops");
			Combo auth = ui.byId("gpuhost:auth", Combo.class);
			auth.select(1);
			auth.notifyListeners(SWT.Selection, new Event());
			ui.replaceText(ui.byId("gpuhost:secret", Text.class), "pw-dup-" + unique);
			Button save = ui.byId("gpuhost:save", Button.class);
			Label message = ui.byId("gpuhost:message", Label.class);
			save.notifyListeners(SWT.Selection, new Event()); // no event dispatched yet, so the answer cannot be back
			assertEquals("Saving...", message.getText());
			assertFalse(save.isEnabled(), "Save is disabled while saving");
			ui.waitUntil("the refusal", () -> message.getText().contains("already exists"));
			assertEquals("A GPU host named '" + taken + "' already exists", message.getText());
			assertEquals("deepstress-error", message.getData("org.eclipse.e4.ui.css.CssClassName"), "shown as an error");
			assertTrue(save.isEnabled(), "Save is enabled again");
			assertEquals(taken, ui.byId("gpuhost:name", Text.class).getText(), "what was typed stays");
			assertEquals("127.0.0.1", ui.byId("gpuhost:hostname", Text.class).getText());
			assertEquals("ops", ui.byId("gpuhost:user", Text.class).getText());
			assertEquals(Optional.of(existing), hosts.byName(existing.name()), "the existing host is unchanged");
			assertTrue(secrets.get(existing.secretKey()).isEmpty(), "no secret stored for the existing host");
		} finally {
			hosts.remove(existing.id());
		}
	}
}
