package io.lbctl.schemas;

import io.lbctl.model.Address;
import io.lbctl.model.ClassicLoadBalancer;
import io.lbctl.model.aws.ElbNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** AWS's rules for Classic Load Balancers (ELB API 2012-06-01). */
final class ClassicChecks {
    private static final Set<String> LAYER7 = Set.of("HTTP", "HTTPS");

    private final CheckContext ctx;

    ClassicChecks(CheckContext ctx) {
        this.ctx = ctx;
    }

    void check(ClassicLoadBalancer clb) {
        Address at = Address.of("classicLoadBalancers", clb.id());
        clb.name().ifPresent(n -> ctx.report(ElbNames.checkLoadBalancerName(n), at.child("name")));
        for (int i = 0; i < clb.subnets().size(); i++) {
            if (ctx.stack.network().zoneOf(clb.subnets().get(i)).isEmpty()) {
                ctx.error("reference.subnet", "subnet " + clb.subnets().get(i) + " is not declared under network.subnets",
                        at.child("subnets").index(i));
            }
        }
        Map<Integer, String> ports = new HashMap<>();
        clb.listeners().values().forEach(l -> {
            Address la = at.child("listeners", l.id());
            String other = ports.putIfAbsent(l.port(), l.id());
            if (other != null) {
                ctx.error("listener.port.duplicate", "port " + l.port() + " is already used by listener '" + other + "'",
                        la.child("port"));
            }
            if (LAYER7.contains(l.protocol()) != LAYER7.contains(l.instanceProtocol())) {
                ctx.error("classic.listener.protocols", l.protocol() + " listeners cannot pass traffic to "
                        + l.instanceProtocol() + " instances", "HTTP and HTTPS pair with HTTP or HTTPS; TCP and SSL with TCP or SSL",
                        la.child("instanceProtocol"));
            }
            boolean secure = l.protocol().equals("HTTPS") || l.protocol().equals("SSL");
            if (secure && l.certificate().isEmpty()) {
                ctx.keyError("listener.certificates.missing", l.protocol() + " listeners need a certificate",
                        null, la);
            }
            if (!secure && l.certificate().isPresent()) {
                ctx.keyError("listener.certificates.protocol", "only HTTPS and SSL listeners take a certificate",
                        null, la.child("certificate"));
            }
        });
        var hc = clb.healthCheck();
        Address ha = at.child("healthCheck");
        if (!hc.target().matches("(HTTP|HTTPS):\\d{1,5}/\\S{0,1024}|(TCP|SSL):\\d{1,5}")) {
            ctx.error("classic.healthCheck.target", "health-check target '" + hc.target()
                    + "' must be HTTP:port/path, HTTPS:port/path, TCP:port or SSL:port", ha.child("target"));
        }
        range(hc.intervalSeconds(), 5, 300, "intervalSeconds", ha);
        range(hc.timeoutSeconds(), 2, 60, "timeoutSeconds", ha);
        range(hc.healthyThreshold(), 2, 10, "healthyThreshold", ha);
        range(hc.unhealthyThreshold(), 2, 10, "unhealthyThreshold", ha);
        if (hc.timeoutSeconds() >= hc.intervalSeconds()) {
            ctx.error("healthCheck.timeout.interval", "health-check timeout must be smaller than the interval",
                    ha.child("timeoutSeconds"));
        }
        range(clb.idleTimeoutSeconds(), 1, 4000, "idleTimeoutSeconds", at);
        clb.connectionDrainingSeconds().ifPresent(s -> range(s, 1, 3600, "connectionDrainingSeconds", at));
        List<String> instances = clb.instances();
        for (int i = 0; i < instances.size(); i++) {
            if (!instances.get(i).matches("i-[0-9a-f]{8}([0-9a-f]{9})?")) {
                ctx.error("target.id.instance", "'" + instances.get(i) + "' is not an EC2 instance id",
                        at.child("instances").index(i));
            }
        }
        ctx.checkTags(clb.tags(), at);
    }

    private void range(int value, int min, int max, String key, Address owner) {
        if (value < min || value > max) {
            ctx.error("classic.range", key + " is " + value + "; AWS allows " + min + "-" + max, owner.child(key));
        }
    }
}
