package io.deepstress.ui.gpu.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import io.deepstress.core.events.GpuTopics;
import io.deepstress.core.gpu.GpuHost;
import io.deepstress.core.gpu.GpuHostRegistry;
import io.deepstress.core.gpu.GpuMonitor;
import io.deepstress.core.gpu.GpuSourceState;
import io.deepstress.ui.parts.Background;
import io.deepstress.ui.parts.Columns;
import io.deepstress.ui.parts.Forms;
import io.deepstress.ui.parts.WidgetIds;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The GPU sources the {@link GpuMonitor} watches, with their state (ok, unavailable with the reason,
 * reconnecting, failed) following {@code deepstress/gpu/source}; starts and stops watching this computer
 * (NVML or nvidia-smi) or a GPU host saved in the records ({@code deepstress hosts add}). Widgets are
 * tagged {@code gpu:*}.
 */
public final class SourcesPart {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

	@Inject
	@Service
	@Optional
	private GpuMonitor monitor;

	@Inject
	@Service
	@Optional
	private GpuHostRegistry hosts;

	@Inject
	private UISynchronize sync;

	private Background background;
	private Combo host;
	private List<GpuHost> choices = List.of();
	private TableViewer viewer;
	private Label message;

	@PostConstruct
	void create(Composite parent) {
		background = new Background("deepstress-gpu-hosts", sync);
		GridLayoutFactory.fillDefaults().margins(6, 6).spacing(6, 6).applyTo(parent);
		Composite row = new Composite(parent, SWT.NONE);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(row);
		GridLayoutFactory.fillDefaults().numColumns(3).applyTo(row);
		host = WidgetIds.tag(new Combo(row, SWT.READ_ONLY), "gpu:host");
		GridDataFactory.fillDefaults().grab(true, false).applyTo(host);
		Button watch = WidgetIds.tag(new Button(row, SWT.PUSH), "gpu:watch");
		watch.setText("Watch");
		watch.addListener(SWT.Selection, e -> watch());
		Button unwatch = WidgetIds.tag(new Button(row, SWT.PUSH), "gpu:unwatch");
		unwatch.setText("Stop watching");
		unwatch.addListener(SWT.Selection, e -> unwatch());

		viewer = Columns.table(parent, "gpu:sources", SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(viewer.getTable().getParent());
		Columns.text(viewer, "Host", 25, 90, GpuSourceState.class, GpuSourceState::hostName);
		Columns.text(viewer, "State", 15, 80, GpuSourceState.class,
				s -> s.status().name().toLowerCase(Locale.ROOT));
		Columns.text(viewer, "Since", 12, 70, GpuSourceState.class,
				s -> s.sinceEpochMillis() <= 0 ? "" : TIME.format(Instant.ofEpochMilli(s.sinceEpochMillis())));
		Columns.text(viewer, "Samples", 10, 60, GpuSourceState.class, s -> Long.toString(s.samples()));
		Columns.text(viewer, "Reason", 38, 120, GpuSourceState.class, s -> s.message() == null ? "" : s.message());
		message = Forms.note(parent, "gpu:message");
		GridDataFactory.fillDefaults().grab(true, false).applyTo(message);
		message.setText(monitor == null ? "The GPU monitor is not installed." : "");
		refresh();
	}

	/** This computer through NVML and nvidia-smi, then the saved GPU hosts. */
	private void refreshChoices() {
		GpuHostRegistry registry = hosts;
		background.latest(() -> registry == null ? List.<GpuHost>of() : registry.hosts(), (saved, failure) -> {
			if (host.isDisposed()) {
				return;
			}
			List<GpuHost> list = new ArrayList<>();
			list.add(GpuHost.localNvml());
			list.add(GpuHost.localSmi());
			if (failure != null) { // the records database may be unavailable
				message.setText("Saved GPU hosts cannot be read: " + failure.getMessage());
			} else {
				list.addAll(saved);
			}
			String selected = host.getSelectionIndex() >= 0 ? host.getItem(host.getSelectionIndex()) : null;
			choices = list;
			host.setItems(list.stream().map(GpuSourcesLabels::label).toArray(String[]::new));
			host.select(selected == null ? 0 : Math.max(0, host.indexOf(selected)));
		});
	}

	void refresh() {
		if (viewer == null || viewer.getControl().isDisposed()) {
			return;
		}
		refreshChoices();
		viewer.setInput(monitor == null ? List.of() : monitor.sources());
	}

	private void watch() {
		if (monitor == null || host.getSelectionIndex() < 0) {
			return;
		}
		GpuHost h = choices.get(host.getSelectionIndex());
		monitor.watch(h);
		message.setText("Watching " + h.name() + " every " + monitor.interval().toMillis() + " ms.");
		refresh();
	}

	private void unwatch() {
		if (monitor == null) {
			return;
		}
		Object selected = viewer.getStructuredSelection().getFirstElement();
		String id = selected instanceof GpuSourceState s ? s.hostId()
				: host.getSelectionIndex() >= 0 ? choices.get(host.getSelectionIndex()).id() : null;
		if (id != null) {
			monitor.unwatch(id);
			message.setText("Stopped watching.");
		}
		refresh();
	}

	@Inject
	@Optional
	void onHostsChanged(@UIEventTopic(GpuTopics.HOSTS) String hostId) {
		if (host != null && !host.isDisposed()) {
			refreshChoices();
		}
	}

	@Inject
	@Optional
	void onSource(@UIEventTopic(GpuTopics.SOURCE) GpuSourceState state) {
		if (viewer != null && !viewer.getControl().isDisposed()) {
			viewer.setInput(monitor == null ? List.of() : monitor.sources());
		}
	}

	@PreDestroy
	void dispose() {
		background.close();
	}
}
