package io.deepstress.core.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.deepstress.core.run.Load;

/**
 * A request trace in the Mooncake JSON Lines format: one object per line with {@code timestamp} (ms),
 * {@code input_length}, {@code output_length} and optionally {@code hash_ids} (ids of the prompt's blocks of
 * {@value #BLOCK_TOKENS} tokens; requests whose ids agree share that prefix). Replayed open loop at the recorded
 * times by {@link #schedule}; prompts of the lengths are synthesised by
 * {@link io.deepstress.core.tokens.PromptSynthesizer#trace}.
 *
 * @param name    the file's name without extension
 * @param records the requests kept, in file order
 */
public record Trace(String name, List<TraceRecord> records) {

	/** Tokens per hash block (Mooncake's block size). */
	public static final int BLOCK_TOKENS = 512;

	private static final ObjectReader LINE = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.build().reader();

	public Trace {
		records = List.copyOf(records);
		if (records.isEmpty()) {
			throw new IllegalArgumentException("trace '" + name + "' has no requests");
		}
	}

	/**
	 * Reads a trace, streamed line by line: blank lines are skipped; a line that is not a JSON object, lacks a
	 * field, has a field of the wrong kind or a timestamp earlier than the line before is refused with its line
	 * number.
	 *
	 * @param startOffsetMs skip the requests of the first {@code startOffsetMs} ms of the trace (0: none)
	 * @param maxRequests   keep at most this many requests (0: all)
	 * @throws IllegalArgumentException with a message for the user
	 */
	public static Trace read(Path file, long startOffsetMs, long maxRequests) {
		List<TraceRecord> kept = new ArrayList<>();
		long first = Long.MIN_VALUE;
		long previous = Long.MIN_VALUE;
		int lineNo = 0;
		try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
				StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
						.onUnmappableCharacter(CodingErrorAction.REPORT)))) {
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				lineNo++;
				if (line.isBlank()) {
					continue;
				}
				TraceRecord r = parse(file, lineNo, line);
				if (r.timestampMs() < previous) {
					throw new IllegalArgumentException("trace " + file + " line " + lineNo + ": timestamp "
							+ r.timestampMs() + " is earlier than the line before (" + previous
							+ "): a trace must be in arrival order");
				}
				previous = r.timestampMs();
				if (first == Long.MIN_VALUE) {
					first = r.timestampMs();
				}
				if (r.timestampMs() - first < startOffsetMs) {
					continue;
				}
				if (maxRequests > 0 && kept.size() >= maxRequests) {
					break;
				}
				kept.add(r);
			}
		} catch (NoSuchFileException e) {
			throw new IllegalArgumentException("trace file not found: " + file);
		} catch (CharacterCodingException e) {
			throw new IllegalArgumentException("trace " + file + " line " + (lineNo + 1) + " is not UTF-8 text");
		} catch (IOException e) {
			throw new IllegalArgumentException("cannot read trace " + file + ": " + e.getMessage());
		}
		if (kept.isEmpty()) {
			throw new IllegalArgumentException("trace " + file + " has no requests"
					+ (lineNo > 0 && startOffsetMs > 0 ? " after the start offset of " + startOffsetMs + " ms" : ""));
		}
		return new Trace(file.getFileName().toString().replaceFirst("\\.[^.]+$", ""), kept);
	}

	private static TraceRecord parse(Path file, int lineNo, String line) {
		String where = "trace " + file + " line " + lineNo + ": ";
		JsonNode json;
		try {
			json = LINE.readTree(line);
		} catch (JsonProcessingException e) {
			throw new IllegalArgumentException(where + "not a JSON object (" + e.getOriginalMessage() + ")");
		}
		if (json == null || !json.isObject()) {
			throw new IllegalArgumentException(where + "not a JSON object");
		}
		long timestamp = whole(json, "timestamp", where, 0);
		long input = whole(json, "input_length", where, 1);
		long output = whole(json, "output_length", where, 1);
		List<Long> ids = new ArrayList<>();
		JsonNode hashes = json.get("hash_ids");
		if (hashes != null && !hashes.isNull()) {
			if (!hashes.isArray()) {
				throw new IllegalArgumentException(where + "\"hash_ids\" must be an array of whole numbers");
			}
			for (JsonNode h : hashes) {
				if (!h.canConvertToLong() || !h.isIntegralNumber()) {
					throw new IllegalArgumentException(where + "\"hash_ids\" must be an array of whole numbers");
				}
				ids.add(h.longValue());
			}
		}
		if (input > Integer.MAX_VALUE / 2 || output > Integer.MAX_VALUE / 2) {
			throw new IllegalArgumentException(where + "a length beyond " + Integer.MAX_VALUE / 2 + " tokens");
		}
		return new TraceRecord(lineNo, timestamp, (int) input, (int) output, ids);
	}

	private static long whole(JsonNode json, String field, String where, long min) {
		JsonNode v = json.get(field);
		if (v == null || v.isNull()) {
			throw new IllegalArgumentException(where + "missing \"" + field + "\"");
		}
		if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min) {
			throw new IllegalArgumentException(where + "\"" + field + "\" must be a whole number >= " + min + ", not " + v);
		}
		return v.longValue();
	}

	/** The open-loop load that replays this trace at its recorded times, {@code speed} times faster. */
	public Load.Scheduled schedule(double speed, int maxConcurrency) {
		long first = records.get(0).timestampMs();
		List<Long> offsets = new ArrayList<>(records.size());
		for (TraceRecord r : records) {
			offsets.add((r.timestampMs() - first) * 1000);
		}
		return new Load.Scheduled(offsets, speed, maxConcurrency);
	}
}
