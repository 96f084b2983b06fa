package io.lbctl.backend.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Sends arbitrary bodies to the API, signed correctly, to test what the SDK would never send. */
final class SignedHttp {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Response(int status, String body) {
    }

    static Response post(LocalRuntime runtime, byte[] body, Instant signedAt) throws IOException, InterruptedException {
        URI endpoint = runtime.endpoint();
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint.resolve("/"))
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8").build();
        var signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(runtime.credentials().accessKeyId(),
                        runtime.credentials().secretAccessKey()))
                .request(request).payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.REGION_NAME, runtime.region())
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "elasticloadbalancing")
                .putProperty(AwsV4FamilyHttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)));
        HttpRequest.Builder http = HttpRequest.newBuilder(endpoint.resolve("/"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.request().forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(v -> http.header(name, v));
            }
        });
        return send(http.build());
    }

    /**
     * Signs as botocore (the AWS CLI) does: content-type, host and x-amz-date only, without the
     * x-amz-content-sha256 header the Java SDK adds.
     */
    @SuppressWarnings("deprecation")
    static Response postLikeBotocore(LocalRuntime runtime, byte[] body, Instant signedAt) throws IOException, InterruptedException {
        URI endpoint = runtime.endpoint();
        var request = software.amazon.awssdk.http.SdkHttpFullRequest.builder().method(SdkHttpMethod.POST)
                .uri(endpoint.resolve("/")).putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .contentStreamProvider(ContentStreamProvider.fromByteArray(body)).build();
        var signed = software.amazon.awssdk.auth.signer.Aws4Signer.create().sign(request,
                software.amazon.awssdk.auth.signer.params.Aws4SignerParams.builder()
                        .awsCredentials(software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                                runtime.credentials().accessKeyId(), runtime.credentials().secretAccessKey()))
                        .signingName("elasticloadbalancing")
                        .signingRegion(software.amazon.awssdk.regions.Region.of(runtime.region()))
                        .signingClockOverride(Clock.fixed(signedAt, ZoneOffset.UTC)).build());
        String authorization = signed.firstMatchingHeader("Authorization").orElseThrow();
        if (authorization.contains("x-amz-content-sha256")) {
            throw new IllegalStateException("expected a botocore-style signature: " + authorization);
        }
        HttpRequest.Builder http = HttpRequest.newBuilder(endpoint.resolve("/"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(v -> http.header(name, v));
            }
        });
        return send(http.build());
    }

    static Response unsigned(LocalRuntime runtime, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(runtime.endpoint().resolve("/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static Response send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Response(r.statusCode(), r.body());
    }
}
