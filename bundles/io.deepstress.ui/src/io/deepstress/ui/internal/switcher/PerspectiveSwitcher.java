package io.deepstress.ui.internal.switcher;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.ui.model.application.ui.advanced.MPerspective;
import org.eclipse.e4.ui.model.application.ui.advanced.MPerspectiveStack;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.UIEvents;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import java.net.MalformedURLException;
import java.net.URI;

import org.eclipse.jface.resource.DeviceResourceException;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.resource.LocalResourceManager;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.ToolItem;
import org.osgi.service.event.Event;

import io.deepstress.ui.parts.WidgetIds;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * Tool control in the main window's top trim: one radio button per perspective of the main perspective
 * stack, kept in step with the model (perspectives added or removed, labels changed, another one
 * selected). Each item is tagged {@code perspective:<element id>}.
 */
public final class PerspectiveSwitcher {

	@Inject
	private EModelService modelService;

	@Inject
	private EPartService partService;

	@Inject
	private MWindow window;

	private ToolBar toolBar;

	private LocalResourceManager images;

	@PostConstruct
	void create(Composite parent) {
		Composite box = new Composite(parent, SWT.NONE);
		box.setLayout(new FillLayout());
		toolBar = WidgetIds.tag(new ToolBar(box, SWT.FLAT | SWT.RIGHT), "perspective-switcher");
		images = new LocalResourceManager(JFaceResources.getResources(), toolBar);
		rebuild();
	}

	@Inject
	@Optional
	void onChildren(@UIEventTopic(UIEvents.ElementContainer.TOPIC_CHILDREN) Event event) {
		if (isOurStack(event)) {
			rebuild();
		}
	}

	@Inject
	@Optional
	void onSelection(@UIEventTopic(UIEvents.ElementContainer.TOPIC_SELECTEDELEMENT) Event event) {
		if (isOurStack(event)) {
			updateSelection();
		}
	}

	@Inject
	@Optional
	void onLabel(@UIEventTopic(UIEvents.UILabel.TOPIC_ALL) Event event) {
		if (event.getProperty(UIEvents.EventTags.ELEMENT) instanceof MPerspective perspective
				&& (Object) perspective.getParent() == stack()) {
			rebuild();
		}
	}

	private boolean isOurStack(Event event) {
		Object element = event.getProperty(UIEvents.EventTags.ELEMENT);
		return element != null && element == stack();
	}

	private MPerspectiveStack stack() {
		return PerspectiveLayouts.stackOf(window, modelService);
	}

	private void rebuild() {
		if (toolBar == null || toolBar.isDisposed()) {
			return;
		}
		for (ToolItem item : toolBar.getItems()) {
			item.dispose();
		}
		MPerspectiveStack stack = stack();
		if (stack != null) {
			for (MPerspective perspective : stack.getChildren()) {
				if (perspective.isToBeRendered()) {
					addItem(perspective);
				}
			}
		}
		updateSelection();
		toolBar.pack();
		toolBar.getParent().getParent().layout(true, true);
	}

	private void addItem(MPerspective perspective) {
		ToolItem item = WidgetIds.tag(new ToolItem(toolBar, SWT.RADIO), "perspective:" + perspective.getElementId());
		item.setText(perspective.getLocalizedLabel());
		Image icon = icon(perspective.getIconURI());
		if (icon != null) {
			item.setImage(icon);
		}
		String tooltip = perspective.getLocalizedTooltip();
		item.setToolTipText(tooltip == null || tooltip.isEmpty() ? perspective.getLocalizedLabel() : tooltip);
		item.setData(MPerspective.class.getName(), perspective);
		item.addListener(SWT.Selection, e -> {
			if (item.getSelection() && stack().getSelectedElement() != perspective) {
				partService.switchPerspective(perspective);
			}
		});
	}

	private Image icon(String uri) {
		if (uri == null || uri.isEmpty()) {
			return null;
		}
		try {
			return images.create(ImageDescriptor.createFromURL(URI.create(uri).toURL()));
		} catch (MalformedURLException | IllegalArgumentException | DeviceResourceException e) {
			return null; // a perspective without its icon still gets its button
		}
	}

	private void updateSelection() {
		if (toolBar == null || toolBar.isDisposed()) {
			return;
		}
		MPerspectiveStack stack = stack();
		MPerspective selected = stack == null ? null : stack.getSelectedElement();
		for (ToolItem item : toolBar.getItems()) {
			item.setSelection(item.getData(MPerspective.class.getName()) == selected);
		}
	}
}
