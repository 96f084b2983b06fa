package io.lbctl.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;

/**
 * Real HTTP through an application load balancer made with the SDK: requests to the zone nodes'
 * loopback addresses reach the targets the rules choose, with ALB's headers and error codes.
 */
@SuppressWarnings("unchecked") // the SDK builders take Consumer varargs
class AlbDataPlaneTest extends AlbTestBase {

    /** A target that answers with its name, the request path and the headers ALB added. */
    private int backend(String name) {
        return targets.start(exchange -> new TestTargets.Answer(200, name + " " + exchange.getRequestURI()
                + " xff=" + exchange.getRequestHeaders().getFirst("X-Forwarded-For")
                + " proto=" + exchange.getRequestHeaders().getFirst("X-Forwarded-Proto")
                + " port=" + exchange.getRequestHeaders().getFirst("X-Forwarded-Port")
                + " host=" + exchange.getRequestHeaders().getFirst("Host")
                + " trace=" + exchange.getRequestHeaders().getFirst("X-Amzn-Trace-Id")));
    }

    private String group(String name, int... ports) {
        String arn = local.elb.createTargetGroup(r -> r.name(name).protocol("HTTP").port(80).vpcId("vpc-12345678")
                .targetType("ip")).targetGroups().get(0).targetGroupArn();
        for (int p : ports) {
            local.elb.registerTargets(r -> r.targetGroupArn(arn).targets(t -> t.id("127.0.0.1").port(p)));
        }
        return arn;
    }

    private String listener(String defaultGroup) {
        return local.elb.createListener(r -> r.loadBalancerArn(alb).protocol("HTTP").port(port)
                .defaultActions(a -> a.type("forward").targetGroupArn(defaultGroup))).listeners().get(0).listenerArn();
    }

    @Test
    void rulesRouteRealRequestsToTheirTargetsWithAlbHeaders() throws Exception {
        String api = group("api", backend("api"));
        String web = group("web", backend("web"));
        String listener = listener(web);
        local.elb.createRule(r -> r.listenerArn(listener).priority(10)
                .conditions(c -> c.field("path-pattern").values("/api/*"))
                .actions(a -> a.type("forward").targetGroupArn(api)));
        local.elb.createRule(r -> r.listenerArn(listener).priority(20)
                .conditions(c -> c.field("host-header").values("admin.example.com"))
                .actions(a -> a.type("fixed-response").fixedResponseConfig(f -> f.statusCode("200")
                        .contentType("text/plain").messageBody("admin says hi"))));
        local.elb.createRule(r -> r.listenerArn(listener).priority(30)
                .conditions(c -> c.field("path-pattern").values("/old/*"))
                .actions(a -> a.type("redirect").redirectConfig(x -> x.protocol("HTTPS").port("443").statusCode("HTTP_301"))));

        RawHttp.Response apiResponse = RawHttp.get("127.0.0.2", port, "/api/users?x=1", "shop.example.com");
        assertThat(apiResponse.status()).isEqualTo(200);
        assertThat(apiResponse.body()).startsWith("api /api/users?x=1 xff=127.0.0.1 proto=http port=" + port
                + " host=shop.example.com:" + port + " trace=Root=1-");
        assertThat(RawHttp.get("127.0.0.3", port, "/", "shop.example.com").body()).startsWith("web / ");
        RawHttp.Response admin = RawHttp.get("127.0.0.2", port, "/api/users", "ADMIN.example.com");
        assertThat(admin.body()).startsWith("api ");
        RawHttp.Response fixed = RawHttp.get("127.0.0.2", port, "/", "ADMIN.example.com");
        assertThat(fixed.status()).isEqualTo(200);
        assertThat(fixed.body()).isEqualTo("admin says hi");
        assertThat(fixed.header("Server")).isEqualTo("awselb/2.0");
        RawHttp.Response redirect = RawHttp.get("127.0.0.2", port, "/old/a/b?x=1", "h.example.com");
        assertThat(redirect.status()).isEqualTo(301);
        assertThat(redirect.header("Location")).isEqualTo("https://h.example.com:443/old/a/b?x=1");
        RawHttp.Response chained = RawHttp.get("127.0.0.2", port, "/", "shop.example.com", "X-Forwarded-For: 203.0.113.7");
        assertThat(chained.body()).contains("xff=203.0.113.7, 127.0.0.1");
    }

    @Test
    void regexConditionsRouteRequestsAndAreDescribedAsRegexValues() throws Exception {
        String api = group("api", backend("api"));
        String mobile = group("mobile", backend("mobile"));
        String eu = group("eu", backend("eu"));
        String web = group("web", backend("web"));
        String listener = listener(web);
        local.elb.createRule(r -> r.listenerArn(listener).priority(10)
                .conditions(c -> c.field("http-header").httpHeaderConfig(h -> h.httpHeaderName("User-Agent")
                        .regexValues("Mobile(/[0-9A-Z]+)? Safari$")))
                .actions(a -> a.type("forward").targetGroupArn(mobile)));
        local.elb.createRule(r -> r.listenerArn(listener).priority(20)
                .conditions(c -> c.field("path-pattern").pathPatternConfig(p -> p.regexValues("^/api/v[0-9]+/", "^/graphql$")))
                .actions(a -> a.type("forward").targetGroupArn(api)));
        local.elb.createRule(r -> r.listenerArn(listener).priority(30)
                .conditions(c -> c.field("host-header").regexValues("^(de|fr|it)\\.shop\\.example\\.com$"))
                .actions(a -> a.type("forward").targetGroupArn(eu)));

        assertThat(RawHttp.get("127.0.0.2", port, "/api/v2/users", "h.com").body()).startsWith("api ");
        assertThat(RawHttp.get("127.0.0.2", port, "/graphql", "h.com").body()).startsWith("api ");
        assertThat(RawHttp.get("127.0.0.2", port, "/graphql/x", "h.com").body()).startsWith("web ");
        assertThat(RawHttp.get("127.0.0.2", port, "/api/vX/users", "h.com").body()).startsWith("web ");
        assertThat(RawHttp.get("127.0.0.2", port, "/", "fr.shop.example.com").body()).startsWith("eu ");
        assertThat(RawHttp.get("127.0.0.2", port, "/", "es.shop.example.com").body()).startsWith("web ");
        assertThat(RawHttp.get("127.0.0.2", port, "/api/v1/x", "h.com",
                "User-Agent: Mozilla/5.0 (iPhone) Mobile/15E148 Safari").body()).startsWith("mobile ");
        assertThat(RawHttp.get("127.0.0.2", port, "/api/v1/x", "h.com",
                "User-Agent: Mozilla/5.0 (X11) Safari").body()).startsWith("api ");

        var described = local.elb.describeRules(r -> r.listenerArn(listener)).rules().stream()
                .filter(r -> r.priority().equals("20")).findFirst().orElseThrow().conditions().get(0);
        assertThat(described.pathPatternConfig().regexValues()).containsExactly("^/api/v[0-9]+/", "^/graphql$");
        assertThat(described.regexValues()).containsExactly("^/api/v[0-9]+/", "^/graphql$");
        assertThat(described.pathPatternConfig().values()).isEmpty();
    }

    @Test
    void aRegexAwsDoesNotSupportIsRefusedByTheApi() {
        String web = group("web", backend("web"));
        String listener = listener(web);
        assertThatThrownBy(() -> local.elb.createRule(r -> r.listenerArn(listener).priority(10)
                .conditions(c -> c.field("path-pattern").pathPatternConfig(p -> p.regexValues("^/(?!admin)")))
                .actions(a -> a.type("forward").targetGroupArn(web))))
                .isInstanceOf(ElasticLoadBalancingV2Exception.class)
                .hasMessageContaining("lookahead");
        assertThatThrownBy(() -> local.elb.createRule(r -> r.listenerArn(listener).priority(10)
                .conditions(c -> c.field("path-pattern").pathPatternConfig(p -> p.values("/a/*").regexValues("^/a")))
                .actions(a -> a.type("forward").targetGroupArn(web))))
                .isInstanceOf(ElasticLoadBalancingV2Exception.class)
                .hasMessageContaining("cannot both be specified");
        assertThatThrownBy(() -> local.elb.createRule(r -> r.listenerArn(listener).priority(10)
                .conditions(c -> c.field("http-request-method").regexValues("^GET$"))
                .actions(a -> a.type("forward").targetGroupArn(web))))
                .isInstanceOf(ElasticLoadBalancingV2Exception.class)
                .hasMessageContaining("RegexValues can be specified only");
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderAndNothingAfterAClosingAnswer() throws Exception {
        int slow = targets.start(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/first")) {
                try {
                    Thread.sleep(300); // the later requests arrive while this one is at the target
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new TestTargets.Answer(200, "answer " + exchange.getRequestURI().getPath());
        });
        listener(group("pipeline", slow));
        try (java.net.Socket s = new java.net.Socket("127.0.0.2", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /first HTTP/1.1\r\nHost: h.com\r\n\r\n"
                    + "GET /second HTTP/1.1\r\nHost: h.com\r\n\r\n"
                    + "GET /third HTTP/1.1\r\nHost: h.com\r\nConnection: close\r\n\r\n"
                    + "GET /never HTTP/1.1\r\nHost: h.com\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String all = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(all.split("HTTP/1.1 200 ", -1)).hasSize(4);
            assertThat(all.indexOf("answer /first")).isLessThan(all.indexOf("answer /second"));
            assertThat(all.indexOf("answer /second")).isLessThan(all.indexOf("answer /third"));
            assertThat(all).doesNotContain("/never");
        }
    }

    @Test
    void aNewRuleTakesEffectOnTheNextRequest() throws Exception {
        String web = group("web", backend("web"));
        String api = group("api", backend("api"));
        String listener = listener(web);
        assertThat(RawHttp.get("127.0.0.2", port, "/api/x", "h.com").body()).startsWith("web ");
        local.elb.createRule(r -> r.listenerArn(listener).priority(1)
                .conditions(c -> c.field("path-pattern").values("/api/*"))
                .actions(a -> a.type("forward").targetGroupArn(api)));
        assertThat(RawHttp.get("127.0.0.2", port, "/api/x", "h.com").body()).startsWith("api ");
        local.elb.deleteListener(r -> r.listenerArn(listener));
        assertThat(local.runtime.alb().boundAddresses()).isEmpty();
    }

    @Test
    void roundRobinAndWeightsSpreadRequests() throws Exception {
        String pair = group("pair", backend("one"), backend("two"));
        String solo = group("solo", backend("solo"));
        String listener = local.elb.createListener(r -> r.loadBalancerArn(alb).protocol("HTTP").port(port)
                .defaultActions(Action.builder().type("forward").forwardConfig(f -> f.targetGroups(
                        t -> t.targetGroupArn(pair).weight(3), t -> t.targetGroupArn(solo).weight(1))).build()))
                .listeners().get(0).listenerArn();
        // Counted once both are healthy: while one passed its first check and the other had not,
        // only the healthy one would take requests, and the split would not be round robin's.
        await(() -> local.elb.describeTargetHealth(r -> r.targetGroupArn(pair)).targetHealthDescriptions().stream()
                .allMatch(d -> d.targetHealth().stateAsString().equals("healthy")), 10);
        Map<String, Integer> hits = new HashMap<>();
        for (int i = 0; i < 400; i++) {
            String who = RawHttp.get("127.0.0.2", port, "/", "h.com").body().split(" ")[0];
            hits.merge(who, 1, Integer::sum);
        }
        assertThat(hits.get("solo")).isBetween(60, 140);
        assertThat(hits.get("one") + hits.get("two")).isBetween(260, 340);
        assertThat(Math.abs(hits.get("one") - hits.get("two"))).isLessThanOrEqualTo(1);
        assertThat(listener).isNotNull();
    }

    @Test
    void noTargetsGives503AndARefusedTargetGives502() throws Exception {
        String empty = group("empty");
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String dead = group("dead", closed);
        String listener = listener(empty);
        assertThat(RawHttp.get("127.0.0.2", port, "/", "h.com").status()).isEqualTo(503);
        local.elb.modifyListener(r -> r.listenerArn(listener).defaultActions(a -> a.type("forward").targetGroupArn(dead)));
        RawHttp.Response bad = RawHttp.get("127.0.0.2", port, "/", "h.com");
        assertThat(bad.status()).isEqualTo(502);
        assertThat(bad.body()).contains("<h1>502 Bad Gateway</h1>");
    }

    @Test
    void connectionsToTargetsAreKeptAliveAndReused() throws Exception {
        java.util.Set<Integer> clientPorts = java.util.concurrent.ConcurrentHashMap.newKeySet();
        int port1 = targets.start(exchange -> {
            if (!"ELB-HealthChecker/2.0".equals(exchange.getRequestHeaders().getFirst("User-Agent"))) {
                clientPorts.add(exchange.getRemoteAddress().getPort());
            }
            return new TestTargets.Answer(200, "pooled");
        });
        listener(group("pooled", port1));
        for (int i = 0; i < 20; i++) {
            assertThat(RawHttp.get("127.0.0.2", port, "/", "h.com").body()).isEqualTo("pooled");
        }
        // one pool per event loop, so at most one connection per loop (20 without pooling)
        assertThat(clientPorts).as("20 sequential requests over kept-alive target connections")
                .hasSizeLessThanOrEqualTo(2 * Runtime.getRuntime().availableProcessors());
    }

    @Test
    void aTargetThatDropsItsKeptAliveConnectionStillGetsEveryRequest() throws Exception {
        try (ServerSocket target = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                while (!target.isClosed()) {
                    try (java.net.Socket s = target.accept()) {
                        var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                                java.nio.charset.StandardCharsets.ISO_8859_1));
                        String line;
                        while ((line = in.readLine()) != null && !line.isEmpty()) {
                            // read the request head; GETs have no body
                        }
                        // claims keep-alive, then closes: the next request on this connection must be retried
                        s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndrop"
                                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                    } catch (IOException e) {
                        // closed at the end of the test
                    }
                }
            });
            server.setDaemon(true);
            server.start();
            String tg = local.elb.createTargetGroup(r -> r.name("dropper").protocol("HTTP").port(80).vpcId("vpc-12345678")
                    .targetType("ip")).targetGroups().get(0).targetGroupArn();
            local.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("127.0.0.1").port(target.getLocalPort())));
            listener(tg);
            for (int i = 0; i < 10; i++) {
                RawHttp.Response r = RawHttp.get("127.0.0.2", port, "/", "h.com");
                assertThat(r.status()).as("request " + i).isEqualTo(200);
                assertThat(r.body()).isEqualTo("drop");
            }
        }
    }

    @Test
    void moreThanThirtyForwardedAddressesGive463() throws Exception {
        listener(group("web", backend("web")));
        String thirty = String.join(", ", java.util.Collections.nCopies(30, "192.0.2.1"));
        assertThat(RawHttp.get("127.0.0.2", port, "/", "h.com", "X-Forwarded-For: " + thirty).status()).isEqualTo(200);
        assertThat(RawHttp.get("127.0.0.2", port, "/", "h.com", "X-Forwarded-For: " + thirty + ", 192.0.2.2").status())
                .isEqualTo(463);
    }

    @Test
    void targetsOutsideTheTargetNetworksAreNeverContacted() throws Exception {
        String far = local.elb.createTargetGroup(r -> r.name("far").protocol("HTTP").port(80).vpcId("vpc-12345678")
                .targetType("ip")).targetGroups().get(0).targetGroupArn();
        local.elb.registerTargets(r -> r.targetGroupArn(far).targets(t -> t.id("10.0.1.100").port(8080)));
        listener(far);
        assertThat(RawHttp.get("127.0.0.2", port, "/", "h.com").status()).isEqualTo(502);
    }

    @Test
    void twoLoadBalancersOfOneSubnetOnOnePortAreReportedNotSilentlyMerged() throws Exception {
        String web = group("web", backend("web"));
        String first = listener(web);
        String other = local.elb.createLoadBalancer(r -> r.name("other").subnets("subnet-12345678", "subnet-87654321"))
                .loadBalancers().get(0).loadBalancerArn();
        String second = local.elb.createListener(r -> r.loadBalancerArn(other).protocol("HTTP").port(port)
                .defaultActions(a -> a.type("fixed-response").fixedResponseConfig(f -> f.statusCode("418"))))
                .listeners().get(0).listenerArn();

        assertThat(local.runtime.alb().problems().get(second)).contains("is taken by " + first).contains("overlay");
        assertThat(RawHttp.get("127.0.0.2", port, "/", "h.com").body()).as("the first keeps its port").startsWith("web ");
    }
}
