package org.coppipeline.gateway.cds;

/**
 * A verified CDS client of one call: the issuer of its JWT and the hospital its allowlist entry speaks for. The
 * {@code actor} names it in an access audit (the token's sub when it has one, else the issuer).
 */
public record CdsClient(String issuer, String hospitalId, String actor) {
}
