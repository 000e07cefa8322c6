package io.deepstress.ui.parts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.MessageBox;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.IAxis;
import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ISeries;
import org.eclipse.swtchart.LineStyle;

import io.deepstress.core.report.SvgChart;

/**
 * "Export chart as PNG..." and "Export chart as SVG..." for every chart view: a context menu on the chart, writing
 * the chart as it is drawn (PNG, rendered off-screen by SWTChart at the chart's size) or its series as the reports'
 * {@link SvgChart} (title, axis titles, one line per visible series; scatter series as dots). The menu items are
 * tagged {@code chart:export-png} and {@code chart:export-svg}.
 */
public final class ChartExport {

	private static final int MIN_WIDTH = 320;
	private static final int MIN_HEIGHT = 200;

	private ChartExport() {
	}

	/** Adds the export menu to the chart and its plot area. */
	public static void install(Chart chart) {
		Control plot = chart.getPlotArea().getControl();
		Menu menu = new Menu(plot);
		item(menu, "Export chart as PNG...", "chart:export-png", () -> choose(chart, "png"));
		item(menu, "Export chart as SVG...", "chart:export-svg", () -> choose(chart, "svg"));
		plot.setMenu(menu);
		chart.setMenu(menu);
	}

	private static void item(Menu menu, String text, String id, Runnable action) {
		MenuItem item = new MenuItem(menu, SWT.PUSH);
		item.setText(text);
		item.setData(WidgetIds.KEY, id);
		item.addListener(SWT.Selection, e -> action.run());
	}

	private static void choose(Chart chart, String format) {
		FileDialog dialog = new FileDialog(chart.getShell(), SWT.SAVE);
		dialog.setFilterExtensions(new String[] { "*." + format });
		dialog.setFileName(fileName(chart) + "." + format);
		dialog.setOverwrite(true);
		String file = dialog.open();
		if (file == null) {
			return;
		}
		try {
			if (format.equals("png")) {
				writePng(chart, Path.of(file));
			} else {
				writeSvg(chart, Path.of(file));
			}
		} catch (IOException | RuntimeException e) {
			MessageBox box = new MessageBox(chart.getShell(), SWT.ICON_ERROR | SWT.OK);
			box.setText("Export chart");
			box.setMessage("The chart could not be written to " + file + ": "
					+ (e.getMessage() != null ? e.getMessage() : e.toString()));
			box.open();
		}
	}

	/** Writes the chart as drawn, as a PNG image of its size (at least 320 x 200). Call on the UI thread. */
	public static void writePng(Chart chart, Path file) throws IOException {
		Point size = chart.getSize();
		Image image = new Image(chart.getDisplay(), Math.max(MIN_WIDTH, size.x), Math.max(MIN_HEIGHT, size.y));
		try {
			chart.renderOffscreenImage(image);
			ImageData data = image.getImageData();
			ImageLoader loader = new ImageLoader();
			loader.data = new ImageData[] { data };
			Path tmp = file.resolveSibling(file.getFileName() + ".part");
			loader.save(tmp.toString(), SWT.IMAGE_PNG);
			Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		} catch (org.eclipse.swt.SWTException e) {
			throw new IOException(e.getMessage(), e);
		} finally {
			image.dispose();
		}
	}

	/** Writes the chart's visible series as a standalone SVG file. Call on the UI thread. */
	public static void writeSvg(Chart chart, Path file) throws IOException {
		Files.writeString(file, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg(chart) + "\n", StandardCharsets.UTF_8);
	}

	/** The chart's visible series as an {@link SvgChart} element. */
	public static String svg(Chart chart) {
		SvgChart svg = SvgChart.of(fileName(chart), text(chart.getTitle().getText()), axisTitle(chart.getAxisSet()
				.getXAxes()), axisTitle(chart.getAxisSet().getYAxes()));
		for (ISeries<?> s : chart.getSeriesSet().getSeries()) {
			if (!s.isVisible()) {
				continue;
			}
			double[] y = s.getYSeries();
			double[] x = s.getXSeries();
			if (y == null) {
				continue;
			}
			if (x == null || x.length != y.length) {
				x = new double[y.length];
				for (int i = 0; i < x.length; i++) {
					x[i] = i + 1;
				}
			}
			String name = text(s.getDescription() != null && !s.getDescription().isBlank() ? s.getDescription() : s.getId());
			boolean dots = s instanceof ILineSeries<?> line && line.getLineStyle() == LineStyle.NONE;
			if (dots) {
				svg.dots(name, x, y);
			} else {
				svg.line(name, x, y);
			}
		}
		return svg.svg();
	}

	private static String axisTitle(IAxis[] axes) {
		return axes.length == 0 ? "" : text(axes[0].getTitle().getText());
	}

	private static String text(String s) {
		return s == null ? "" : s;
	}

	/** A file name from the chart's title (or its widget id). */
	static String fileName(Chart chart) {
		String base = chart.getTitle().getText();
		if (base == null || base.isBlank()) {
			Object id = chart.getData(WidgetIds.KEY);
			base = id == null ? "chart" : id.toString();
		}
		String name = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
		return name.isEmpty() ? "chart" : name;
	}
}
