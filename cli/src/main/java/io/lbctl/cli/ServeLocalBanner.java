package io.lbctl.cli;

import io.lbctl.backend.local.LocalCredentials;
import io.lbctl.backend.local.LocalRuntime;
import io.lbctl.backend.local.TargetNetworks;
import io.lbctl.backend.local.Topology;
import io.lbctl.backend.local.store.ConditionRecord;
import io.lbctl.backend.local.store.ListenerRecord;
import io.lbctl.backend.local.store.LoadBalancerRecord;
import io.lbctl.backend.local.store.RuleRecord;
import io.lbctl.backend.local.store.StoreState;
import io.lbctl.model.Condition;
import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.Protocol;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What serve-local prints once it runs: the endpoint, how to point clients at it, and curls to try. */
final class ServeLocalBanner {
    private ServeLocalBanner() {
    }

    static void print(PrintWriter out, LocalRuntime runtime, Path dir, Topology topology, TargetNetworks networks) {
        String endpoint = runtime.endpoint().toString();
        out.println("lbctl local runtime: ELBv2 API on " + endpoint);
        out.println("  region " + topology.region() + ", account " + topology.account() + ", " + topology.vpcId());
        topology.subnets().forEach((id, s) -> out.println("  " + id + "  " + s.zone() + "  node " + s.address()));
        out.println("  contacts only: " + networks + "; " + runtime.ioThreads() + " I/O thread"
                + (runtime.ioThreads() == 1 ? "" : "s"));
        out.println("  state: " + dir + " (credentials: profile " + LocalCredentials.PROFILE + " in "
                + dir.resolve(LocalCredentials.FILE) + ")");
        out.println();
        out.println("Point the AWS CLI or an SDK at it:");
        out.println("  eval \"$(lbctl local-env" + (dir.equals(LocalStateDir.resolve(null)) ? "" : " --state-dir " + dir) + ")\"");
        out.println("  aws elbv2 describe-load-balancers --endpoint-url " + endpoint
                + "   # --endpoint-url is needed with AWS CLI before 2.13");
        List<String> tries = curls(runtime.store().state());
        if (!tries.isEmpty()) {
            out.println();
            out.println("Send traffic through its application load balancers:");
            tries.forEach(t -> out.println("  " + t));
        }
        Map<String, String> problems = new LinkedHashMap<>(runtime.alb().problems());
        problems.putAll(runtime.nlb().problems());
        problems.forEach((where, reason) -> out.println(where.startsWith("arn:")
                ? "warning: listener " + where + " cannot serve: " + reason
                : "warning: a listener cannot listen on " + where + ": " + reason
                        + " (ports below 1024 need privileges: map the listener to a local port in an overlay)"));
        out.println("Stop with Ctrl-C or SIGTERM.");
        out.flush();
    }

    /** A curl for each HTTP and HTTPS listener's default action and for each of its rules. */
    static List<String> curls(StoreState state) {
        List<String> out = new ArrayList<>();
        for (ListenerRecord l : state.listeners().values()) {
            LoadBalancerRecord lb = state.loadBalancers().get(l.loadBalancerArn());
            Protocol protocol = l.protocol().orElse(null);
            if (lb == null || lb.type() != LoadBalancerType.APPLICATION || lb.zones().isEmpty()
                    || (protocol != Protocol.HTTP && protocol != Protocol.HTTPS)) {
                continue;
            }
            // -k: the certificate names the site's host, not the node's loopback address
            String base = (protocol == Protocol.HTTPS ? "https://" : "http://") + lb.zones().get(0).address() + ":"
                    + l.port().getAsInt();
            String curl = protocol == Protocol.HTTPS ? "curl -k " : "curl ";
            state.rules().values().stream().filter(r -> r.listenerArn().equals(l.arn()))
                    .sorted(Comparator.comparingInt(RuleRecord::priority))
                    .filter(r -> r.conditions().stream().noneMatch(ConditionRecord::regex)) // no example to derive
                    .forEach(r -> out.add(curl + curl(base, r).substring("curl ".length())));
            out.add(curl + base + "/");
        }
        return out;
    }

    private static String curl(String base, RuleRecord rule) {
        StringBuilder flags = new StringBuilder();
        String path = "/";
        String query = "";
        for (var c : rule.conditions()) {
            Condition condition = c.toModel();
            String value = example(condition.values().get(0));
            switch (condition) {
                case Condition.PathPattern p -> path = value.startsWith("/") ? value : "/" + value;
                case Condition.HostHeader h -> flags.append("-H 'Host: ").append(value).append("' ");
                case Condition.HttpHeader h -> flags.append("-H '").append(h.name()).append(": ").append(value).append("' ");
                case Condition.HttpRequestMethod m -> flags.append("-X ").append(value).append(' ');
                case Condition.QueryString q -> query = "?" + q.pairs().get(0).key().orElse("q") + "="
                        + example(q.pairs().get(0).value());
                case Condition.SourceIp s -> {
                }
            }
        }
        return "curl " + flags + "'" + base + path + query + "'";
    }

    private static String example(String pattern) {
        return pattern.replace("*", "hello").replace("?", "x");
    }
}
