package io.lbctl.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Half-closed TCP through a network load balancer: a FIN from one side reaches the other as the
 * end of what it reads, while the other direction stays open, as a relay at the TCP level must
 * (a client that sends a request and its FIN, as some RPC and shell protocols do, still gets the
 * answer). The connection ends, on both hops, once both sides are done.
 */
@SuppressWarnings("unchecked") // the SDK builders take Consumer varargs
class NlbHalfCloseTest extends LocalRuntimeTestBase {
    private static final String NODE = "127.0.0.2";
    private final LineTargets targets = new LineTargets();
    private LineTargets.Target target;
    private int port;

    @BeforeEach
    void listener() throws IOException {
        String nlb = local.elb.createLoadBalancer(r -> r.name("net").type("network").subnets("subnet-12345678"))
                .loadBalancers().get(0).loadBalancerArn();
        port = LineClient.freePort(NODE);
        target = targets.start("t", "127.0.0.1");
        // Health checks go to a closed port, so that only the tests' own connections reach the target;
        // a target still initial after them serves anyway (the node fails open).
        String tg = local.elb.createTargetGroup(r -> r.name("tcp").protocol("TCP").port(80).vpcId("vpc-12345678")
                .targetType("ip").healthCheckPort("1")).targetGroups().get(0).targetGroupArn();
        local.elb.registerTargets(r -> r.targetGroupArn(tg).targets(x -> x.id(target.host).port(target.port)));
        local.elb.createListener(r -> r.loadBalancerArn(nlb).protocol("TCP").port(port)
                .defaultActions(a -> a.type("forward").targetGroupArn(tg)));
    }

    @AfterEach
    void stopTargets() {
        targets.close();
    }

    @Test
    void aClientsFinReachesTheTargetAndTheTargetsAnswerStillReachesTheClient() throws Exception {
        target.mode = LineTargets.Mode.ANSWER_AFTER_FIN;
        try (LineClient client = new LineClient(null, NODE, port)) {
            client.write("one");
            client.write("two");
            client.socket.shutdownOutput();
            assertThat(target.received.poll(5, TimeUnit.SECONDS)).isEqualTo("one");
            assertThat(target.received.poll(5, TimeUnit.SECONDS)).isEqualTo("two");
            assertThat(target.received.poll(5, TimeUnit.SECONDS)).as("the client's FIN, passed on").isEqualTo("EOF");
            Thread.sleep(200);
            assertThat(local.runtime.nlb().openConnections()).as("half-closed, both hops still open").isEqualTo(2);

            target.answerGate.countDown();
            assertThat(client.readLine()).isEqualTo("t|" + NODE + "|got 2 lines: one,two");
            assertThat(client.readLine()).as("then the target's FIN").isNull();
        }
        await(() -> local.runtime.nlb().openConnections() == 0, 5);
    }

    @Test
    void aTargetsFinReachesTheClientAndTheClientsDataStillReachesTheTarget() throws Exception {
        target.mode = LineTargets.Mode.FIN_FIRST;
        try (LineClient client = new LineClient(null, NODE, port)) {
            assertThat(client.readLine()).isEqualTo("t|" + NODE + "|bye");
            assertThat(client.readLine()).as("the target's FIN, passed on").isNull();
            Thread.sleep(200);
            assertThat(local.runtime.nlb().openConnections()).as("half-closed, both hops still open").isEqualTo(2);

            client.write("after your fin");
            assertThat(target.received.poll(5, TimeUnit.SECONDS)).isEqualTo("after your fin");
            client.socket.shutdownOutput();
            assertThat(target.received.poll(5, TimeUnit.SECONDS)).isEqualTo("EOF");
        }
        await(() -> local.runtime.nlb().openConnections() == 0, 5);
    }
}
