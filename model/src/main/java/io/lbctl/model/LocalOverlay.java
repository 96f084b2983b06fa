package io.lbctl.model;

import java.nio.file.Path;
import java.util.Map;

/**
 * The values one spec takes in a local environment, kept out of the spec so the spec stays what
 * AWS runs: where each target really lives ({@code targets}: target group id, then the target's
 * {@link Target#key()}, then a local endpoint), which local port a listener binds
 * ({@code listenerPorts}: load balancer id, then listener id), and which PEM files stand for a
 * certificate ARN. Targets with no local endpoint are never contacted.
 */
public record LocalOverlay(
        Map<String, Map<String, HostPort>> targets,
        Map<String, Map<String, Integer>> listenerPorts,
        Map<String, CertificateFiles> certificates) {

    public static final LocalOverlay NONE = new LocalOverlay(Map.of(), Map.of(), Map.of());

    public LocalOverlay {
        targets = OrderedMaps.copyOf(targets.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> OrderedMaps.copyOf(e.getValue()), (a, b) -> a, java.util.LinkedHashMap::new)));
        listenerPorts = OrderedMaps.copyOf(listenerPorts.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> OrderedMaps.copyOf(e.getValue()), (a, b) -> a, java.util.LinkedHashMap::new)));
        certificates = OrderedMaps.copyOf(certificates);
    }

    /** A local endpoint; {@code host} is an IP literal or {@code localhost}. */
    public record HostPort(String host, int port) {
        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** PEM files, resolved against the overlay file's folder. */
    public record CertificateFiles(Path certificate, Path privateKey) {
    }
}
