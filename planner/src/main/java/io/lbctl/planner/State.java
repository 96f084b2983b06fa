package io.lbctl.planner;

import io.lbctl.model.Address;
import io.lbctl.model.OrderedMaps;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stack's resources by address: what a spec asks for, or what the live API holds. Built in
 * creation order (target groups, load balancers, listeners, rules, targets).
 */
public record State(String stack, Map<Address, Resource> resources) {

    public State {
        resources = OrderedMaps.copyOf(resources);
    }

    public static State of(String stack, List<Resource> resources) {
        Map<Address, Resource> byAddress = new LinkedHashMap<>();
        resources.forEach(r -> byAddress.put(r.address(), r));
        return new State(stack, byAddress);
    }

    public Optional<Resource> get(Address address) {
        return Optional.ofNullable(resources.get(address));
    }

    public boolean isEmpty() {
        return resources.isEmpty();
    }

    /**
     * A digest of everything in this state, ARNs included: a saved plan records the fingerprint
     * of the live state it was made against, and apply refuses it when the live state's differs.
     */
    public String fingerprint() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            resources.values().stream().sorted(java.util.Comparator.comparing(r -> r.address().toString())).forEach(r -> {
                update(digest, r.address().toString());
                update(digest, r.kind().name());
                update(digest, r.name().orElse(""));
                update(digest, r.arn().orElse(""));
                new java.util.TreeMap<>(r.fields()).forEach((k, v) -> {
                    update(digest, k);
                    update(digest, v);
                });
                r.references().forEach(a -> update(digest, a.toString()));
            });
            return "sha256:" + HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void update(MessageDigest digest, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update((byte) (bytes.length >>> 24));
        digest.update((byte) (bytes.length >>> 16));
        digest.update((byte) (bytes.length >>> 8));
        digest.update((byte) bytes.length);
        digest.update(bytes);
    }
}
