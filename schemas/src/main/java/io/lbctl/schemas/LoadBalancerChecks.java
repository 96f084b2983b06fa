package io.lbctl.schemas;

import io.lbctl.model.Address;
import io.lbctl.model.IpAddressType;
import io.lbctl.model.Listener;
import io.lbctl.model.LoadBalancer;
import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.Protocol;
import io.lbctl.model.Rule;
import io.lbctl.model.Scheme;
import io.lbctl.model.aws.AttributeCatalog;
import io.lbctl.model.aws.ElbLimits;
import io.lbctl.model.aws.ElbNames;
import io.lbctl.model.aws.ProtocolRules;
import io.lbctl.model.aws.SslPolicies;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** AWS's rules for load balancers and their listeners; rules and actions go to {@link RuleChecks}. */
final class LoadBalancerChecks {
    private final CheckContext ctx;
    private final RuleChecks rules;

    LoadBalancerChecks(CheckContext ctx) {
        this.ctx = ctx;
        this.rules = new RuleChecks(ctx);
    }

    void check(LoadBalancer lb) {
        Address at = Address.loadBalancer(lb.id());
        lb.name().ifPresent(n -> ctx.report(ElbNames.checkLoadBalancerName(n), at.child("name")));
        checkPlacement(lb, at);
        checkAddressing(lb, at);
        lb.attributes().values().forEach((key, value) -> ctx.report(AttributeCatalog.check(
                AttributeCatalog.Scope.LOAD_BALANCER, lb.type(), Optional.empty(), key, value), at.child("attributes", key)));
        ctx.checkTags(lb.tags(), at);
        if (lb.listeners().size() > ElbLimits.MAX_LISTENERS_PER_LOAD_BALANCER) {
            ctx.error("loadBalancer.listeners.limit", "load balancer has " + lb.listeners().size()
                    + " listeners; AWS allows " + ElbLimits.MAX_LISTENERS_PER_LOAD_BALANCER, at.child("listeners"));
        }
        int ruleCount = lb.listeners().values().stream().mapToInt(l -> l.rules().size()).sum();
        if (ruleCount > ElbLimits.MAX_RULES_PER_LOAD_BALANCER) {
            ctx.error("loadBalancer.rules.limit", "load balancer has " + ruleCount + " rules; AWS allows "
                    + ElbLimits.MAX_RULES_PER_LOAD_BALANCER + " (default rules not counted)",
                    "the quota can be raised through AWS Service Quotas", at.child("listeners"));
        }
        Map<Integer, String> ports = new HashMap<>();
        for (Listener listener : lb.listeners().values()) {
            Address la = at.child("listeners", listener.id());
            listener.port().ifPresent(port -> {
                String other = ports.putIfAbsent(port, listener.id());
                if (other != null) {
                    ctx.error("listener.port.duplicate", "port " + port + " is already used by listener '" + other + "'",
                            lb.type() == LoadBalancerType.NETWORK ? "to take TCP and UDP on one port use protocol TCP_UDP" : null,
                            la.child("port"));
                }
            });
            checkListener(lb, listener, la);
        }
    }

    private void checkPlacement(LoadBalancer lb, Address at) {
        Map<String, String> zones = new HashMap<>();
        List<String> subnets = lb.subnets();
        for (int i = 0; i < subnets.size(); i++) {
            String subnet = subnets.get(i);
            Address sa = at.child("subnets").index(i);
            Optional<String> zone = ctx.stack.network().zoneOf(subnet);
            if (zone.isEmpty()) {
                ctx.error("reference.subnet", "subnet " + subnet + " is not declared under network.subnets",
                        "declare it there with its zone: " + subnet + ": { zone: us-east-1a }", sa);
                continue;
            }
            String other = zones.putIfAbsent(zone.get(), subnet);
            if (other != null) {
                ctx.error("loadBalancer.subnets.zone", "subnets " + other + " and " + subnet + " are both in "
                        + zone.get() + "; a load balancer takes one subnet per Availability Zone", sa);
            }
        }
        if (lb.type() == LoadBalancerType.APPLICATION && zones.size() == 1 && subnets.size() == zones.size()) {
            ctx.error("loadBalancer.subnets.zones", "an application load balancer needs subnets in at least two "
                    + "Availability Zones", at.child("subnets"));
        }
        if (lb.securityGroups().size() > ElbLimits.MAX_SECURITY_GROUPS) {
            ctx.error("loadBalancer.securityGroups.limit", "load balancer has " + lb.securityGroups().size()
                    + " security groups; AWS allows " + ElbLimits.MAX_SECURITY_GROUPS, at.child("securityGroups"));
        }
        if (lb.type() == LoadBalancerType.GATEWAY && !lb.securityGroups().isEmpty()) {
            ctx.keyError("loadBalancer.securityGroups.gateway", "gateway load balancers have no security groups",
                    null, at.child("securityGroups"));
        }
    }

    private void checkAddressing(LoadBalancer lb, Address at) {
        if (lb.type() == LoadBalancerType.GATEWAY && ctx.written(at.child("scheme"))) {
            ctx.keyError("loadBalancer.scheme.gateway", "a gateway load balancer takes no scheme",
                    "AWS refuses a scheme for gateway load balancers; they are always internal", at.child("scheme"));
        }
        IpAddressType type = lb.ipAddressType();
        if (type == IpAddressType.IPV6) {
            ctx.error("loadBalancer.ipAddressType", "ipv6 is a target-group address type; load balancers use "
                    + "ipv4, dualstack or dualstack-without-public-ipv4", at.child("ipAddressType"));
        } else if (type == IpAddressType.DUALSTACK_WITHOUT_PUBLIC_IPV4
                && (lb.type() != LoadBalancerType.APPLICATION || lb.scheme() != Scheme.INTERNET_FACING)) {
            ctx.error("loadBalancer.ipAddressType", "dualstack-without-public-ipv4 is only for internet-facing "
                    + "application load balancers", at.child("ipAddressType"));
        }
    }

    private void checkListener(LoadBalancer lb, Listener l, Address at) {
        if (lb.type() == LoadBalancerType.GATEWAY) {
            if (l.port().isPresent() || l.protocol().isPresent()) {
                ctx.keyError("listener.gateway.port", "a gateway load balancer's listener takes no port or protocol",
                        "it receives all traffic as GENEVE on port 6081", at.child(l.port().isPresent() ? "port" : "protocol"));
            }
        } else {
            if (l.port().isEmpty()) {
                ctx.keyError("listener.port.missing", "listener '" + l.id() + "' needs a port", null, at);
            }
            if (l.protocol().isEmpty()) {
                ctx.keyError("listener.protocol.missing", "listener '" + l.id() + "' needs a protocol", null, at);
            } else if (!ProtocolRules.listenerProtocols(lb.type()).contains(l.protocol().get())) {
                ctx.error("listener.protocol", lb.type().wireName() + " load balancers cannot have "
                        + l.protocol().get() + " listeners", lb.type().wireName() + " listeners use "
                        + String.join(", ", ProtocolRules.listenerProtocols(lb.type()).stream().map(Protocol::name).toList()),
                        at.child("protocol"));
            }
        }
        checkTls(l, at);
        l.attributes().values().forEach((key, value) -> {
            ctx.report(AttributeCatalog.check(AttributeCatalog.Scope.LISTENER, lb.type(), Optional.empty(), key, value),
                    at.child("attributes", key));
            if (key.equals("tcp.idle_timeout.seconds") && l.protocol().filter(p -> p == Protocol.TCP).isEmpty()
                    && lb.type() == LoadBalancerType.NETWORK) {
                ctx.error("attribute.scope", "tcp.idle_timeout.seconds applies only to TCP listeners",
                        at.child("attributes", key));
            }
        });
        ctx.checkTags(l.tags(), at);
        rules.checkAction(lb, l, l.defaultAction(), at.child("defaultAction"));
        if (!l.rules().isEmpty() && lb.type() != LoadBalancerType.APPLICATION) {
            ctx.keyError("listener.rules.type", "only application load balancers' listeners have rules",
                    "network and gateway listeners forward everything to their default action", at.child("rules"));
            return;
        }
        Map<Integer, String> priorities = new HashMap<>();
        for (Rule rule : l.rules().values()) {
            Address ra = at.child("rules", rule.id());
            String other = priorities.putIfAbsent(rule.priority(), rule.id());
            if (other != null) {
                ctx.error("rule.priority.duplicate", "priority " + rule.priority() + " is already used by rule '"
                        + other + "' on this listener", "priorities must be unique per listener", ra.child("priority"));
            }
            rules.checkRule(lb, l, rule, ra);
        }
        rules.checkListenerWide(lb, l, at);
    }

    private void checkTls(Listener l, Address at) {
        boolean tls = l.protocol().map(Protocol::terminatesTls).orElse(false);
        if (tls && l.certificates().isEmpty()) {
            ctx.keyError("listener.certificates.missing", l.protocol().get() + " listeners need a certificate",
                    "add certificates: [<ACM certificate ARN>]; locally an overlay maps the ARN to PEM files", at);
        }
        if (!tls && !l.certificates().isEmpty()) {
            ctx.keyError("listener.certificates.protocol", "only HTTPS and TLS listeners take certificates", null,
                    at.child("certificates"));
        }
        if (l.certificates().size() > ElbLimits.MAX_CERTIFICATES_PER_LISTENER) {
            ctx.error("listener.certificates.limit", "listener has " + l.certificates().size()
                    + " certificates; AWS allows " + ElbLimits.MAX_CERTIFICATES_PER_LISTENER, at.child("certificates"));
        }
        for (int i = 0; i < l.certificates().size(); i++) {
            String arn = l.certificates().get(i);
            if (!arn.matches("arn:aws[a-z-]*:(acm|iam)::?[a-z0-9-]*:\\d{12}:(certificate|server-certificate)/.+")) {
                ctx.error("listener.certificate.arn", "'" + arn + "' is not an ACM or IAM certificate ARN",
                        at.child("certificates").index(i));
            }
        }
        l.sslPolicy().ifPresent(policy -> {
            if (!tls) {
                ctx.keyError("listener.sslPolicy.protocol", "only HTTPS and TLS listeners take an SSL policy", null,
                        at.child("sslPolicy"));
            } else if (!SslPolicies.isKnown(policy)) {
                ctx.error("listener.sslPolicy.unknown", "unknown SSL policy '" + policy + "'",
                        Suggestions.nearest(policy, SslPolicies.NAMES).map(s -> "did you mean '" + s + "'?")
                                .orElse("see DescribeSSLPolicies for the names AWS knows"), at.child("sslPolicy"));
            }
        });
        if (l.alpnPolicy().isPresent() && l.protocol().filter(p -> p == Protocol.TLS).isEmpty()) {
            ctx.keyError("listener.alpnPolicy.protocol", "only TLS listeners take an ALPN policy", null,
                    at.child("alpnPolicy"));
        }
    }
}
