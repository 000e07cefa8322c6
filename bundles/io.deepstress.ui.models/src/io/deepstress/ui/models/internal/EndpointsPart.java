package io.deepstress.ui.models.internal;

import java.util.List;
import java.util.function.Function;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;

import io.deepstress.core.events.ModelTopics;
import io.deepstress.core.model.Endpoint;
import io.deepstress.core.services.EndpointRegistry;
import io.deepstress.ui.parts.Columns;
import io.deepstress.ui.parts.Selections;
import io.deepstress.ui.parts.WidgetIds;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * The model endpoints DeepStress knows, from the {@link EndpointRegistry} service; refreshed whenever an
 * endpoint changes. The table is tagged {@code models:endpoints}.
 */
public final class EndpointsPart {

	@Inject
	@Service
	private EndpointRegistry registry;

	@Inject
	private MApplication application;

	private TableViewer viewer;

	@PostConstruct
	void create(Composite parent) {
		viewer = Columns.table(parent, "models:endpoints", SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
		viewer.addSelectionChangedListener(e -> application.getContext().set(Selections.MODEL_ENDPOINT,
				e.getStructuredSelection().isEmpty() ? null : ((Endpoint) e.getStructuredSelection().getFirstElement()).id()));
		column("Name", 25, Endpoint::name);
		column("Base URL", 35, e -> e.isBuiltin() ? "built-in (loopback, chosen at start)" : e.baseUrl());
		column("API", 15, e -> e.apiKind().path());
		column("Model", 25, Endpoint::model);
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

	private void refresh() {
		if (viewer != null && !viewer.getControl().isDisposed()) {
			viewer.setInput(registry == null ? List.of() : registry.list());
		}
	}

	@Focus
	void focus() {
		viewer.getControl().setFocus();
	}
}
