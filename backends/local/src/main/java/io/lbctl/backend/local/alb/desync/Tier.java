package io.lbctl.backend.local.alb.desync;

/**
 * How far a request head is from one that every HTTP/1.x parser in a chain frames the same way,
 * in increasing order of risk, so tiers compare with {@link #compareTo}.
 *
 * <p>What the load balancer does with each tier depends on {@code
 * routing.http.desync_mitigation_mode}: {@code monitor} forwards everything, {@code strictest}
 * forwards only {@link #COMPLIANT}, and {@code defensive} acts as each constant describes.
 */
public enum Tier {
    /** Follows RFC 7230; forwarded, and both connections stay open for reuse. */
    COMPLIANT,

    /**
     * Breaks the RFC in a way that cannot move a request boundary, as legacy clients often do;
     * defensive mode forwards it as if it were compliant.
     */
    ACCEPTABLE,

    /**
     * Servers may disagree on where this request ends; defensive mode forwards it but then closes
     * the client and the target connection, so a smuggled tail never reaches another request.
     */
    AMBIGUOUS,

    /**
     * Malformed, or crafted to split parsers; the request's end cannot be trusted, so defensive
     * mode answers 400 and closes the client connection without forwarding.
     */
    SEVERE;

    /** The riskier of the two; a request is as risky as its worst finding. */
    public Tier max(Tier other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
