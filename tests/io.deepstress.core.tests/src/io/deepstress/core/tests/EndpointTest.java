package io.deepstress.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.deepstress.core.model.ApiKind;
import io.deepstress.core.model.Endpoint;

class EndpointTest {

	@Test
	void acceptsHttpAndHttpsAndTrimsText() {
		Endpoint e = Endpoint.create("  vLLM box ", "http://127.0.0.1:8000/v1", ApiKind.CHAT, " llama ");
		assertEquals("vLLM box", e.name());
		assertEquals("llama", e.model());
		assertFalse(e.isBuiltin());
		assertEquals("https://gpu.example/v1",
				Endpoint.create("x", "https://gpu.example/v1", ApiKind.COMPLETIONS, "m").baseUrl());
	}

	@Test
	void rejectsBadInputWithAClearMessage() {
		IllegalArgumentException blank = assertThrows(IllegalArgumentException.class,
				() -> Endpoint.create(" ", "http://h/v1", ApiKind.CHAT, "m"));
		assertTrue(blank.getMessage().contains("name"), blank.getMessage());
		IllegalArgumentException scheme = assertThrows(IllegalArgumentException.class,
				() -> Endpoint.create("a", "ftp://h/v1", ApiKind.CHAT, "m"));
		assertTrue(scheme.getMessage().contains("http://"), scheme.getMessage());
		IllegalArgumentException syntax = assertThrows(IllegalArgumentException.class,
				() -> Endpoint.create("a", "http://bad host/v1", ApiKind.CHAT, "m"));
		assertTrue(syntax.getMessage().contains("Not a valid URL"), syntax.getMessage());
		IllegalArgumentException noHost = assertThrows(IllegalArgumentException.class,
				() -> Endpoint.create("a", "http:///v1", ApiKind.CHAT, "m"));
		assertTrue(noHost.getMessage().contains("no host"), noHost.getMessage());
	}

	@Test
	void builtinSimulatorIsMarkedAndSecretKeysDifferPerEndpoint() {
		Endpoint builtin = Endpoint.builtinSimulator();
		assertTrue(builtin.isBuiltin());
		assertEquals(Endpoint.BUILTIN_SIMULATOR_NAME, builtin.name());
		Endpoint a = Endpoint.create("a", "http://127.0.0.1:1/v1", ApiKind.CHAT, "m");
		Endpoint b = Endpoint.create("b", "http://127.0.0.1:1/v1", ApiKind.CHAT, "m");
		assertNotEquals(a.secretKey(), b.secretKey());
		assertEquals("chat/completions", ApiKind.CHAT.path());
	}
}
