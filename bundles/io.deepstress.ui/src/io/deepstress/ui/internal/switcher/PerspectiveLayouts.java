package io.deepstress.ui.internal.switcher;

import java.util.Comparator;
import java.util.List;

import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.MUIElement;
import org.eclipse.e4.ui.model.application.ui.advanced.MPerspective;
import org.eclipse.e4.ui.model.application.ui.advanced.MPerspectiveStack;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;

/**
 * The perspectives of the main window: their order, and their original layouts kept as application
 * snippets so that Window &gt; Reset Perspective can restore them. Knows no perspective by name: any
 * bundle that adds an {@link MPerspective} to the stack through a model fragment takes part.
 */
public final class PerspectiveLayouts {

	/** Element id of the main window's perspective stack, the target of the perspective fragments. */
	public static final String STACK_ID = "io.deepstress.ui.perspectivestack";

	/** Tag prefix giving a perspective's place in the switcher, e.g. {@code deepstress.order:10}. */
	public static final String ORDER_TAG = "deepstress.order:";

	private final MApplication application;
	private final EModelService modelService;

	public PerspectiveLayouts(MApplication application, EModelService modelService) {
		this.application = application;
		this.modelService = modelService;
	}

	/** The main perspective stack of a window, or null. */
	public static MPerspectiveStack stackOf(MWindow window, EModelService modelService) {
		List<MPerspectiveStack> stacks = modelService.findElements(window, STACK_ID, MPerspectiveStack.class);
		return stacks.isEmpty() ? null : stacks.get(0);
	}

	/** A perspective's order from its {@link #ORDER_TAG} tag; untagged ones go last. */
	public static int order(MPerspective perspective) {
		for (String tag : perspective.getTags()) {
			if (tag.startsWith(ORDER_TAG)) {
				try {
					return Integer.parseInt(tag.substring(ORDER_TAG.length()).trim());
				} catch (NumberFormatException e) {
					return Integer.MAX_VALUE;
				}
			}
		}
		return Integer.MAX_VALUE;
	}

	/**
	 * Called once at start-up, before rendering: orders the stack's perspectives by their order tags,
	 * selects the first when none is selected, and keeps a snippet of each perspective not seen before
	 * (its contributed layout).
	 */
	public void prepare(MWindow window) {
		MPerspectiveStack stack = stackOf(window, modelService);
		if (stack == null) {
			return;
		}
		List<MPerspective> sorted = stack.getChildren().stream()
				.sorted(Comparator.comparingInt(PerspectiveLayouts::order)).toList();
		if (!sorted.equals(stack.getChildren())) {
			MPerspective selected = stack.getSelectedElement();
			stack.getChildren().clear();
			stack.getChildren().addAll(sorted);
			stack.setSelectedElement(selected);
		}
		if (stack.getSelectedElement() == null && !sorted.isEmpty()) {
			stack.setSelectedElement(sorted.get(0));
		}
		for (MPerspective perspective : sorted) {
			if (perspective.getElementId() != null
					&& modelService.findSnippet(application, perspective.getElementId()) == null) {
				modelService.cloneElement(perspective, application);
			}
		}
	}

	/** Whether a perspective has a stored original layout. */
	public boolean canReset(MPerspective perspective) {
		return perspective != null && perspective.getElementId() != null
				&& modelService.findSnippet(application, perspective.getElementId()) != null;
	}

	/** Replaces the window's active perspective by a fresh copy of its original layout and shows it. */
	public void reset(MWindow window, EPartService partService) {
		MPerspective current = modelService.getActivePerspective(window);
		if (!canReset(current)) {
			return;
		}
		MPerspectiveStack stack = (MPerspectiveStack) (MUIElement) current.getParent();
		MUIElement copy = modelService.cloneSnippet(application, current.getElementId(), window);
		if (!(copy instanceof MPerspective fresh) || stack == null) {
			return;
		}
		int index = stack.getChildren().indexOf(current);
		stack.getChildren().add(index, fresh);
		partService.switchPerspective(fresh);
		current.setToBeRendered(false);
		stack.getChildren().remove(current);
	}
}
