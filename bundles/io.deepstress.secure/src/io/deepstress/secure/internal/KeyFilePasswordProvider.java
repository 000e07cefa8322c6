package io.deepstress.secure.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import javax.crypto.spec.PBEKeySpec;

import org.eclipse.equinox.security.storage.provider.IPreferencesContainer;
import org.eclipse.equinox.security.storage.provider.PasswordProvider;

/**
 * The master password of Equinox secure storage: a random 256-bit key kept in a file only its owner can
 * read: {@code secure-storage.key} beside DeepStress's storage file in the data directory ({@link StorageLocation}),
 * {@code ~/.deepstress/secure-storage.key} for a storage elsewhere (the old place), or
 * {@code -Ddeepstress.secure.keyFile}. The secure storage file itself holds only ciphertext.
 */
public final class KeyFilePasswordProvider extends PasswordProvider {

	static Path keyFile(IPreferencesContainer container) {
		String explicit = System.getProperty("deepstress.secure.keyFile");
		if (explicit != null && !explicit.isBlank()) {
			return Path.of(explicit);
		}
		return StorageLocation.keyFileFor(container == null ? null : container.getLocation());
	}

	@Override
	public PBEKeySpec getPassword(IPreferencesContainer container, int passwordType) {
		try {
			return new PBEKeySpec(readOrCreate(keyFile(container)).toCharArray());
		} catch (IOException e) {
			return null; // secure storage reports that no password is available
		}
	}

	static synchronized String readOrCreate(Path file) throws IOException {
		if (Files.exists(file)) {
			return Files.readString(file, StandardCharsets.US_ASCII).strip();
		}
		Files.createDirectories(file.getParent());
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		String encoded = Base64.getEncoder().encodeToString(key);
		try {
			Files.createFile(file, PosixFilePermissions.asFileAttribute(Set.copyOf(PosixFilePermissions.fromString("rw-------"))));
		} catch (FileAlreadyExistsException raced) {
			return Files.readString(file, StandardCharsets.US_ASCII).strip();
		} catch (UnsupportedOperationException notPosix) {
			Files.createFile(file);
		}
		Files.writeString(file, encoded, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
		return encoded;
	}

	@Override
	public boolean retryOnError(Exception e, IPreferencesContainer container) {
		return false;
	}
}
