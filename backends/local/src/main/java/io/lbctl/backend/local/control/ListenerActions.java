package io.lbctl.backend.local.control;

import io.lbctl.backend.local.api.ApiActions;
import io.lbctl.backend.local.api.ApiError;
import io.lbctl.backend.local.api.QueryRequest;
import io.lbctl.backend.local.api.Xml;
import io.lbctl.backend.local.store.ActionRecord;
import io.lbctl.backend.local.store.Arns;
import io.lbctl.backend.local.store.ListenerRecord;
import io.lbctl.backend.local.store.LoadBalancerRecord;
import io.lbctl.backend.local.store.ResourceStore;
import io.lbctl.model.AlpnPolicy;
import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.Protocol;
import io.lbctl.model.aws.ElbLimits;
import io.lbctl.model.aws.ProtocolRules;
import io.lbctl.model.aws.SslPolicies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Create/Describe/Modify/Delete Listeners. */
final class ListenerActions {
    private static final String CERTIFICATE_ARN =
            "arn:aws[a-z-]*:(acm:[a-z0-9-]+:\\d{12}:certificate/[0-9a-f-]+|iam::\\d{12}:server-certificate/.+)";

    private final ResourceStore store;
    private final LoadBalancerActions loadBalancers;
    private final ActionParser parser;

    ListenerActions(ResourceStore store, LoadBalancerActions loadBalancers, ActionParser parser) {
        this.store = store;
        this.loadBalancers = loadBalancers;
        this.parser = parser;
    }

    void register(Map<String, ApiActions.Action> actions) {
        actions.put("CreateListener", this::create);
        actions.put("DescribeListeners", this::describe);
        actions.put("ModifyListener", this::modify);
        actions.put("DeleteListener", this::delete);
    }

    private void create(QueryRequest request, Xml result) {
        LoadBalancerRecord lb = loadBalancers.find(request.required("LoadBalancerArn"));
        if (request.has("MutualAuthentication")) {
            throw ApiError.validation("Mutual TLS authentication is not supported by the local runtime");
        }
        Optional<Protocol> protocol = Enums.parse(Protocol.class, request.get("Protocol"), "protocol");
        OptionalInt port = request.integer("Port");
        checkPortAndProtocol(lb, port, protocol);
        List<String> certificates = request.structs("Certificates").stream().map(c -> c.get("CertificateArn")).toList();
        Optional<String> policy = request.get("SslPolicy");
        Optional<AlpnPolicy> alpn = alpn(request);
        checkTls(protocol, certificates, policy, alpn);
        List<ActionRecord> actions = parser.parse(request, "DefaultActions", lb, protocol);
        Optional<String> effectivePolicy = protocol.filter(Protocol::terminatesTls).map(p -> policy.orElse(SslPolicies.API_DEFAULT));
        Optional<ListenerRecord> onPort = port.isPresent()
                ? listenersOf(lb.arn()).stream().filter(l -> l.port().equals(port)).findFirst() : Optional.empty();
        if (onPort.isPresent()) {
            ListenerRecord same = onPort.get();
            // AWS: CreateListener is idempotent; the same settings again answer with the listener that exists.
            if (!(same.protocol().equals(protocol) && same.certificates().equals(certificates)
                    && same.sslPolicy().equals(effectivePolicy) && same.alpnPolicy().equals(alpn)
                    && same.defaultActions().equals(actions))) {
                throw ApiError.of("DuplicateListener", "A listener already exists on this port for this load balancer");
            }
            result.start("Listeners");
            write(same, result);
            result.end();
            return;
        }
        if (listenersOf(lb.arn()).size() >= ElbLimits.MAX_LISTENERS_PER_LOAD_BALANCER) {
            throw ApiError.of("TooManyListeners", "A load balancer can have at most "
                    + ElbLimits.MAX_LISTENERS_PER_LOAD_BALANCER + " listeners");
        }
        Map<String, String> tags = TagRules.read(request);
        String arn = store.arns().listener(lb.arn(), Arns.newId());
        ListenerRecord listener = new ListenerRecord(arn, lb.arn(), port, protocol, certificates, effectivePolicy, alpn, actions,
                Map.of(), store.arns().rule(arn, Arns.newId()));
        store.update(s -> s.withListener(listener).withTags(arn, tags));
        result.start("Listeners");
        write(listener, result);
        result.end();
    }

    private void describe(QueryRequest request, Xml result) {
        List<String> arns = request.list("ListenerArns");
        Optional<String> lb = request.get("LoadBalancerArn");
        if (!arns.isEmpty() && lb.isPresent()) {
            throw ApiError.validation("Listener ARNs and a load balancer ARN cannot be specified at the same time");
        }
        if (arns.isEmpty() && lb.isEmpty()) {
            throw ApiError.validation("You must specify either listener ARNs or a load balancer ARN");
        }
        List<ListenerRecord> found = new ArrayList<>();
        if (lb.isPresent()) {
            found.addAll(listenersOf(loadBalancers.find(lb.get()).arn()));
        } else {
            arns.forEach(a -> found.add(find(a)));
        }
        Paging<ListenerRecord> page = Paging.of(found, request);
        result.start("Listeners");
        page.page().forEach(l -> write(l, result));
        result.end();
        page.nextMarker().ifPresent(m -> result.element("NextMarker", m));
    }

    private void modify(QueryRequest request, Xml result) {
        ListenerRecord l = find(request.required("ListenerArn"));
        LoadBalancerRecord lb = loadBalancers.find(l.loadBalancerArn());
        Optional<Protocol> protocol = Enums.parse(Protocol.class, request.get("Protocol"), "protocol").or(l::protocol);
        OptionalInt port = request.integer("Port");
        if (port.isEmpty()) {
            port = l.port();
        }
        checkPortAndProtocol(lb, port, protocol);
        OptionalInt newPort = port;
        if (newPort.isPresent() && listenersOf(lb.arn()).stream()
                .anyMatch(o -> !o.arn().equals(l.arn()) && o.port().equals(newPort))) {
            throw ApiError.of("DuplicateListener", "A listener already exists on this port for this load balancer");
        }
        boolean tls = protocol.filter(Protocol::terminatesTls).isPresent();
        List<String> defaults = request.has("Certificates")
                ? request.structs("Certificates").stream().map(c -> c.get("CertificateArn")).toList()
                : tls && !l.certificates().isEmpty() ? List.of(l.certificates().get(0)) : List.of();
        Optional<String> policy = request.get("SslPolicy").or(() -> tls ? l.sslPolicy() : Optional.empty());
        Optional<AlpnPolicy> alpn = request.has("AlpnPolicy") ? alpn(request)
                : protocol.filter(p -> p == Protocol.TLS).isPresent() ? l.alpnPolicy() : Optional.empty();
        checkTls(protocol, defaults, policy, alpn);
        // Certificates names the default only: those AddListenerCertificates added stay, as on AWS.
        List<String> certificates = new ArrayList<>(defaults);
        if (tls) {
            l.certificates().stream().skip(1).filter(c -> !certificates.contains(c)).forEach(certificates::add);
        }
        List<ActionRecord> actions = request.has("DefaultActions")
                ? parser.parse(request, "DefaultActions", lb, protocol) : l.defaultActions();
        ListenerRecord next = l.with(port, protocol, certificates,
                tls ? Optional.of(policy.orElse(SslPolicies.API_DEFAULT)) : Optional.empty(), alpn, actions);
        store.update(s -> s.withListener(next));
        result.start("Listeners");
        write(next, result);
        result.end();
    }

    private void delete(QueryRequest request, Xml result) {
        ListenerRecord l = find(request.required("ListenerArn"));
        store.update(s -> s.withoutListener(l.arn()));
    }

    ListenerRecord find(String arn) {
        ListenerRecord l = store.state().listeners().get(arn);
        if (l == null) {
            if (!arn.matches("arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\\d{12}:listener/(app|net|gwy)/[^/]+/[0-9a-f]+/[0-9a-f]+")) {
                throw ApiError.validation("'" + arn + "' is not a valid listener ARN");
            }
            throw ApiError.of("ListenerNotFound", "Listener '" + arn + "' not found");
        }
        return l;
    }

    private List<ListenerRecord> listenersOf(String loadBalancerArn) {
        return store.state().listeners().values().stream().filter(l -> l.loadBalancerArn().equals(loadBalancerArn)).toList();
    }

    private static void checkPortAndProtocol(LoadBalancerRecord lb, OptionalInt port, Optional<Protocol> protocol) {
        if (lb.type() == LoadBalancerType.GATEWAY) {
            if (port.isPresent()) {
                throw ApiError.validation("A port cannot be specified for gateway listeners");
            }
            if (protocol.isPresent()) {
                throw ApiError.validation("A protocol cannot be specified for gateway listeners");
            }
            return;
        }
        if (protocol.isEmpty()) {
            throw ApiError.validation("A listener protocol must be specified");
        }
        if (port.isEmpty()) {
            throw ApiError.validation("A listener port must be specified");
        }
        if (port.getAsInt() < 1 || port.getAsInt() > 65535) {
            throw ApiError.validation("1 validation error detected: Value '" + port.getAsInt() + "' at 'port' failed to "
                    + "satisfy constraint: Member must have value between 1 and 65535");
        }
        if (!ProtocolRules.listenerProtocols(lb.type()).contains(protocol.get())) {
            throw ApiError.of("UnsupportedProtocol", "Protocol '" + protocol.get() + "' is not supported by "
                    + lb.type().wireName() + " load balancers");
        }
    }

    private static void checkTls(Optional<Protocol> protocol, List<String> certificates, Optional<String> policy,
                                 Optional<AlpnPolicy> alpn) {
        boolean tls = protocol.filter(Protocol::terminatesTls).isPresent();
        if (tls && certificates.isEmpty()) {
            throw ApiError.of("CertificateNotFound", "A certificate must be specified for " + protocol.get() + " listeners");
        }
        if (!tls && !certificates.isEmpty()) {
            throw ApiError.validation("Certificates can be specified only for HTTPS and TLS listeners");
        }
        if (certificates.size() > 1) {
            throw ApiError.validation("Only one default certificate can be specified; add others with AddListenerCertificates");
        }
        for (String c : certificates) {
            if (c == null || !c.matches(CERTIFICATE_ARN)) {
                throw ApiError.of("CertificateNotFound", "Certificate '" + c + "' not found");
            }
        }
        if (policy.isPresent()) {
            if (!tls) {
                throw ApiError.validation("An SSL policy can be specified only for HTTPS and TLS listeners");
            }
            if (!SslPolicies.isKnown(policy.get())) {
                throw ApiError.of("SSLPolicyNotFound", "SSL policy '" + policy.get() + "' not found");
            }
        }
        if (alpn.isPresent() && protocol.filter(p -> p == Protocol.TLS).isEmpty()) {
            throw ApiError.validation("An ALPN policy can be specified only for TLS listeners");
        }
    }

    private static Optional<AlpnPolicy> alpn(QueryRequest request) {
        List<String> given = request.list("AlpnPolicy");
        if (given.size() > 1) {
            throw ApiError.validation("Only one ALPN policy can be specified");
        }
        return Enums.parse(AlpnPolicy.class, given.stream().findFirst(), "alpnPolicy");
    }

    void write(ListenerRecord l, Xml x) {
        x.start("member").element("ListenerArn", l.arn()).element("LoadBalancerArn", l.loadBalancerArn())
                .element("Port", l.port().isPresent() ? l.port().getAsInt() : null)
                .element("Protocol", l.protocol().map(Protocol::name).orElse(null));
        if (!l.certificates().isEmpty()) {
            x.start("Certificates");
            l.certificates().forEach(c -> x.start("member").element("CertificateArn", c).end());
            x.end();
        }
        x.element("SslPolicy", l.sslPolicy().orElse(null));
        ActionXml.actions("DefaultActions", l.defaultActions(), x);
        l.alpnPolicy().ifPresent(a -> x.start("AlpnPolicy").element("member", a.wireName()).end());
        x.end();
    }
}
