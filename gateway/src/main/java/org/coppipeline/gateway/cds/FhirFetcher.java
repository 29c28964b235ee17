package org.coppipeline.gateway.cds;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Fetches the prefetch keys a client left out from its {@code fhirServer}, with its access token (CDS Hooks 2.0
 * "FHIR Resource Access"): all keys at once, one attempt each (no retries, no redirects), each bounded by the read
 * timeout and a size cap. A key that cannot be fetched is reported, never guessed: the caller answers 412. Log lines
 * name the key and the HTTP status only, never the URL (it holds the patient's id) or the token.
 */
@ApplicationScoped
public class FhirFetcher {

    private static final Logger LOG = Logger.getLogger(FhirFetcher.class);

    /** A key that could not be fetched, and why (for the 412's detail). */
    public static final class Unavailable extends RuntimeException {
        private final PrefetchKey key;

        Unavailable(PrefetchKey key, String why) {
            super(why, null, false, false);
            this.key = key;
        }

        public PrefetchKey key() {
            return key;
        }
    }

    private final HttpClient client;
    private final Duration readTimeout;
    private final int maxBytes;
    private final ObjectMapper json;

    @Inject
    public FhirFetcher(CdsConfig config, ObjectMapper json) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(config.fetch().connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.readTimeout = config.fetch().readTimeout();
        this.maxBytes = config.fetch().maxBytes();
        this.json = json;
    }

    /** Every key's resource (a Patient, or a searchset Bundle); {@link Unavailable} for the first key that failed. */
    public Map<PrefetchKey, JsonNode> fetch(URI fhirServer, Optional<String> accessToken, String patientId,
            List<PrefetchKey> keys) {
        Map<PrefetchKey, CompletableFuture<JsonNode>> pending = new EnumMap<>(PrefetchKey.class);
        for (PrefetchKey key : keys) {
            pending.put(key, get(fhirServer, accessToken, patientId, key));
        }
        Map<PrefetchKey, JsonNode> fetched = new EnumMap<>(PrefetchKey.class);
        long deadline = System.nanoTime() + readTimeout.toNanos();
        try {
            for (Map.Entry<PrefetchKey, CompletableFuture<JsonNode>> entry : pending.entrySet()) {
                long left = Math.max(0, deadline - System.nanoTime());
                try {
                    fetched.put(entry.getKey(), entry.getValue().get(left, TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    throw unavailable(entry.getKey(), "no answer within " + readTimeout.toMillis() + " ms");
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Unavailable u ? u : unavailable(entry.getKey(), "the request failed");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw unavailable(entry.getKey(), "interrupted");
                }
            }
            return fetched;
        } finally {
            pending.values().forEach(f -> f.cancel(true));
        }
    }

    private CompletableFuture<JsonNode> get(URI fhirServer, Optional<String> accessToken, String patientId, PrefetchKey key) {
        String base = fhirServer.toString();
        URI uri = URI.create((base.endsWith("/") ? base : base + "/") + key.query(patientId));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(readTimeout)
                .header("Accept", "application/fhir+json")
                .GET();
        accessToken.ifPresent(token -> request.header("Authorization", "Bearer " + token));
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(response -> read(key, response));
    }

    private JsonNode read(PrefetchKey key, HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw unavailable(key, "the FHIR server answered " + response.statusCode());
            }
            byte[] bytes = body.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw unavailable(key, "the answer exceeds " + maxBytes + " bytes");
            }
            JsonNode resource = json.readTree(bytes);
            if (resource == null || !resource.isObject()) {
                throw unavailable(key, "the answer is not a FHIR resource");
            }
            return resource;
        } catch (IOException e) {
            throw unavailable(key, "the answer is not JSON");
        }
    }

    private static Unavailable unavailable(PrefetchKey key, String why) {
        LOG.infof("CDS prefetch key %s not fetched: %s", key.key(), why);
        return new Unavailable(key, why);
    }
}
