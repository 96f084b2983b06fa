package io.lbctl.backend.local;

import java.net.URI;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/** A running local runtime on a free loopback port, and real SDK clients for it. */
final class RuntimeFixture implements AutoCloseable {
    final Path stateDir;
    final MutableClock clock = new MutableClock();
    LocalRuntime runtime;
    ElasticLoadBalancingV2Client elb;

    RuntimeFixture(Path stateDir) throws InterruptedException {
        this.stateDir = stateDir;
        start();
    }

    void start() throws InterruptedException {
        runtime = LocalRuntime.start(LocalRuntime.Settings.defaults(stateDir).withClock(clock));
        elb = client(runtime.credentials().accessKeyId(), runtime.credentials().secretAccessKey());
    }

    /** Stops and starts again on the same state directory, as a serve-local restart does. */
    void restart() throws InterruptedException {
        close();
        start();
    }

    ElasticLoadBalancingV2Client client(String accessKey, String secret) {
        return ElasticLoadBalancingV2Client.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    URI endpoint() {
        return runtime.endpoint();
    }

    @Override
    public void close() {
        elb.close();
        runtime.close();
    }
}
