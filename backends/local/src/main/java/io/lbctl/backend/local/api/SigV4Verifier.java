package io.lbctl.backend.local.api;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

/**
 * Verifies AWS Signature Version 4 on incoming requests by signing them again with the SDK's own
 * signer at the request's own timestamp, over exactly the headers the client signed, and
 * comparing signatures in constant time. Errors carry AWS's codes.
 */
public final class SigV4Verifier {
    public static final String SERVICE = "elasticloadbalancing";
    private static final Duration SKEW = Duration.ofMinutes(15);
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request\\s*,\\s*"
                    + "SignedHeaders=([a-z0-9;-]+)\\s*,\\s*Signature=([0-9a-f]{64})\\s*");
    @SuppressWarnings("deprecation")
    private static final Aws4Signer SIGNER = Aws4Signer.create();

    private final String region;
    private final Map<String, String> secrets;
    private final Clock clock;

    /** {@code secrets}: access key id -> secret access key. */
    public SigV4Verifier(String region, Map<String, String> secrets, Clock clock) {
        this.region = region;
        this.secrets = Map.copyOf(secrets);
        this.clock = clock;
    }

    /** A request as it arrived: method, path and query, headers (names in any case), body. */
    public record Incoming(String method, String uri, Map<String, List<String>> headers, byte[] body) {
        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }
    }

    /** Returns the access key id that signed {@code request}, or throws an {@link ApiError}. */
    public String verify(Incoming request) {
        String authorization = request.header("Authorization").orElseThrow(() -> ApiError.forbidden(
                "MissingAuthenticationToken", "Missing Authentication Token"));
        Matcher m = AUTHORIZATION.matcher(authorization);
        if (!m.matches()) {
            throw ApiError.of("IncompleteSignature", "Authorization header requires 'Credential', 'SignedHeaders' "
                    + "and 'Signature' parameters in AWS4-HMAC-SHA256 form. Authorization=" + abbreviate(authorization));
        }
        String accessKey = m.group(1);
        String scopeDate = m.group(2);
        String scopeRegion = m.group(3);
        String service = m.group(4);
        List<String> signedHeaders = List.of(m.group(5).split(";"));
        String signature = m.group(6);
        if (!service.equals(SERVICE)) {
            throw ApiError.forbidden("SignatureDoesNotMatch",
                    "Credential should be scoped to correct service: '" + SERVICE + "'. ");
        }
        if (!scopeRegion.equals(region)) {
            throw ApiError.forbidden("SignatureDoesNotMatch", "Credential should be scoped to a valid region, not '"
                    + scopeRegion + "'. This endpoint serves '" + region + "'.");
        }
        String secret = secrets.get(accessKey);
        if (secret == null) {
            throw ApiError.forbidden("InvalidClientTokenId", "The security token included in the request is invalid.");
        }
        if (request.header("X-Amz-Security-Token").isPresent()) {
            throw ApiError.forbidden("InvalidClientTokenId", "The security token included in the request is invalid.");
        }
        Instant signedAt = signedAt(request, scopeDate);
        checkSkew(signedAt);
        if (!signedHeaders.contains("host")) {
            throw ApiError.forbidden("SignatureDoesNotMatch", "'Host' must be a signed header.");
        }
        String expected = sign(request, signedHeaders, accessKey, secret, signedAt);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            throw ApiError.forbidden("SignatureDoesNotMatch", "The request signature we calculated does not match the "
                    + "signature you provided. Check your AWS Secret Access Key and signing method.");
        }
        return accessKey;
    }

    private Instant signedAt(Incoming request, String scopeDate) {
        String text = request.header("X-Amz-Date").orElseThrow(() -> ApiError.of("IncompleteSignature",
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."));
        try {
            Instant at = AMZ_DATE.parse(text, Instant::from);
            if (!text.startsWith(scopeDate)) {
                throw ApiError.forbidden("SignatureDoesNotMatch", "Date in Credential scope does not match YYYYMMDD "
                        + "from ISO-8601 version of date from HTTP: '" + scopeDate + "' != '" + text.substring(0, 8) + "'");
            }
            return at;
        } catch (DateTimeParseException e) {
            throw ApiError.of("IncompleteSignature", "X-Amz-Date '" + abbreviate(text) + "' is not yyyyMMdd'T'HHmmss'Z'");
        }
    }

    private void checkSkew(Instant signedAt) {
        Instant now = clock.instant();
        if (signedAt.isBefore(now.minus(SKEW))) {
            throw ApiError.forbidden("SignatureDoesNotMatch", "Signature expired: " + AMZ_DATE.format(signedAt)
                    + " is now earlier than " + AMZ_DATE.format(now.minus(SKEW)) + " (" + AMZ_DATE.format(now)
                    + " - 15 min.)");
        }
        if (signedAt.isAfter(now.plus(SKEW))) {
            throw ApiError.forbidden("SignatureDoesNotMatch", "Signature not yet current: " + AMZ_DATE.format(signedAt)
                    + " is still later than " + AMZ_DATE.format(now.plus(SKEW)) + " (" + AMZ_DATE.format(now)
                    + " + 15 min.)");
        }
    }

    /**
     * The signature the SDK's signer gives this request, signed at {@code at} over exactly
     * {@code signedHeaders}. The SDK's legacy {@link Aws4Signer} is used because it signs the
     * headers it is given and nothing more; the newer {@code AwsV4HttpSigner} always adds and
     * signs {@code x-amz-content-sha256}, which botocore (the AWS CLI) does not send, so its
     * signature could never match theirs.
     */
    @SuppressWarnings("deprecation")
    private String sign(Incoming request, List<String> signedHeaders, String accessKey, String secret, Instant at) {
        URI uri;
        try {
            uri = new URI("http://" + request.header("Host").orElse("localhost") + request.uri());
        } catch (java.net.URISyntaxException e) {
            throw ApiError.forbidden("SignatureDoesNotMatch", "The request's Host header or path is not a valid URI, "
                    + "so its signature cannot match");
        }
        SdkHttpFullRequest.Builder http = SdkHttpFullRequest.builder().method(method(request.method())).uri(uri)
                .contentStreamProvider(ContentStreamProvider.fromByteArrayUnsafe(request.body()));
        for (String name : signedHeaders) {
            if (!name.equals("host")) {
                request.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                        .forEach(e -> e.getValue().forEach(v -> http.appendHeader(name, v)));
            }
        }
        Aws4SignerParams params = Aws4SignerParams.builder()
                .awsCredentials(AwsBasicCredentials.create(accessKey, secret))
                .signingName(SERVICE)
                .signingRegion(Region.of(region))
                .signingClockOverride(Clock.fixed(at, ZoneOffset.UTC))
                .build();
        SdkHttpFullRequest signed = SIGNER.sign(http.build(), params);
        String authorization = signed.firstMatchingHeader("Authorization").orElse("");
        int i = authorization.indexOf("Signature=");
        return i < 0 ? "" : authorization.substring(i + "Signature=".length()).trim();
    }

    private static SdkHttpMethod method(String name) {
        try {
            return SdkHttpMethod.fromValue(name);
        } catch (IllegalArgumentException e) {
            return SdkHttpMethod.POST;
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
}
