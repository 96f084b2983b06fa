package io.lbctl.backend.local.alb.desync;

import java.util.Locale;

/**
 * Why a request head landed in its tier, one constant per classification reason that
 * aws/http-desync-guardian reports, so access logs and metrics can use the names ALB users know.
 * Each reason always implies the same tier.
 */
public enum Reason {
    COMPLIANT(Tier.COMPLIANT),

    /** A header name that is not an RFC 7230 token, or a value with a control character. */
    NON_COMPLIANT_HEADER(Tier.ACCEPTABLE),
    SPACE_IN_URI(Tier.ACCEPTABLE),
    /** HTTP/0.9, HTTP/1.2 to HTTP/1.9, or a version with whitespace around it. */
    NON_COMPLIANT_VERSION(Tier.ACCEPTABLE),
    GET_HEAD_ZERO_CONTENT_LENGTH(Tier.ACCEPTABLE),
    /** A line ended by a bare LF; nginx-style parsers accept it, so it moves no boundary. */
    NON_CR_LF_LINE_TERMINATION(Tier.ACCEPTABLE),

    /** A header whose name is empty or only whitespace. */
    EMPTY_HEADER(Tier.AMBIGUOUS),
    /** A header name that normalises to Transfer-Encoding or Content-Length without being it. */
    SUSPICIOUS_HEADER(Tier.AMBIGUOUS),
    /** A control character other than CR, LF or NUL in the request target. */
    AMBIGUOUS_URI(Tier.AMBIGUOUS),
    /** A non-zero Content-Length on GET or HEAD, or any on a version before HTTP/1.0. */
    UNDEFINED_CONTENT_LENGTH_SEMANTICS(Tier.AMBIGUOUS),
    DUPLICATE_CONTENT_LENGTH(Tier.AMBIGUOUS),
    /** Transfer-Encoding on GET or HEAD, or on HTTP/1.0 and earlier. */
    UNDEFINED_TRANSFER_ENCODING_SEMANTICS(Tier.AMBIGUOUS),
    BOTH_TE_CL_PRESENT(Tier.AMBIGUOUS),
    /** An obs-fold continuation line; only Content-Type may fold. */
    MULTILINE_HEADER(Tier.AMBIGUOUS),
    /** The head ends inside a line. */
    PARTIAL_HEADER_LINE(Tier.AMBIGUOUS),
    /** The head ends without the empty line that closes it. */
    MISSING_LAST_EMPTY_LINE(Tier.AMBIGUOUS),
    MISSING_HEADER_COLON(Tier.AMBIGUOUS),
    MISSING_URI(Tier.AMBIGUOUS),

    /** NUL, CR or LF inside a header name or value. */
    BAD_HEADER(Tier.SEVERE),
    /** NUL, CR or LF inside the request target. */
    BAD_URI(Tier.SEVERE),
    BAD_VERSION(Tier.SEVERE),
    /** Content-Length headers with different values. */
    MULTIPLE_CONTENT_LENGTH(Tier.SEVERE),
    /** A Content-Length that is not a single unsigned 64-bit decimal. */
    BAD_CONTENT_LENGTH(Tier.SEVERE),
    MULTIPLE_TRANSFER_ENCODING_CHUNKED(Tier.SEVERE),
    /** A transfer coding other than chunked, compress, deflate, gzip or identity. */
    BAD_TRANSFER_ENCODING(Tier.SEVERE),
    /** A method with a character that is not an RFC token character. */
    BAD_METHOD(Tier.SEVERE);

    private final Tier tier;

    Reason(Tier tier) {
        this.tier = tier;
    }

    public Tier tier() {
        return tier;
    }

    /** The name HDG gives this reason, such as {@code BothTeClPresent}, as logs and metrics show it. */
    public String hdgName() {
        StringBuilder name = new StringBuilder();
        for (String word : name().split("_")) {
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return name.toString();
    }

    /** The reason HDG names {@code hdgName}. */
    public static Reason fromHdgName(String hdgName) {
        for (Reason reason : values()) {
            if (reason.hdgName().equals(hdgName)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("no HDG reason named " + hdgName);
    }
}
