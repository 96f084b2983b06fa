package io.lbctl.backend.local.control;

import io.lbctl.backend.local.api.ApiActions;
import io.lbctl.backend.local.api.ApiError;
import io.lbctl.backend.local.api.QueryRequest;
import io.lbctl.backend.local.api.Xml;
import io.lbctl.backend.local.store.ListenerRecord;
import io.lbctl.backend.local.store.ResourceStore;
import io.lbctl.model.Protocol;
import io.lbctl.model.aws.AttributeCatalog;
import io.lbctl.model.aws.AttributeSpec;
import io.lbctl.model.aws.ElbLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Listener certificates (Add/Remove/Describe) and listener attributes (Describe/Modify). */
final class ListenerExtrasActions {
    private final ResourceStore store;
    private final ListenerActions listeners;
    private final LoadBalancerActions loadBalancers;

    ListenerExtrasActions(ResourceStore store, ListenerActions listeners, LoadBalancerActions loadBalancers) {
        this.store = store;
        this.listeners = listeners;
        this.loadBalancers = loadBalancers;
    }

    void register(Map<String, ApiActions.Action> actions) {
        actions.put("AddListenerCertificates", this::addCertificates);
        actions.put("RemoveListenerCertificates", this::removeCertificates);
        actions.put("DescribeListenerCertificates", this::describeCertificates);
        actions.put("DescribeListenerAttributes", this::describeAttributes);
        actions.put("ModifyListenerAttributes", this::modifyAttributes);
    }

    private ListenerRecord tlsListener(QueryRequest request) {
        ListenerRecord l = listeners.find(request.required("ListenerArn"));
        if (l.protocol().filter(Protocol::terminatesTls).isEmpty()) {
            throw ApiError.validation("Certificates can be managed only on HTTPS and TLS listeners");
        }
        return l;
    }

    private List<String> certificates(QueryRequest request) {
        List<String> given = request.structs("Certificates").stream().map(c -> c.get("CertificateArn")).toList();
        if (given.isEmpty()) {
            request.required("Certificates");
        }
        for (String c : given) {
            if (c == null || !c.matches("arn:aws[a-z-]*:(acm|iam):.+")) {
                throw ApiError.of("CertificateNotFound", "Certificate '" + c + "' not found");
            }
        }
        return given;
    }

    private void addCertificates(QueryRequest request, Xml result) {
        ListenerRecord l = tlsListener(request);
        List<String> next = new ArrayList<>(l.certificates());
        certificates(request).stream().filter(c -> !next.contains(c)).forEach(next::add);
        if (next.size() > ElbLimits.MAX_CERTIFICATES_PER_LISTENER) {
            throw ApiError.of("TooManyCertificates", "A listener can have at most "
                    + ElbLimits.MAX_CERTIFICATES_PER_LISTENER + " certificates");
        }
        ListenerRecord updated = l.with(l.port(), l.protocol(), next, l.sslPolicy(), l.alpnPolicy(), l.defaultActions());
        store.update(s -> s.withListener(updated));
        writeCertificates(updated, next.subList(1, next.size()), result);
    }

    private void removeCertificates(QueryRequest request, Xml result) {
        ListenerRecord l = tlsListener(request);
        List<String> removed = certificates(request);
        if (removed.contains(l.certificates().get(0))) {
            throw ApiError.of("OperationNotPermitted", "The default certificate cannot be removed; change it with ModifyListener");
        }
        List<String> next = new ArrayList<>(l.certificates());
        next.removeAll(removed);
        ListenerRecord updated = l.with(l.port(), l.protocol(), next, l.sslPolicy(), l.alpnPolicy(), l.defaultActions());
        store.update(s -> s.withListener(updated));
    }

    private void describeCertificates(QueryRequest request, Xml result) {
        ListenerRecord l = listeners.find(request.required("ListenerArn"));
        Paging<String> page = Paging.of(l.certificates(), request);
        writeCertificates(l, page.page(), result);
        page.nextMarker().ifPresent(m -> result.element("NextMarker", m));
    }

    private static void writeCertificates(ListenerRecord l, List<String> shown, Xml x) {
        x.start("Certificates");
        shown.forEach(c -> x.start("member").element("CertificateArn", c)
                .element("IsDefault", !l.certificates().isEmpty() && l.certificates().get(0).equals(c)).end());
        x.end();
    }

    private void describeAttributes(QueryRequest request, Xml result) {
        writeAttributes(listeners.find(request.required("ListenerArn")), result);
    }

    private void modifyAttributes(QueryRequest request, Xml result) {
        ListenerRecord l = listeners.find(request.required("ListenerArn"));
        var type = loadBalancers.find(l.loadBalancerArn()).type();
        Map<String, String> changed = AttributeParams.read(request, AttributeCatalog.Scope.LISTENER, "Listener", type,
                Optional.empty());
        if (changed.containsKey("tcp.idle_timeout.seconds") && l.protocol().filter(p -> p == Protocol.TCP).isEmpty()) {
            throw ApiError.validation("tcp.idle_timeout.seconds applies only to TCP listeners");
        }
        ListenerRecord next = l.withAttributes(changed);
        store.update(s -> s.withListener(next));
        writeAttributes(next, result);
    }

    private void writeAttributes(ListenerRecord l, Xml x) {
        var type = loadBalancers.find(l.loadBalancerArn()).type();
        x.start("Attributes");
        for (AttributeSpec spec : AttributeCatalog.all(AttributeCatalog.Scope.LISTENER)) {
            boolean applies = spec.loadBalancerTypes().contains(type)
                    && (!spec.key().equals("tcp.idle_timeout.seconds") || l.protocol().filter(p -> p == Protocol.TCP).isPresent());
            if (applies) {
                x.start("member").element("Key", spec.key())
                        .element("Value", l.attributes().getOrDefault(spec.key(), spec.defaultValue().orElse(""))).end();
            }
        }
        x.end();
    }
}
