package io.deepstress.ui.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Item;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.ToolItem;
import org.eclipse.swt.widgets.Widget;

/**
 * Drives a live SWT user interface from a test running on the UI thread: finds widgets by a data key or
 * their label, clicks and types by sending the same events SWT sends, and waits for conditions while
 * dispatching the display. Every failure reports what was awaited and a dump of the widget tree.
 */
public final class UiDriver {

	/** Data key under which DeepStress stores widget ids ({@code io.deepstress.ui.parts.WidgetIds.KEY}). */
	public static final String ID_KEY = "io.deepstress.widget";

	/** How long finders and waits try before failing, unless told otherwise. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

	private final Display display;
	private final Duration timeout;

	public UiDriver(Display display, Duration timeout) {
		this.display = Objects.requireNonNull(display, "display");
		this.timeout = Objects.requireNonNull(timeout, "timeout");
	}

	/** A driver for the current thread's display; the caller must be the UI thread. */
	public static UiDriver onCurrentThread() {
		Display display = Display.getCurrent();
		if (display == null) {
			throw new IllegalStateException("UiDriver must be used on the UI thread (useUIThread=true)");
		}
		return new UiDriver(display, DEFAULT_TIMEOUT);
	}

	public Display display() {
		return display;
	}

	// ---------------------------------------------------------------------------------------- waiting

	/** Dispatches events until the condition holds; fails after the timeout with a widget dump. */
	public void waitUntil(String what, BooleanSupplier condition) {
		waitUntil(what, condition, timeout);
	}

	/** Dispatches events until the condition holds; fails after {@code limit} with a widget dump. */
	public void waitUntil(String what, BooleanSupplier condition, Duration limit) {
		long deadline = System.nanoTime() + limit.toNanos();
		while (true) {
			if (condition.getAsBoolean()) {
				return;
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Timed out after " + limit.toMillis() + " ms waiting for: " + what
						+ "\nWidget tree:\n" + dump());
			}
			pump(20);
		}
	}

	/** Waits until the supplier returns a present value and returns it. */
	public <T> T waitFor(String what, Supplier<Optional<T>> supplier) {
		@SuppressWarnings("unchecked")
		T[] found = (T[]) new Object[1];
		waitUntil(what, () -> {
			Optional<T> value = supplier.get();
			value.ifPresent(v -> found[0] = v);
			return value.isPresent();
		});
		return found[0];
	}

	/** Dispatches pending events, then lets the display work for about {@code millis}. */
	public void pump(long millis) {
		long end = System.nanoTime() + millis * 1_000_000L;
		do {
			while (display.readAndDispatch()) {
				// drain the queue
			}
			try {
				Thread.sleep(5);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return;
			}
		} while (System.nanoTime() < end);
		while (display.readAndDispatch()) {
			// drain what arrived meanwhile
		}
	}

	// ---------------------------------------------------------------------------------------- finding

	/** All widgets of all open shells: controls, their items, and menu items. */
	public List<Widget> widgets() {
		List<Widget> out = new ArrayList<>();
		for (Shell shell : display.getShells()) {
			collect(shell, out);
		}
		return out;
	}

	/** The first widget of a type matching the predicate, if any, without waiting. */
	public <W extends Widget> Optional<W> find(Class<W> type, Predicate<? super W> predicate) {
		for (Widget widget : widgets()) {
			if (type.isInstance(widget) && !widget.isDisposed() && predicate.test(type.cast(widget))) {
				return Optional.of(type.cast(widget));
			}
		}
		return Optional.empty();
	}

	/** Waits for a widget of a type whose {@link #ID_KEY} data equals {@code id}. */
	public <W extends Widget> W byId(String id, Class<W> type) {
		return byData(ID_KEY, id, type);
	}

	/** Waits for a widget of a type whose data under {@code key} equals {@code value}. */
	public <W extends Widget> W byData(String key, Object value, Class<W> type) {
		return waitFor(type.getSimpleName() + " with data " + key + "=" + value,
				() -> find(type, w -> Objects.equals(w.getData(key), value)));
	}

	/** Waits for a widget of a type whose label (mnemonic '&amp;' removed) equals {@code label}. */
	public <W extends Widget> W byLabel(String label, Class<W> type) {
		return waitFor(type.getSimpleName() + " labelled '" + label + "'",
				() -> find(type, w -> label.equals(labelOf(w))));
	}

	/** A widget's label: the text of buttons, labels, items, shells and texts, without mnemonics. */
	public static String labelOf(Widget widget) {
		String text = null;
		if (widget instanceof Button b) {
			text = b.getText();
		} else if (widget instanceof Label l) {
			text = l.getText();
		} else if (widget instanceof Item i) {
			text = i.getText();
		} else if (widget instanceof Shell s) {
			text = s.getText();
		} else if (widget instanceof Text t) {
			text = t.getText();
		}
		return text == null ? null : text.replace("&&", "\u0000").replace("&", "").replace('\u0000', '&');
	}

	/** Whether a control is visible on screen: it and all its parents are visible and not disposed. */
	public static boolean isShowing(Control control) {
		for (Control c = control; c != null; c = c.getParent()) {
			if (c.isDisposed() || !c.getVisible()) {
				return false;
			}
		}
		Point size = control.getSize();
		return size.x > 0 && size.y > 0;
	}

	// ---------------------------------------------------------------------------------------- acting

	/**
	 * Clicks a widget as a user would: toggles check/radio/toggle state (keeping radio groups exclusive),
	 * selects tab and table items, then sends {@link SWT#Selection} to the listeners.
	 */
	public void click(Widget widget) {
		requireUsable(widget);
		switch (widget) {
			case Button button -> {
				if ((button.getStyle() & SWT.RADIO) != 0) {
					for (Control sibling : button.getParent().getChildren()) {
						if (sibling instanceof Button other && other != button && (other.getStyle() & SWT.RADIO) != 0
								&& other.getSelection()) {
							other.setSelection(false);
							other.notifyListeners(SWT.Selection, new Event());
						}
					}
					button.setSelection(true);
				} else if ((button.getStyle() & (SWT.CHECK | SWT.TOGGLE)) != 0) {
					button.setSelection(!button.getSelection());
				}
				button.notifyListeners(SWT.Selection, new Event());
			}
			case ToolItem item -> {
				if ((item.getStyle() & SWT.RADIO) != 0) {
					for (ToolItem other : item.getParent().getItems()) {
						if (other != item && (other.getStyle() & SWT.RADIO) != 0 && other.getSelection()) {
							other.setSelection(false);
							other.notifyListeners(SWT.Selection, new Event());
						}
					}
					item.setSelection(true);
				} else if ((item.getStyle() & SWT.CHECK) != 0) {
					item.setSelection(!item.getSelection());
				}
				item.notifyListeners(SWT.Selection, new Event());
			}
			case MenuItem item -> {
				if ((item.getStyle() & (SWT.CHECK | SWT.RADIO)) != 0) {
					item.setSelection(!item.getSelection());
				}
				item.notifyListeners(SWT.Selection, new Event());
			}
			case CTabItem item -> {
				CTabFolder folder = item.getParent();
				folder.setSelection(item);
				Event event = new Event();
				event.item = item;
				folder.notifyListeners(SWT.Selection, event);
			}
			case TableItem item -> {
				Table table = item.getParent();
				table.setSelection(item);
				Event event = new Event();
				event.item = item;
				table.notifyListeners(SWT.Selection, event);
			}
			default -> widget.notifyListeners(SWT.Selection, new Event());
		}
		pump(0);
	}

	/** Selects these rows of a multi-selection table, as Ctrl+clicks would, and notifies its listeners. */
	public void selectRows(Table table, int... indices) {
		requireUsable(table);
		table.setSelection(indices);
		Event event = new Event();
		event.item = indices.length == 0 ? null : table.getItem(indices[0]);
		table.notifyListeners(SWT.Selection, event);
		pump(0);
	}

	/** Types into a text or combo character by character, so verify and modify listeners see each key. */
	public void type(Control control, String value) {
		requireUsable(control);
		control.setFocus();
		for (int i = 0; i < value.length(); ) {
			int cp = value.codePointAt(i);
			String ch = new String(Character.toChars(cp));
			switch (control) {
				case Text text -> text.insert(ch);
				case Combo combo -> combo.setText(combo.getText() + ch);
				default -> throw new IllegalArgumentException("Cannot type into " + describe(control));
			}
			i += Character.charCount(cp);
		}
		pump(0);
	}

	/** Replaces the content of a text or combo, then types {@code value}. */
	public void replaceText(Control control, String value) {
		switch (control) {
			case Text text -> text.setText("");
			case Combo combo -> combo.setText("");
			default -> throw new IllegalArgumentException("Cannot type into " + describe(control));
		}
		type(control, value);
	}

	private void requireUsable(Widget widget) {
		if (widget == null || widget.isDisposed()) {
			throw new AssertionError("Widget is disposed or null: " + widget + "\nWidget tree:\n" + dump());
		}
		if (widget instanceof Control control && !control.isEnabled()) {
			throw new AssertionError("Widget is disabled: " + describe(widget) + "\nWidget tree:\n" + dump());
		}
	}

	// ---------------------------------------------------------------------------------------- dumping

	/** A readable tree of all shells and their widgets (class, label, id, visibility, size). */
	public String dump() {
		StringBuilder out = new StringBuilder();
		for (Shell shell : display.getShells()) {
			dump(shell, 0, out);
		}
		return out.length() > 60_000 ? out.substring(0, 60_000) + "\n... (cut)" : out.toString();
	}

	private void dump(Widget widget, int depth, StringBuilder out) {
		out.append("  ".repeat(depth)).append(describe(widget)).append('\n');
		for (Widget child : children(widget)) {
			dump(child, depth + 1, out);
		}
	}

	/** One line describing a widget. */
	public static String describe(Widget widget) {
		if (widget.isDisposed()) {
			return widget.getClass().getSimpleName() + " (disposed)";
		}
		StringBuilder s = new StringBuilder(widget.getClass().getSimpleName());
		String label = labelOf(widget);
		if (label != null && !label.isEmpty()) {
			s.append(" '").append(label.length() > 60 ? label.substring(0, 60) + "..." : label).append('\'');
		}
		Object id = widget.getData(ID_KEY);
		if (id != null) {
			s.append(" id=").append(id);
		}
		if (widget instanceof Control control) {
			s.append(control.getVisible() ? "" : " hidden").append(control.isEnabled() ? "" : " disabled")
					.append(' ').append(control.getSize().x).append('x').append(control.getSize().y);
		}
		if (widget instanceof ToolItem item && item.getSelection()) {
			s.append(" selected");
		}
		return s.toString();
	}

	private static List<Widget> children(Widget widget) {
		List<Widget> out = new ArrayList<>();
		if (widget instanceof Composite composite) {
			if (widget instanceof ToolBar bar) {
				out.addAll(List.of(bar.getItems()));
			} else if (widget instanceof CTabFolder folder) {
				out.addAll(List.of(folder.getItems()));
			} else if (widget instanceof Table table) {
				out.addAll(List.of(table.getItems()));
			}
			out.addAll(List.of(composite.getChildren()));
		}
		if (widget instanceof Shell shell && shell.getMenuBar() != null) {
			out.add(shell.getMenuBar());
		}
		if (widget instanceof Menu menu) {
			out.addAll(List.of(menu.getItems()));
		}
		if (widget instanceof MenuItem item && item.getMenu() != null) {
			out.add(item.getMenu());
		}
		return out;
	}

	private static void collect(Widget widget, List<Widget> out) {
		out.add(widget);
		for (Widget child : children(widget)) {
			collect(child, out);
		}
	}
}
