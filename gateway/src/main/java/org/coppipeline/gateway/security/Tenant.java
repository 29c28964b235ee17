package org.coppipeline.gateway.security;

import java.util.regex.Pattern;

import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonString;

import org.eclipse.microprofile.jwt.JsonWebToken;

import org.coppipeline.gateway.api.ProblemException;
import org.coppipeline.gateway.api.ProblemType;

/**
 * The caller: its hospital is the verified token's {@code hospital} claim, and nothing else (CONTRACT 1); its identity in
 * the access audit is the token's {@code sub} (CONTRACT 1.1).
 */
@RequestScoped
public class Tenant {

    public static final String CLAIM = "hospital";
    private static final Pattern ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

    private final JsonWebToken token;

    public Tenant(JsonWebToken token) {
        this.token = token;
    }

    /** The hospital id; 403 when the token carries none (or one that cannot be a hospital id). */
    public String hospitalId() {
        Object claim = token.getClaim(CLAIM);
        String hospital = null;
        if (claim instanceof String text) {
            hospital = text;
        } else if (claim instanceof JsonString json) {
            hospital = json.getString();
        }
        if (hospital == null || !ID.matcher(hospital).matches()) {
            throw new ProblemException(ProblemType.FORBIDDEN, "The token carries no valid hospital claim.");
        }
        return hospital;
    }

    /** The token's sub; a token without one is named by its principal name (upn, preferred_username), else null. */
    public String actor() {
        String subject = token.getSubject();
        return subject != null ? subject : token.getName();
    }
}
