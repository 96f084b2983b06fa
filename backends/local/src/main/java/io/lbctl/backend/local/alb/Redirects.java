package io.lbctl.backend.local.alb;

import io.lbctl.model.Action;

/**
 * The Location of a redirect action: {@code protocol://host:port/path?query}, each part the
 * action's value with {@code #{protocol}}, {@code #{host}}, {@code #{port}}, {@code #{path}}
 * (without its leading '/') and {@code #{query}} replaced by the request's own. Nothing is
 * percent-encoded, as on AWS.
 */
final class Redirects {
    private Redirects() {
    }

    static String location(Action.Redirect r, String protocol, String host, int port, String path, String query) {
        String pathNoSlash = path.startsWith("/") ? path.substring(1) : path;
        String p = fill(r.protocol().orElse("#{protocol}"), protocol, host, port, pathNoSlash, query).toLowerCase(java.util.Locale.ROOT);
        String h = fill(r.host().orElse("#{host}"), protocol, host, port, pathNoSlash, query);
        String portText = fill(r.port().orElse("#{port}"), protocol, host, port, pathNoSlash, query);
        String newPath = fill(r.path().orElse("/#{path}"), protocol, host, port, pathNoSlash, query);
        String newQuery = fill(r.query().orElse("#{query}"), protocol, host, port, pathNoSlash, query);
        return p + "://" + h + ":" + portText + newPath + (newQuery.isEmpty() ? "" : "?" + newQuery);
    }

    private static String fill(String template, String protocol, String host, int port, String path, String query) {
        return template.replace("#{protocol}", protocol.toUpperCase(java.util.Locale.ROOT)).replace("#{host}", host)
                .replace("#{port}", Integer.toString(port)).replace("#{path}", path).replace("#{query}", query);
    }
}
