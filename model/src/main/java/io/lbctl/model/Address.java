package io.lbctl.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Where something is in a spec: the path of keys (and list indexes) from the document root,
 * such as {@code loadBalancers / web / listeners / http}. Resource addresses are built from
 * logical ids, so they stay stable when the YAML is reordered; the same path finds the source
 * span in a {@link io.lbctl.model.diag.SourceMap}.
 */
public record Address(List<String> path) {
    public static final Address ROOT = new Address(List.of());

    public Address {
        path = List.copyOf(path);
    }

    public static Address of(String... path) {
        return new Address(List.of(path));
    }

    public static Address targetGroup(String id) {
        return of("targetGroups", id);
    }

    public static Address loadBalancer(String id) {
        return of("loadBalancers", id);
    }

    public static Address listener(String loadBalancer, String listener) {
        return of("loadBalancers", loadBalancer, "listeners", listener);
    }

    public static Address rule(String loadBalancer, String listener, String rule) {
        return of("loadBalancers", loadBalancer, "listeners", listener, "rules", rule);
    }

    /** This address with {@code segments} appended. */
    public Address child(String... segments) {
        List<String> longer = new ArrayList<>(path);
        longer.addAll(List.of(segments));
        return new Address(longer);
    }

    /** This address without its last {@code segments} segments: {@code parentOf(2)} of a rule is its listener. */
    public Address parentOf(int segments) {
        return new Address(path.subList(0, Math.max(0, path.size() - segments)));
    }

    /** This address with a list index appended. */
    public Address index(int i) {
        return child(Integer.toString(i));
    }

    /** The RFC 6901 JSON pointer of this address, such as {@code /loadBalancers/web}. */
    public String pointer() {
        StringBuilder out = new StringBuilder();
        for (String segment : path) {
            out.append('/').append(segment.replace("~", "~0").replace("/", "~1"));
        }
        return out.toString();
    }

    /** The address written with dots, as diagnostics and plans show it. */
    @Override
    public String toString() {
        return path.isEmpty() ? "(root)" : String.join(".", path);
    }
}
