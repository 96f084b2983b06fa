package io.lbctl.schemas;

import io.lbctl.model.Address;
import io.lbctl.model.LoadBalancer;
import io.lbctl.model.LocalOverlay;
import io.lbctl.model.Stack;
import io.lbctl.model.Target;
import io.lbctl.model.TargetGroup;
import io.lbctl.model.aws.IpAddresses;
import io.lbctl.model.diag.Diagnostic;
import io.lbctl.model.diag.SourceMap;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Reads a local overlay and checks it against the spec it belongs to: every id it names exists,
 * every local endpoint is on loopback (the only network the runtime contacts by default), every
 * certificate it maps is one a listener uses and its files exist, and every HTTPS or TLS
 * listener's certificates are mapped, since the runtime cannot serve TLS without them.
 */
public final class OverlayReader {
    private OverlayReader() {
    }

    public static OverlayResult read(Path path, Stack stack) {
        SourceText source = SourceText.load(path);
        if (source.problem().isPresent()) {
            return new OverlayResult(source.file(), "", Optional.empty(), List.of(source.problem().get()));
        }
        return read(source.file(), source.text(), path.toAbsolutePath().getParent(), stack);
    }

    public static OverlayResult read(String file, String text, Path folder, Stack stack) {
        StagedReader.Staged<LocalOverlay> staged = StagedReader.read(file, text, SchemaValidation.overlay(),
                root -> build(root, folder), (overlay, map) -> check(overlay, stack, map, folder));
        return new OverlayResult(file, text, staged.value(), staged.diagnostics());
    }

    private static LocalOverlay build(JsonNode root, Path folder) {
        Map<String, Map<String, LocalOverlay.HostPort>> targets = Nodes.entries(root, "targetGroups",
                (tg, n) -> Nodes.entries(n, "targets", (key, v) -> hostPort(Nodes.scalar(v))));
        Map<String, Map<String, Integer>> ports = Nodes.entries(root, "loadBalancers",
                (lb, n) -> Nodes.entries(n, "listeners", (l, v) -> Nodes.integer(v, "port").orElse(0)));
        Map<String, LocalOverlay.CertificateFiles> certs = Nodes.entries(root, "certificates",
                (arn, n) -> new LocalOverlay.CertificateFiles(folder.resolve(Nodes.text(n, "certificate").orElse("")),
                        folder.resolve(Nodes.text(n, "privateKey").orElse(""))));
        return new LocalOverlay(targets, ports, certs);
    }

    private static LocalOverlay.HostPort hostPort(String text) {
        int colon = text.lastIndexOf(':');
        String host = text.substring(0, colon);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return new LocalOverlay.HostPort(host, Integer.parseInt(text.substring(colon + 1)));
    }

    private static List<Diagnostic> check(LocalOverlay overlay, Stack stack, SourceMap map, Path folder) {
        CheckContext ctx = new CheckContext(stack, map);
        overlay.targets().forEach((tgId, endpoints) -> {
            Address at = Address.of("targetGroups", tgId);
            TargetGroup tg = stack.targetGroups().get(tgId);
            if (tg == null) {
                ctx.keyError("overlay.reference.targetGroup", "the spec has no target group '" + tgId + "'",
                        hint(tgId, stack.targetGroups().keySet()), at);
                return;
            }
            Set<String> keys = tg.targets().stream().map(Target::key).collect(Collectors.toSet());
            endpoints.forEach((key, endpoint) -> {
                Address ta = at.child("targets", key);
                if (!keys.contains(key)) {
                    ctx.keyError("overlay.reference.target", "target group '" + tgId + "' has no target " + key,
                            keys.isEmpty() ? null : "its targets are " + String.join(", ", keys.stream().sorted().toList()), ta);
                }
                checkEndpoint(ctx, endpoint, ta);
            });
        });
        overlay.listenerPorts().forEach((lbId, listeners) -> {
            Address at = Address.of("loadBalancers", lbId);
            LoadBalancer lb = stack.loadBalancers().get(lbId);
            if (lb == null) {
                ctx.keyError("overlay.reference.loadBalancer", "the spec has no load balancer '" + lbId + "'",
                        hint(lbId, stack.loadBalancers().keySet()), at);
                return;
            }
            listeners.keySet().stream().filter(l -> !lb.listeners().containsKey(l)).forEach(l -> ctx.keyError(
                    "overlay.reference.listener", "load balancer '" + lbId + "' has no listener '" + l + "'",
                    hint(l, lb.listeners().keySet()), at.child("listeners", l)));
        });
        Map<String, String> used = new LinkedHashMap<>();
        stack.loadBalancers().values().forEach(lb -> lb.listeners().values().forEach(l ->
                l.certificates().forEach(arn -> used.putIfAbsent(arn, lb.id() + "." + l.id()))));
        overlay.certificates().forEach((arn, files) -> {
            Address at = Address.of("certificates", arn);
            if (!used.containsKey(arn)) {
                ctx.keyError("overlay.reference.certificate", "no listener of the spec uses certificate " + arn, null, at);
            }
            checkFile(ctx, folder, files.certificate(), at.child("certificate"));
            checkFile(ctx, folder, files.privateKey(), at.child("privateKey"));
        });
        used.forEach((arn, listener) -> {
            if (!overlay.certificates().containsKey(arn)) {
                ctx.error("overlay.certificate.unmapped", "listener " + listener + " uses certificate " + arn
                        + ", which the overlay does not map to PEM files", "add it under certificates: with certificate "
                        + "and privateKey files", Address.ROOT);
            }
        });
        return ctx.diagnostics();
    }

    private static void checkEndpoint(CheckContext ctx, LocalOverlay.HostPort endpoint, Address at) {
        Optional<InetAddress> address = endpoint.host().equals("localhost")
                ? Optional.of(InetAddress.getLoopbackAddress()) : IpAddresses.parse(endpoint.host());
        if (address.isEmpty()) {
            ctx.error("overlay.endpoint.address", "'" + endpoint.host() + "' is not an IP address", at);
        } else if (!address.get().isLoopbackAddress()) {
            ctx.error("overlay.endpoint.network", "local endpoint " + endpoint + " is not on loopback",
                    "the local runtime contacts only 127.0.0.0/8 and ::1", at);
        }
        if (endpoint.port() < 1 || endpoint.port() > 65535) {
            ctx.error("overlay.endpoint.port", "port " + endpoint.port() + " must be 1-65535", at);
        }
    }

    /** Paths are shown as written, relative to the overlay, so messages do not depend on where it lives. */
    private static void checkFile(CheckContext ctx, Path folder, Path file, Address at) {
        Path shown = folder.relativize(file);
        if (!Files.isRegularFile(file)) {
            ctx.error("overlay.file.missing", "file " + shown + " does not exist",
                    "paths are relative to the overlay's folder", at);
        } else if (!Files.isReadable(file)) {
            ctx.error("overlay.file.unreadable", "file " + shown + " cannot be read", at);
        }
    }

    private static String hint(String name, Set<String> candidates) {
        return Suggestions.nearest(name, candidates).map(s -> "did you mean '" + s + "'?").orElse(null);
    }
}
