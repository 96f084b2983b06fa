package io.lbctl.backend.local.alb.desync;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The verdict on one request head: its tier, every reason found, and how the body that follows
 * the head is delimited, so a caller can skip that body to reach the next request.
 *
 * @param tier the worst tier among {@code reasons}, or {@link Tier#COMPLIANT} when there are none
 * @param reasons the distinct reasons found, in the order HDG checks for them
 * @param framing how the body is delimited, read as an RFC 9112 server would
 * @param contentLength the body's length in bytes; present exactly when {@code framing} is
 *     {@link BodyFraming#CONTENT_LENGTH}
 */
public record Classification(Tier tier, List<Reason> reasons, BodyFraming framing, OptionalLong contentLength) {

    /**
     * How the body after the head is delimited. Framing is read from the headers named exactly
     * Transfer-Encoding and Content-Length (in any case), as an RFC 9112 server reads them; look-alike
     * names raise the tier but never frame a body.
     */
    public enum BodyFraming {
        /** No Transfer-Encoding or Content-Length: the request has no body. */
        NONE,
        /** The body is {@link #contentLength()} bytes; equal repeated values count as one. */
        CONTENT_LENGTH,
        /** Transfer-Encoding ends in chunked, which overrides any Content-Length. */
        CHUNKED,
        /**
         * The end of the body cannot be found: the head is incomplete, Content-Length values differ,
         * do not parse or pass {@link Long#MAX_VALUE}, or Transfer-Encoding names an unknown coding,
         * repeats chunked or does not end in it. A server must answer and close the connection, since
         * the next request's start is unknown.
         */
        UNDEFINED
    }

    public Classification {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(framing, "framing");
        Objects.requireNonNull(contentLength, "contentLength");
        reasons = List.copyOf(reasons);
        Tier worst = Tier.COMPLIANT;
        for (Reason reason : reasons) { // a loop, not a stream: this runs for every request
            worst = worst.max(reason.tier());
        }
        if (worst != tier) {
            throw new IllegalArgumentException("tier " + tier + " does not match reasons " + reasons);
        }
        if (reasons.contains(Reason.COMPLIANT)) {
            throw new IllegalArgumentException("COMPLIANT stands for the absence of reasons");
        }
        if (contentLength.isPresent() != (framing == BodyFraming.CONTENT_LENGTH)) {
            throw new IllegalArgumentException("contentLength " + contentLength + " with framing " + framing);
        }
        if (contentLength.isPresent() && contentLength.getAsLong() < 0) {
            throw new IllegalArgumentException("negative contentLength " + contentLength);
        }
    }

    /**
     * The single reason HDG reports: the first one found at the final tier, or {@link
     * Reason#COMPLIANT} when nothing was found.
     */
    public Reason reason() {
        return reasons.stream().filter(r -> r.tier() == tier).findFirst().orElse(Reason.COMPLIANT);
    }

    /** Whether the body is chunked; Transfer-Encoding chunked wins over Content-Length. */
    public boolean chunked() {
        return framing == BodyFraming.CHUNKED;
    }

    /** Whether the end of the body, and so the start of the next request, can be found. */
    public boolean framingDefined() {
        return framing != BodyFraming.UNDEFINED;
    }
}
