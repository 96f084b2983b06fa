package io.lbctl.backend.local.control;

import io.lbctl.backend.local.api.ApiError;
import io.lbctl.backend.local.api.QueryRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** AWS's Marker/PageSize paging: an opaque marker names where the next page starts. */
record Paging<T>(List<T> page, Optional<String> nextMarker) {
    static final int MAX_PAGE_SIZE = 400;

    static <T> Paging<T> of(List<T> all, QueryRequest request) {
        int size = request.integer("PageSize").orElse(MAX_PAGE_SIZE);
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ApiError.validation("1 validation error detected: Value '" + size + "' at 'pageSize' failed to "
                    + "satisfy constraint: Member must have value between 1 and " + MAX_PAGE_SIZE);
        }
        int start = request.get("Marker").map(Paging::decode).orElse(0);
        if (start > all.size()) {
            throw ApiError.validation("Invalid marker");
        }
        int end = Math.min(all.size(), start + size);
        Optional<String> next = end < all.size() ? Optional.of(encode(end)) : Optional.empty();
        return new Paging<>(all.subList(start, end), next);
    }

    private static String encode(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("lbctl:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int decode(String marker) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
            if (text.startsWith("lbctl:")) {
                return Integer.parseInt(text.substring("lbctl:".length()));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw ApiError.validation("Invalid marker '" + marker + "'");
    }
}
