package io.lbctl.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.ProxyResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.lbctl.backend.aws.ElbV2Clients;
import io.lbctl.backend.local.LocalRuntime;
import io.lbctl.backend.local.RuntimeFile;
import io.lbctl.planner.DesiredState;
import io.lbctl.planner.Ownership;
import io.lbctl.planner.Resource;
import io.lbctl.planner.ResourceKind;
import io.lbctl.schemas.SpecReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;

/**
 * A real local runtime with WireMock in front of its ELBv2 API. WireMock proxies every call to
 * the runtime, keeping the client's Host header so its SigV4 signature still verifies; stubs of
 * higher priority, chosen by the Query API body ({@code Action=CreateRule&...}), inject faults a
 * given number of times through a scenario and then let the call through. Convergence is checked
 * against the runtime directly, never through WireMock.
 */
abstract class ApplyFaultTestSupport {
    static final String STACK = "faults";
    /** Two groups (one with attributes), one ALB, one listener (with attributes), two rules, two targets. */
    static final String SPEC = """
            version: lbctl/v1
            stack: faults
            network:
              vpc: vpc-12345678
              subnets:
                subnet-12345678: { zone: us-east-1a }
                subnet-87654321: { zone: us-east-1b }
            targetGroups:
              api:
                protocol: HTTP
                port: 80
                targetType: ip
                attributes: { deregistration_delay.timeout_seconds: "0" }
                targets:
                  - { id: 10.0.1.10 }
              web:
                protocol: HTTP
                port: 80
                targetType: ip
                targets:
                  - { id: 10.0.2.10, port: 8080 }
            loadBalancers:
              front:
                type: application
                scheme: internet-facing
                subnets: [subnet-12345678, subnet-87654321]
                listeners:
                  http:
                    port: 80
                    protocol: HTTP
                    defaultAction: { forward: web }
                    attributes: { routing.http.response.server.enabled: "false" }
                    rules:
                      api:
                        priority: 10
                        conditions: { pathPattern: ["/api/*"] }
                        action: { forward: api }
                      admin:
                        priority: 20
                        conditions: { hostHeader: [admin.example.com] }
                        action: { fixedResponse: { status: 403 } }
            """;

    @TempDir
    Path state;
    @TempDir
    Path work;
    LocalRuntime runtime;
    WireMockServer wireMock;
    Path spec;
    /** Holds a call until released: before it reaches the runtime ({@code hold-before}) or after ({@code hold-after}). */
    final Hold hold = new Hold();
    private final AtomicInteger scenarios = new AtomicInteger();

    @BeforeEach
    void startRuntimeBehindWireMock() throws Exception {
        runtime = LocalRuntime.start(LocalRuntime.Settings.defaults(state).withApiPort(0));
        new RuntimeFile(runtime.endpoint(), runtime.region(), ProcessHandle.current().pid()).write(state);
        wireMock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().preserveHostHeader(true)
                .extensions(hold.before, hold.after, new LoseResponse()));
        wireMock.start();
        wireMock.stubFor(any(anyUrl()).atPriority(10).willReturn(toRuntime()));
        spec = work.resolve("lb.yaml");
        Files.writeString(spec, SPEC);
    }

    @AfterEach
    void stop() {
        hold.release();
        wireMock.stop();
        runtime.close();
    }

    String wireMockUrl() {
        return "http://127.0.0.1:" + wireMock.port();
    }

    /** lbctl in-process against the runtime, through WireMock. */
    CliRun viaWireMock(String command, String... args) {
        return CliRun.of(args(command, true, args));
    }

    /** lbctl in-process against the runtime directly. */
    CliRun direct(String command, String... args) {
        return CliRun.of(args(command, false, args));
    }

    String[] args(String command, boolean viaWireMock, String... args) {
        List<String> all = new ArrayList<>(List.of(command, spec.toString()));
        all.addAll(List.of(args));
        all.addAll(List.of("--target", "local", "--state-dir", state.toString()));
        if (viaWireMock) {
            all.addAll(List.of("--endpoint-url", wireMockUrl()));
        }
        return all.toArray(String[]::new);
    }

    /** The next {@code times} calls of {@code action} (whose body also contains {@code also}) get {@code response}; later ones pass. */
    void fault(String action, int times, ResponseDefinitionBuilder response, String... also) {
        String scenario = action + "-" + scenarios.incrementAndGet();
        for (int i = 0; i < times; i++) {
            var mapping = post(urlEqualTo("/")).atPriority(1).withRequestBody(containing("Action=" + action + "&"));
            for (String a : also) {
                mapping = mapping.withRequestBody(containing(a));
            }
            wireMock.stubFor(mapping.inScenario(scenario).whenScenarioStateIs(i == 0 ? Scenario.STARTED : "fault-" + i)
                    .willSetStateTo("fault-" + (i + 1)).willReturn(response));
        }
    }

    /** An ELBv2 error as AWS sends it: the SDK maps {@code code} to its typed exception. */
    static ResponseDefinitionBuilder error(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody("""
                <ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
                  <Error><Type>%s</Type><Code>%s</Code><Message>%s</Message></Error>
                  <RequestId>00000000-0000-0000-0000-000000000000</RequestId>
                </ErrorResponse>""".formatted(status >= 500 ? "Receiver" : "Sender", code, message));
    }

    /**
     * Passes the call on to the runtime as it came. Its signature covers the Host header, which
     * WireMock keeps (preserveHostHeader), and the Content-Type, which Jetty's header cache hands
     * WireMock as {@code charset=UTF-8} where the SDK (and botocore) signed {@code charset=utf-8}:
     * the SDK's own value goes on again, or every proxied call would fail SignatureDoesNotMatch.
     */
    ProxyResponseDefinitionBuilder toRuntime() {
        return aResponse().proxiedFrom(runtime.endpoint().toString()).withRemoveRequestHeader("Content-Type")
                .withAdditionalRequestHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    }

    /** The call reaches the runtime, which carries it out, and its answer is lost: the connection is reset instead. */
    ResponseDefinitionBuilder answerLost() {
        return toRuntime().withTransformers(LoseResponse.NAME);
    }

    /** How many calls of {@code action} reached WireMock. */
    int calls(String action) {
        return wireMock.countRequestsMatching(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("Action=" + action + "&")).build()).getCount();
    }

    /**
     * A final plan has no changes, and the runtime holds exactly the spec's resources: each
     * tagged with its own address once, nothing untagged, nothing twice.
     */
    void assertConverged() {
        CliRun plan = direct("plan", "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        assertThat(plan.out()).contains("No changes.");
        assertThat(liveResources()).containsExactlyInAnyOrderElementsOf(expectedResources());
    }

    /** The spec's resources as {@code kind address} lines; targets as {@code target group id:port}. */
    List<String> expectedResources() {
        var desired = DesiredState.of(SpecReader.read(spec).stack().orElseThrow());
        return desired.resources().values().stream().map(r -> r.kind() == ResourceKind.TARGET
                ? "target " + r.parent().orElseThrow() + " " + r.field("id").orElseThrow() + ":" + r.field("port").orElseThrow()
                : r.kind() + " " + r.address()).toList();
    }

    /** Everything the runtime holds, read through the SDK straight from its endpoint, by the addresses its tags claim. */
    List<String> liveResources() {
        List<String> out = new ArrayList<>();
        try (ElasticLoadBalancingV2Client elb = directClient()) {
            for (var tg : elb.describeTargetGroups().targetGroups()) {
                String address = owner(elb, tg.targetGroupArn());
                out.add(ResourceKind.TARGET_GROUP + " " + address);
                for (var d : elb.describeTargetHealth(b -> b.targetGroupArn(tg.targetGroupArn())).targetHealthDescriptions()) {
                    out.add("target " + address + " " + d.target().id() + ":" + d.target().port());
                }
            }
            for (var lb : elb.describeLoadBalancers().loadBalancers()) {
                out.add(ResourceKind.LOAD_BALANCER + " " + owner(elb, lb.loadBalancerArn()));
                for (var l : elb.describeListeners(b -> b.loadBalancerArn(lb.loadBalancerArn())).listeners()) {
                    out.add(ResourceKind.LISTENER + " " + owner(elb, l.listenerArn()));
                    for (var r : elb.describeRules(b -> b.listenerArn(l.listenerArn())).rules()) {
                        if (!Boolean.TRUE.equals(r.isDefault())) {
                            out.add(ResourceKind.RULE + " " + owner(elb, r.ruleArn()));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static String owner(ElasticLoadBalancingV2Client elb, String arn) {
        Map<String, String> tags = elb.describeTags(b -> b.resourceArns(arn)).tagDescriptions().get(0).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
        return STACK.equals(tags.get(Ownership.STACK_TAG)) && tags.containsKey(Ownership.RESOURCE_TAG)
                ? tags.get(Ownership.RESOURCE_TAG) : "untagged " + arn;
    }

    ElasticLoadBalancingV2Client directClient() {
        return ElbV2Clients.create(new ElbV2Clients.Target(Optional.of(runtime.region()), Optional.empty(),
                Optional.of(runtime.endpoint()), Optional.of(AwsBasicCredentials.create(runtime.credentials().accessKeyId(),
                runtime.credentials().secretAccessKey()))));
    }

    static List<String> lines(String text) {
        return text.lines().filter(l -> !l.isBlank()).toList();
    }

    /** Lets a test see a call arrive and hold it there until released. */
    static final class Hold {
        final CountDownLatch arrived = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        final ResponseDefinitionTransformerV2 before = new ResponseDefinitionTransformerV2() {
            @Override
            public ResponseDefinition transform(ServeEvent event) {
                await();
                return event.getResponseDefinition();
            }

            @Override
            public boolean applyGlobally() {
                return false;
            }

            @Override
            public String getName() {
                return "hold-before";
            }
        };
        final ResponseTransformerV2 after = new ResponseTransformerV2() {
            @Override
            public Response transform(Response response, ServeEvent event) {
                await();
                return response;
            }

            @Override
            public boolean applyGlobally() {
                return false;
            }

            @Override
            public String getName() {
                return "hold-after";
            }
        };

        private void await() {
            arrived.countDown();
            try {
                released.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        boolean awaitArrival(long time, TimeUnit unit) throws InterruptedException {
            return arrived.await(time, unit);
        }

        void release() {
            released.countDown();
        }
    }

    /** Turns a proxied answer into a reset connection: the runtime acted, the client never hears of it. */
    static final class LoseResponse implements ResponseTransformerV2 {
        static final String NAME = "lose-response";

        @Override
        public Response transform(Response response, ServeEvent event) {
            return Response.Builder.like(response).but().fault(Fault.CONNECTION_RESET_BY_PEER).build();
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }
}
