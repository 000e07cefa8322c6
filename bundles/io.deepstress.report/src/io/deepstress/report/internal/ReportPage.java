package io.deepstress.report.internal;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import io.deepstress.core.report.Html;

/** The HTML document around the sections: inline CSS, a strict content security policy, no script. */
final class ReportPage {

	private static final String CSS = """
			body{font-family:"DejaVu Sans",Arial,sans-serif;margin:24px auto;max-width:1100px;color:#222;font-size:14px}
			h1{font-size:22px;margin-bottom:4px}h2{font-size:17px;border-bottom:1px solid #ccc;padding-bottom:3px;margin-top:28px}
			h3{font-size:15px;margin-bottom:4px}
			table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}
			th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}
			table.kv td{text-align:left}
			.worse{color:#b00020;font-weight:bold}.better{color:#1b7f3b;font-weight:bold}.muted{color:#777}
			.chart{display:block;margin:10px 0;border:1px solid #eee}
			footer{margin-top:32px;color:#777;font-size:12px}
			""";

	private ReportPage() {
	}

	static String page(String title, String body) {
		String now = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'"));
		return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
				// nothing but the file itself: no script, no fetch, no font or image from anywhere
				+ "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline';"
				+ " img-src data:\">"
				+ "<meta name=\"generator\" content=\"DeepStress\"><title>" + Html.escape(title) + "</title><style>" + CSS
				+ "</style></head><body><h1>" + Html.escape(title) + "</h1><p class=\"muted\">Report made " + now
				+ ".</p>\n" + body + "<footer>Made by DeepStress. This file is self-contained: it loads nothing when"
				+ " opened.</footer></body></html>\n";
	}
}
