package io.lbctl.backend.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * ELBv2 clients: the standard credential chain (or a profile, or the local runtime's keys), a
 * region, an optional endpoint, and a retry strategy that backs off with jitter on throttling and
 * 5xx for up to {@code MAX_ATTEMPTS} attempts.
 */
public final class ElbV2Clients {
    public static final int MAX_ATTEMPTS = 10;

    private ElbV2Clients() {
    }

    /** Where and as whom to connect; empty parts take the SDK's defaults (environment, ~/.aws). */
    public record Target(Optional<String> region, Optional<String> profile, Optional<URI> endpoint,
                         Optional<AwsBasicCredentials> credentials) {
    }

    public static ElasticLoadBalancingV2Client create(Target target, ExecutionInterceptor... interceptors) {
        AwsCredentialsProvider credentials = target.credentials().<AwsCredentialsProvider>map(StaticCredentialsProvider::create)
                .orElseGet(() -> target.profile().<AwsCredentialsProvider>map(p -> ProfileCredentialsProvider.builder().profileName(p).build())
                        .orElseGet(() -> DefaultCredentialsProvider.builder().build()));
        var b = ElasticLoadBalancingV2Client.builder()
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)).build())
                .credentialsProvider(credentials)
                .overrideConfiguration(o -> {
                    o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build());
                    target.profile().ifPresent(o::defaultProfileName);
                    for (ExecutionInterceptor i : interceptors) {
                        o.addExecutionInterceptor(i);
                    }
                });
        target.region().map(Region::of).ifPresent(b::region);
        target.endpoint().ifPresent(b::endpointOverride);
        return b.build();
    }
}
