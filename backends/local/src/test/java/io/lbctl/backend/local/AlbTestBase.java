package io.lbctl.backend.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** An application load balancer in a fresh runtime, a free listener port on its first node, and test targets. */
abstract class AlbTestBase extends LocalRuntimeTestBase {
    final TestTargets targets = new TestTargets();
    String alb;
    int port;

    @BeforeEach
    void createAlb() throws IOException {
        alb = local.elb.createLoadBalancer(r -> r.name("web").subnets("subnet-12345678", "subnet-87654321"))
                .loadBalancers().get(0).loadBalancerArn();
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
            port = probe.getLocalPort();
        }
    }

    @AfterEach
    void stopTargets() {
        targets.close();
    }
}
