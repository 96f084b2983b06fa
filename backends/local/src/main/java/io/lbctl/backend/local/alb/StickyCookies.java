package io.lbctl.backend.local.alb;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The values of ALB's stickiness cookies (AWSALB, AWSALBCORS for a target; AWSALBTG,
 * AWSALBTGCORS for a target group): what they pin and until when, authenticated with a key of
 * this runtime so a client cannot forge them. A cookie that does not verify, has expired, or
 * names a target that is gone is ignored and a new choice is made, as on AWS.
 */
final class StickyCookies {
    /** AWS's cookie lifetime: 7 days, renewed on every response; the stickiness duration lives inside the value. */
    static final long COOKIE_DAYS = 7;

    private final byte[] key = new byte[32];

    StickyCookies() {
        new SecureRandom().nextBytes(key);
    }

    /** A value that pins {@code what} until {@code until}. */
    String seal(String what, Instant until) {
        String payload = until.getEpochSecond() + "|" + what;
        return b64(payload.getBytes(StandardCharsets.UTF_8)) + "." + b64(mac(payload));
    }

    /** What a value pins, if it verifies and has not expired at {@code now}. */
    Optional<String> open(String value, Instant now) {
        int dot = value.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        try {
            String payload = new String(Base64.getUrlDecoder().decode(value.substring(0, dot)), StandardCharsets.UTF_8);
            byte[] given = Base64.getUrlDecoder().decode(value.substring(dot + 1));
            if (!MessageDigest.isEqual(given, mac(payload))) {
                return Optional.empty();
            }
            int bar = payload.indexOf('|');
            if (bar < 0 || Long.parseLong(payload.substring(0, bar)) < now.getEpochSecond()) {
                return Optional.empty();
            }
            return Optional.of(payload.substring(bar + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
