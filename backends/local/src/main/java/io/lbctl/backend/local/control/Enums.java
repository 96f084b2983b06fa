package io.lbctl.backend.local.control;

import io.lbctl.backend.local.api.ApiError;
import io.lbctl.model.WireEnum;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Parses an enum parameter the way AWS reports a bad one. */
final class Enums {
    private Enums() {
    }

    static <E extends Enum<E> & WireEnum> Optional<E> parse(Class<E> type, Optional<String> value, String member) {
        return value.map(v -> WireEnum.parse(type, v).orElseThrow(() -> ApiError.validation(
                "1 validation error detected: Value '" + v + "' at '" + member + "' failed to satisfy constraint: "
                        + "Member must satisfy enum value set: [" + Arrays.stream(type.getEnumConstants())
                        .map(WireEnum::wireName).collect(Collectors.joining(", ")) + "]")));
    }
}
