package io.deepstress.cli.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.deepstress.core.capacity.CapacityLevel;
import io.deepstress.core.capacity.CapacityResult;

/** A capacity search as the JSON object of {@code deepstress capacity --out}. */
final class CapacityReports {

	private CapacityReports() {
	}

	static Map<String, Object> json(CapacityResult r) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("answer", r.found() ? r.answer() : null);
		m.put("interval", r.found() ? List.of(r.low(), r.high()) : null);
		m.put("confidence", r.confidence());
		m.put("boundary", r.boundary());
		m.put("by", r.by().name().toLowerCase(Locale.ROOT));
		m.put("slo", r.slo());
		m.put("stop", r.stop());
		m.put("message", r.message());
		m.put("resolution", r.resolution());
		m.put("levels", r.levels().stream().map(CapacityReports::level).toList());
		m.put("batch_id", r.batchId());
		return m;
	}

	private static Map<String, Object> level(CapacityLevel l) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("level", l.level());
		m.put("runs", l.runs().stream().map(run -> {
			Map<String, Object> rm = new LinkedHashMap<>();
			rm.put("run_id", run.summary().runId());
			rm.put("name", run.summary().name());
			rm.put("status", run.summary().status().name().toLowerCase(Locale.ROOT));
			rm.put("slo", SloReports.json(run.slo()));
			return rm;
		}).toList());
		m.put("attainment", l.attainment());
		m.put("passed", l.passed());
		m.put("confident", l.confident());
		m.put("requests", l.total());
		m.put("failed", l.failed());
		m.put("error_rate", l.errorRate());
		m.put("error_stop", l.errorStop());
		m.put("goodput_rps", l.goodputRps());
		m.put("goodput_tps", l.goodputTps());
		m.put("throughput_rps", l.throughput());
		m.put("ttft_p50_ms", l.ttftP50());
		m.put("ttft_p99_ms", l.ttftP99());
		m.put("e2e_p99_ms", l.e2eP99());
		m.put("tpot_p99_ms", l.tpotP99());
		m.put("checks", l.checks().stream().map(c -> {
			Map<String, Object> cm = new LinkedHashMap<>();
			cm.put("name", c.name());
			cm.put("share", c.share());
			cm.put("target", c.target());
			cm.put("interval", List.of(c.low(), c.high()));
			cm.put("passed", c.passed());
			return cm;
		}).toList());
		return m;
	}
}
