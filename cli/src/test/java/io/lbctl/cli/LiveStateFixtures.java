package io.lbctl.cli;

import io.lbctl.backend.local.store.Arns;
import io.lbctl.model.Address;
import io.lbctl.model.LoadBalancerType;
import io.lbctl.model.aws.SslPolicies;
import io.lbctl.planner.Resource;
import io.lbctl.planner.ResourceKind;
import io.lbctl.planner.State;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A desired state turned into what {@code LiveStateReader} would read back once it is applied,
 * without an API: the reader rebuilds model records with no {@code name} (the physical name is
 * the resource's {@link Resource#name()} only), gets the settings AWS fills in when a request
 * leaves them out (an HTTP target group's protocol version HTTP1, an HTTPS listener's SSL policy
 * ELBSecurityPolicy-2016-08), lists a listener's rules by priority, and carries an ARN on every
 * resource but targets (DescribeTargetHealth gives targets none). ARNs have AWS's shape, with a
 * resource id of 16 hex digits hashed from the stack and address, so goldens never change by chance.
 */
final class LiveStateFixtures {
    static final Arns ARNS = new Arns("us-east-1", "123456789012");

    private LiveStateFixtures() {
    }

    static State live(State desired) {
        Map<Address, String> arns = new HashMap<>();
        List<Resource> out = new ArrayList<>();
        for (Resource r : desired.resources().values()) {
            Map<String, String> f = new LinkedHashMap<>(r.fields());
            Optional<String> arn = switch (r.kind()) {
                case TARGET_GROUP -> {
                    f.remove("name");
                    if ("HTTP".equals(f.get("protocol")) || "HTTPS".equals(f.get("protocol"))) {
                        f = putAfter(f, "protocol", "protocolVersion", "HTTP1");
                    }
                    yield Optional.of(ARNS.targetGroup(r.name().orElseThrow(), id(desired, r.address())));
                }
                case LOAD_BALANCER -> {
                    f.remove("name");
                    LoadBalancerType type = List.of(LoadBalancerType.values()).stream()
                            .filter(t -> t.wireName().equals(r.fields().get("type"))).findFirst().orElseThrow();
                    yield Optional.of(ARNS.loadBalancer(type, r.name().orElseThrow(), id(desired, r.address())));
                }
                case LISTENER -> {
                    if (("HTTPS".equals(f.get("protocol")) || "TLS".equals(f.get("protocol"))) && !f.containsKey("sslPolicy")) {
                        f = putAfter(f, f.containsKey("extraCertificates") ? "extraCertificates" : "certificate", "sslPolicy",
                                SslPolicies.API_DEFAULT);
                    }
                    yield Optional.of(ARNS.listener(arns.get(r.parent().orElseThrow()), id(desired, r.address())));
                }
                case RULE -> Optional.of(ARNS.rule(arns.get(r.parent().orElseThrow()), id(desired, r.address())));
                case TARGET -> Optional.empty();
            };
            arn.ifPresent(a -> arns.put(r.address(), a));
            out.add(new Resource(r.address(), r.kind(), f, r.name(), arn, r.references()));
        }
        List<Address> listeners = out.stream().filter(r -> r.kind() == ResourceKind.LISTENER).map(Resource::address).toList();
        out.sort(Comparator.comparing((Resource r) -> r.kind().ordinal())
                .thenComparing(r -> r.kind() == ResourceKind.RULE ? listeners.indexOf(r.parent().orElseThrow()) : 0)
                .thenComparing(r -> r.kind() == ResourceKind.RULE ? Integer.parseInt(r.fields().get("priority")) : 0));
        return State.of(desired.stack(), out);
    }

    /**
     * The state with the resource at {@code address} as one created outside lbctl: no tags at all
     * (the caller gives it the address the reader gives such a one, {@code ~port-N} or {@code ~priority-N}).
     */
    static State untagged(State live, Address address) {
        List<Resource> out = new ArrayList<>();
        for (Resource r : live.resources().values()) {
            if (r.address().equals(address)) {
                Map<String, String> f = new LinkedHashMap<>(r.fields());
                f.keySet().removeIf(k -> k.startsWith("tags."));
                r = new Resource(r.address(), r.kind(), f, r.name(), r.arn(), r.references());
            }
            out.add(r);
        }
        return State.of(live.stack(), out);
    }

    /** 16 hex digits, as AWS's resource ids are, from the stack and address. */
    static String id(State state, Address address) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((state.stack() + "/" + address).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> putAfter(Map<String, String> fields, String after, String key, String value) {
        Map<String, String> out = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            out.put(k, v);
            if (k.equals(after)) {
                out.put(key, value);
            }
        });
        out.putIfAbsent(key, value);
        return out;
    }
}
