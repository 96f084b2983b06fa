package io.lbctl.backend.local.control;

import io.lbctl.backend.local.api.ApiError;
import io.lbctl.backend.local.api.QueryRequest;
import io.lbctl.model.aws.ElbLimits;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads {@code Tags.member.N.Key/Value} and applies AWS's tag limits. */
final class TagRules {
    private TagRules() {
    }

    static Map<String, String> read(QueryRequest request) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Map<String, String> tag : request.structs("Tags")) {
            String key = tag.get("Key");
            if (key == null || key.isEmpty() || key.length() > ElbLimits.MAX_TAG_KEY_LENGTH) {
                throw ApiError.validation("Tag keys must be 1-" + ElbLimits.MAX_TAG_KEY_LENGTH + " characters");
            }
            if (key.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
                throw ApiError.validation("Tag keys starting with 'aws:' are reserved");
            }
            String value = tag.getOrDefault("Value", "");
            if (value.length() > ElbLimits.MAX_TAG_VALUE_LENGTH) {
                throw ApiError.validation("Tag values must be at most " + ElbLimits.MAX_TAG_VALUE_LENGTH + " characters");
            }
            if (tags.put(key, value) != null) {
                throw ApiError.of("DuplicateTagKeys", "Tag key '" + key + "' is duplicated");
            }
        }
        return tags;
    }

    static Map<String, String> merged(Map<String, String> existing, Map<String, String> added) {
        Map<String, String> merged = new LinkedHashMap<>(existing);
        merged.putAll(added);
        if (merged.size() > ElbLimits.MAX_TAGS) {
            throw ApiError.of("TooManyTags", "The quota for the number of tags that can be assigned to a resource ("
                    + ElbLimits.MAX_TAGS + ") has been reached");
        }
        return merged;
    }
}
