package io.deepstress.datasets.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/** The user turns of a conversation record: ShareGPT's {@code from/value} or OpenAI's {@code role/content}. */
final class Turns {

	private Turns() {
	}

	/**
	 * The user messages of {@code messages}, in order.
	 *
	 * @throws IllegalArgumentException naming what is wrong with the record
	 */
	static List<String> users(JsonNode messages, String roleKey, String textKey, String... userRoles) {
		if (messages == null || !messages.isArray()) {
			throw new IllegalArgumentException("no \"" + (roleKey.equals("from") ? "conversations" : "messages")
					+ "\" array");
		}
		List<String> users = new ArrayList<>();
		int i = 0;
		for (JsonNode m : messages) {
			i++;
			if (!m.isObject()) {
				throw new IllegalArgumentException("turn " + i + " is not an object");
			}
			JsonNode role = m.get(roleKey);
			if (role == null || !role.isTextual()) {
				throw new IllegalArgumentException("turn " + i + " has no \"" + roleKey + "\"");
			}
			if (!isUser(role.textValue(), userRoles)) {
				continue;
			}
			String text = text(m.get(textKey));
			if (text == null) {
				throw new IllegalArgumentException("turn " + i + " has no text in \"" + textKey + "\"");
			}
			if (text.isBlank()) {
				throw new IllegalArgumentException("turn " + i + " is empty");
			}
			users.add(text);
		}
		if (users.isEmpty()) {
			throw new IllegalArgumentException("no " + String.join("/", userRoles) + " turn");
		}
		return users;
	}

	private static boolean isUser(String role, String... userRoles) {
		String r = role.strip().toLowerCase(Locale.ROOT);
		for (String u : userRoles) {
			if (u.equals(r)) {
				return true;
			}
		}
		return false;
	}

	/** A string, or OpenAI's array of content parts whose text parts are joined; null when neither. */
	private static String text(JsonNode content) {
		if (content == null) {
			return null;
		}
		if (content.isTextual()) {
			return content.textValue();
		}
		if (content.isArray()) {
			StringBuilder joined = new StringBuilder();
			for (JsonNode part : content) {
				JsonNode t = part.isTextual() ? part : part.get("text");
				if (t != null && t.isTextual()) {
					if (!joined.isEmpty()) {
						joined.append('\n');
					}
					joined.append(t.textValue());
				}
			}
			return joined.isEmpty() ? null : joined.toString();
		}
		return null;
	}
}
