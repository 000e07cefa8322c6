package io.deepstress.store.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.deepstress.core.timeline.TimelineFormat;

/**
 * Export and import of one run as JSON: every stored column of the run, its dataset rows, its request
 * samples and its GPU samples, so that importing an export into another store and exporting it again gives
 * the same text. Entity fields are copied by name; generated ids are left out.
 */
final class RunTransfer {

	static final String FORMAT = "deepstress-run";
	static final int VERSION = 1;

	/** Columns written only when set. */

	private RunTransfer() {
	}

	static String toJson(RunEntity run, List<DatasetStatsEntity> datasets, List<RequestSampleEntity> samples,
			List<GpuSampleEntity> gpu, TimelineEntity timeline) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("format", FORMAT);
		m.put("version", VERSION);
		m.put("run", fields(run));
		m.put("datasets", datasets.stream().map(RunTransfer::fields).toList());
		m.put("samples", samples.stream().map(RunTransfer::fields).toList());
		m.put("gpu_samples", gpu.stream().map(RunTransfer::fields).toList());
		if (timeline != null) { // only runs that have one (schema 6), so older runs export as before
			m.put("timeline", TimelineFormat.toMap(TimelineRows.of(timeline)));
		}
		return StoreJson.write(m);
	}

	record Imported(RunEntity run, List<DatasetStatsEntity> datasets, List<RequestSampleEntity> samples,
			List<GpuSampleEntity> gpu, TimelineEntity timeline) {
	}

	static Imported fromJson(String json) {
		JsonNode m = StoreJson.read(json);
		if (!m.isObject()) {
			throw new IllegalArgumentException("not a DeepStress run export (not a JSON object)");
		}
		JsonNode format = m.path("format");
		if (!FORMAT.equals(format.textValue())) {
			throw new IllegalArgumentException("not a DeepStress run export (format is "
					+ (format.isTextual() ? format.textValue() : format.isMissingNode() ? "null" : format) + ")");
		}
		JsonNode version = m.path("version");
		if (!version.isIntegralNumber() || version.longValue() != VERSION) {
			throw new IllegalArgumentException("unsupported export version " + (version.isMissingNode() ? "null" : version));
		}
		RunEntity run = fill(new RunEntity(), m.get("run"));
		if (run.runId == null || run.runId.isBlank()) {
			throw new IllegalArgumentException("the export has no run id");
		}
		if (run.ttftP50Millis == null) { // an export from schema 1
			run.ttftP50Millis = Mapping.ttftP50(run.latencyJson);
		}
		return new Imported(run, list(m.get("datasets"), DatasetStatsEntity::new), list(m.get("samples"), RequestSampleEntity::new),
				list(m.get("gpu_samples"), GpuSampleEntity::new), timeline(run.runId, m.get("timeline")));
	}

	private static TimelineEntity timeline(String runId, JsonNode json) {
		if (json == null || json.isNull()) {
			return null;
		}
		TimelineEntity t = new TimelineEntity();
		t.runId = runId;
		try {
			t.gz = TimelineRows.gz(TimelineFormat.fromJson(json));
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("malformed export: " + e.getMessage(), e);
		}
		return t;
	}

	private static <T> List<T> list(JsonNode json, java.util.function.Supplier<T> factory) {
		List<T> out = new ArrayList<>();
		if (json != null && json.isArray()) {
			for (JsonNode item : json) {
				out.add(fill(factory.get(), item));
			}
		}
		return out;
	}

	private static List<Field> columns(Class<?> type) {
		List<Field> out = new ArrayList<>();
		for (Field f : type.getDeclaredFields()) {
			if (!Modifier.isStatic(f.getModifiers()) && !(f.getName().equals("id") && f.getType() == long.class)) {
				f.setAccessible(true);
				out.add(f);
			}
		}
		return out;
	}

	private static Map<String, Object> fields(Object entity) {
		Map<String, Object> m = new LinkedHashMap<>();
		try {
			for (Field f : columns(entity.getClass())) {
				Object value = f.get(entity);
				if (value != null || !f.isAnnotationPresent(Later.class)) {
					m.put(f.getName(), value);
				}
			}
		} catch (IllegalAccessException e) {
			throw new IllegalStateException(e);
		}
		return m;
	}

	private static <T> T fill(T entity, JsonNode values) {
		if (values == null || !values.isObject()) {
			throw new IllegalArgumentException("malformed export: expected an object for " + entity.getClass().getSimpleName());
		}
		try {
			for (Field f : columns(entity.getClass())) {
				JsonNode v = values.get(f.getName());
				Class<?> t = f.getType();
				if (v == null || v.isNull()) {
					if (!t.isPrimitive()) {
						f.set(entity, null);
					}
				} else if (t == String.class) {
					f.set(entity, v.isValueNode() ? v.asText() : malformed(f, v));
				} else if (t == long.class || t == Long.class) {
					f.set(entity, v.isNumber() ? v.longValue() : malformed(f, v));
				} else if (t == int.class || t == Integer.class) {
					f.set(entity, v.isNumber() ? v.intValue() : malformed(f, v));
				} else if (t == double.class || t == Double.class) {
					f.set(entity, v.isNumber() ? v.doubleValue() : malformed(f, v));
				} else if (t == boolean.class || t == Boolean.class) {
					f.set(entity, v.isBoolean() ? v.booleanValue() : malformed(f, v));
				}
			}
		} catch (IllegalAccessException e) {
			throw new IllegalArgumentException("malformed export: " + e.getMessage(), e);
		}
		return entity;
	}

	private static <T> T malformed(Field f, JsonNode v) {
		throw new IllegalArgumentException("malformed export: " + f.getDeclaringClass().getSimpleName() + "." + f.getName()
				+ " cannot be " + v.getNodeType().name().toLowerCase());
	}
}
