package io.lbctl.backend.local.control;

import io.lbctl.backend.local.api.Xml;
import io.lbctl.backend.local.store.ActionRecord;
import io.lbctl.backend.local.store.ConditionRecord;
import io.lbctl.model.Action;
import java.util.List;
import java.util.Map;

/** Writes actions and conditions the way AWS's describe calls return them. */
final class ActionXml {
    private static final Map<String, String> CONFIGS = Map.of(
            "host-header", "HostHeaderConfig", "path-pattern", "PathPatternConfig",
            "http-request-method", "HttpRequestMethodConfig", "source-ip", "SourceIpConfig",
            "http-header", "HttpHeaderConfig", "query-string", "QueryStringConfig");

    private ActionXml() {
    }

    static void actions(String element, List<ActionRecord> actions, Xml x) {
        x.start(element);
        for (ActionRecord a : actions) {
            x.start("member");
            switch (a.action()) {
                case Action.Forward f -> {
                    x.element("Type", "forward");
                    if (f.targetGroups().size() == 1) {
                        x.element("TargetGroupArn", f.targetGroups().get(0).targetGroup());
                    }
                    x.element("Order", a.order()).start("ForwardConfig").start("TargetGroups");
                    f.targetGroups().forEach(g -> x.start("member").element("TargetGroupArn", g.targetGroup())
                            .element("Weight", g.weight()).end());
                    x.end().start("TargetGroupStickinessConfig")
                            .element("Enabled", f.stickiness().map(Action.GroupStickiness::enabled).orElse(false));
                    f.stickiness().filter(Action.GroupStickiness::enabled)
                            .ifPresent(s -> x.element("DurationSeconds", s.durationSeconds()));
                    x.end().end();
                }
                case Action.Redirect r -> x.element("Type", "redirect").element("Order", a.order())
                        .start("RedirectConfig")
                        .element("Protocol", r.protocol().orElse("#{protocol}"))
                        .element("Port", r.port().orElse("#{port}"))
                        .element("Host", r.host().orElse("#{host}"))
                        .element("Path", r.path().orElse("/#{path}"))
                        .element("Query", r.query().orElse("#{query}"))
                        .element("StatusCode", r.statusCode()).end();
                case Action.FixedResponse f -> x.element("Type", "fixed-response").element("Order", a.order())
                        .start("FixedResponseConfig")
                        .element("MessageBody", f.body().orElse(null))
                        .element("StatusCode", Integer.toString(f.statusCode()))
                        .element("ContentType", f.contentType().orElse(null)).end();
            }
            x.end();
        }
        x.end();
    }

    static void conditions(List<ConditionRecord> conditions, Xml x) {
        x.start("Conditions");
        for (ConditionRecord c : conditions) {
            x.start("member").element("Field", c.field());
            String values = c.regex() ? "RegexValues" : "Values";
            if (c.regex() || c.field().equals("host-header") || c.field().equals("path-pattern")) {
                x.start(values);
                c.values().forEach(v -> x.element("member", v));
                x.end();
            }
            x.start(CONFIGS.get(c.field()));
            c.httpHeaderName().ifPresent(h -> x.element("HttpHeaderName", h));
            x.start(values);
            if (c.field().equals("query-string")) {
                c.queryValues().forEach(p -> x.start("member").element("Key", p.key().orElse(null))
                        .element("Value", p.value()).end());
            } else {
                c.values().forEach(v -> x.element("member", v));
            }
            x.end().end().end();
        }
        x.end();
    }
}
