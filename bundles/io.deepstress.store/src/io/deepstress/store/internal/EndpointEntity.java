package io.deepstress.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * A model endpoint. The API key is not here: {@code SECRET_KEY} names its entry in secure storage.
 * Names are unique ignoring case (unique index on {@code NAME_KEY}, created by {@link Migrations}).
 */
@Entity
@Table(name = "MODEL_ENDPOINT")
public class EndpointEntity extends NamedEntity {

	@Column(name = "BASE_URL", length = 1000)
	String baseUrl;

	@Column(name = "API_KIND", length = 20)
	String apiKind;

	@Column(name = "MODEL", length = 200)
	String model;

	/** Extra headers as a JSON object (names and values; no secrets). */
	@Column(name = "HEADERS_JSON", length = 8000)
	String headersJson;

	@Column(name = "VERIFY_TLS")
	boolean verifyTls;

	@Column(name = "CONNECT_TIMEOUT_MS")
	long connectTimeoutMillis;

	@Column(name = "FIRST_TOKEN_TIMEOUT_MS")
	long firstTokenTimeoutMillis;

	@Column(name = "TOTAL_TIMEOUT_MS")
	long totalTimeoutMillis;

	/** Key of the API key in secure storage. */
	@Column(name = "SECRET_KEY", length = 300)
	String secretKey;

	@Column(name = "UPDATED_MS")
	long updatedMillis;
}
