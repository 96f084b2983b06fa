package io.lbctl.backend.local.control;

import io.lbctl.backend.local.api.ApiActions;
import io.lbctl.backend.local.api.ApiError;
import io.lbctl.backend.local.api.QueryRequest;
import io.lbctl.backend.local.api.Xml;
import io.lbctl.backend.local.store.ResourceStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** AddTags, RemoveTags and DescribeTags, for every taggable resource by its ARN. */
final class TagActions {
    static final int MAX_RESOURCES = 20;

    private final ResourceStore store;
    private final ResourceLookup lookup;

    TagActions(ResourceStore store, ResourceLookup lookup) {
        this.store = store;
        this.lookup = lookup;
    }

    void register(Map<String, ApiActions.Action> actions) {
        actions.put("AddTags", this::add);
        actions.put("RemoveTags", this::remove);
        actions.put("DescribeTags", this::describe);
    }

    private List<String> resources(QueryRequest request) {
        List<String> arns = request.list("ResourceArns");
        if (arns.isEmpty()) {
            request.required("ResourceArns");
        }
        if (arns.size() > MAX_RESOURCES) {
            throw ApiError.validation("At most " + MAX_RESOURCES + " resource ARNs can be given");
        }
        arns.forEach(lookup::requireExists);
        return arns;
    }

    private void add(QueryRequest request, Xml result) {
        List<String> arns = resources(request);
        Map<String, String> tags = TagRules.read(request);
        if (tags.isEmpty()) {
            request.required("Tags");
        }
        Map<String, Map<String, String>> next = new LinkedHashMap<>();
        arns.forEach(arn -> next.put(arn, TagRules.merged(store.state().tagsOf(arn), tags)));
        store.update(s -> {
            var state = s;
            for (var e : next.entrySet()) {
                state = state.withTags(e.getKey(), e.getValue());
            }
            return state;
        });
    }

    private void remove(QueryRequest request, Xml result) {
        List<String> arns = resources(request);
        List<String> keys = request.list("TagKeys");
        if (keys.isEmpty()) {
            request.required("TagKeys");
        }
        store.update(s -> {
            var state = s;
            for (String arn : arns) {
                Map<String, String> kept = new LinkedHashMap<>(state.tagsOf(arn));
                keys.forEach(kept::remove);
                state = state.withTags(arn, kept);
            }
            return state;
        });
    }

    private void describe(QueryRequest request, Xml result) {
        List<String> arns = resources(request);
        result.start("TagDescriptions");
        for (String arn : arns) {
            result.start("member").element("ResourceArn", arn).start("Tags");
            store.state().tagsOf(arn).forEach((k, v) -> result.start("member").element("Key", k).element("Value", v).end());
            result.end().end();
        }
        result.end();
    }
}
