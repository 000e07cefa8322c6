package io.deepstress.gpu.ssh.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.deepstress.core.services.SecretStore;

/** A SecretStore in memory for tests; remembers which keys were read. */
final class MemorySecretStore implements SecretStore {

	private final Map<String, String> secrets = new ConcurrentHashMap<>();
	final List<String> reads = new CopyOnWriteArrayList<>();

	@Override
	public Optional<String> get(String key) {
		reads.add(key);
		return Optional.ofNullable(secrets.get(key));
	}

	@Override
	public void put(String key, String value) {
		secrets.put(key, value);
	}

	@Override
	public void remove(String key) {
		secrets.remove(key);
	}
}
