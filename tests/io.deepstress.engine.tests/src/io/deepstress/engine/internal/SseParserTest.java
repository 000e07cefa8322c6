package io.deepstress.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SseParserTest {

	private final List<String> events = new ArrayList<>();
	private final SseParser parser = new SseParser(events::add, 1024);

	private void feed(String s) {
		parser.feed(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void deliversEachEventsData() {
		feed("data: {\"a\":1}\n\ndata: [DONE]\n\n");
		assertEquals(List.of("{\"a\":1}", "[DONE]"), events);
	}

	@Test
	void linesSplitAnywhereAcrossChunksEvenInsideAUtf8Character() {
		byte[] all = "data: {\"t\":\"数据 naïve\"}\r\n\r\ndata: x\r\n\r\n".getBytes(StandardCharsets.UTF_8);
		for (byte b : all) {
			parser.feed(ByteBuffer.wrap(new byte[] { b }));
		}
		assertEquals(List.of("{\"t\":\"数据 naïve\"}", "x"), events);
	}

	@Test
	void multiLineEventsAreJoinedWithNewlines() {
		feed("data: {\"a\":\ndata:  1}\n\n");
		assertEquals(List.of("{\"a\":\n 1}"), events);
	}

	@Test
	void commentsAndOtherFieldsAreIgnored() {
		feed(": keep-alive\n\nevent: message\nid: 7\nretry: 100\ndata: x\n\n:ping\n\n");
		assertEquals(List.of("x"), events);
	}

	@Test
	void bareCarriageReturnsEndLinesToo() {
		feed("data: a\r\rdata: b\r\r");
		assertEquals(List.of("a", "b"), events);
	}

	@Test
	void aLastEventWithoutItsBlankLineIsDeliveredAtTheEnd() {
		feed("data: tail");
		assertEquals(List.of(), events);
		parser.end();
		assertEquals(List.of("tail"), events);
	}

	@Test
	void longLinesGrowTheBufferAcrossChunksAndCrLfSplitsBetweenChunks() {
		List<String> got = new ArrayList<>();
		SseParser big = new SseParser(got::add, 64 * 1024);
		String value = "{\"t\":\"" + "é".repeat(3000) + "\"}";
		byte[] all = ("data: " + value + "\r").getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < all.length; i += 700) {
			big.feed(ByteBuffer.wrap(all, i, Math.min(700, all.length - i)));
		}
		big.feed(ByteBuffer.wrap("\n\r\ndata: b\n".getBytes(StandardCharsets.UTF_8)));
		big.feed(ByteBuffer.wrap("\n".getBytes(StandardCharsets.UTF_8)));
		assertEquals(List.of(value, "b"), got);
	}

	@Test
	void refusesEndlessLines() {
		assertThrows(IllegalStateException.class, () -> feed("data: " + "x".repeat(2000)));
	}
}
