package io.deepstress.ui.models.internal;

import java.util.List;
import java.util.function.Function;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.IElementComparer;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import io.deepstress.core.events.ModelTopics;
import io.deepstress.core.model.Endpoint;
import io.deepstress.core.services.EndpointRegistry;
import io.deepstress.ui.parts.Background;
import io.deepstress.ui.parts.Columns;
import io.deepstress.ui.parts.Selections;
import io.deepstress.ui.parts.WidgetIds;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The model endpoints DeepStress knows, from the {@link EndpointRegistry} service, read off the UI thread;
 * refreshed whenever an endpoint changes. The table is tagged {@code models:endpoints}; why it cannot be read
 * is shown below it ({@code models:endpoints-message}).
 */
public final class EndpointsPart {

	@Inject
	@Service
	private EndpointRegistry registry;

	@Inject
	private MApplication application;

	@Inject
	private UISynchronize sync;

	private Background background;
	private TableViewer viewer;
	private Label message;

	@PostConstruct
	void create(Composite parent) {
		background = new Background("deepstress-endpoint-list", sync);
		GridLayoutFactory.fillDefaults().applyTo(parent);
		viewer = Columns.table(parent, "models:endpoints", SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(viewer.getTable().getParent());
		// rows are the same endpoint by id: the selection survives a change of the selected endpoint (a rename)
		viewer.setComparer(new IElementComparer() {
			@Override
			public boolean equals(Object a, Object b) {
				return a instanceof Endpoint x && b instanceof Endpoint y ? x.id().equals(y.id()) : a.equals(b);
			}

			@Override
			public int hashCode(Object element) {
				return element instanceof Endpoint e ? e.id().hashCode() : element.hashCode();
			}
		});
		viewer.addSelectionChangedListener(e -> application.getContext().set(Selections.MODEL_ENDPOINT,
				e.getStructuredSelection().isEmpty() ? null : ((Endpoint) e.getStructuredSelection().getFirstElement()).id()));
		column("Name", 25, Endpoint::name);
		column("Base URL", 35, e -> e.isBuiltin() ? "built-in (loopback, chosen at start)" : e.baseUrl());
		column("API", 15, e -> e.apiKind().path());
		column("Model", 25, Endpoint::model);
		message = WidgetIds.tag(new Label(parent, SWT.WRAP), "models:endpoints-message");
		GridDataFactory.fillDefaults().grab(true, false).exclude(true).applyTo(message);
		message.setVisible(false);
		refresh();
	}

	private void column(String title, int weight, Function<Endpoint, String> text) {
		Columns.text(viewer, title, weight, 80, Endpoint.class, text);
	}

	@Inject
	@Optional
	void onEndpointChanged(@UIEventTopic(ModelTopics.CHANGED) Endpoint changed) {
		refresh();
	}

	/** Reads the endpoints off the UI thread; the latest answer is shown. */
	private void refresh() {
		if (viewer == null || viewer.getControl().isDisposed()) {
			return;
		}
		EndpointRegistry current = registry;
		background.latest(() -> current == null ? List.<Endpoint>of() : current.list(), (endpoints, failure) -> {
			if (viewer.getControl().isDisposed()) {
				return;
			}
			if (failure == null) {
				viewer.setInput(endpoints);
			}
			// on a failure the rows shown stay, and the reason is said below them
			boolean problem = failure != null;
			((GridData) message.getLayoutData()).exclude = !problem;
			message.setVisible(problem);
			WidgetIds.message(message, problem ? "Endpoints cannot be read: " + failure.getMessage() : "", true);
		});
	}

	@Focus
	void focus() {
		viewer.getControl().setFocus();
	}

	@PreDestroy
	void dispose() {
		background.close();
	}
}
