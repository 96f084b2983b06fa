package io.lbctl.backend.local.api;

import java.util.Map;
import java.util.Optional;

/** The actions an API serves: name -> what writes its {@code <XResult>} body. */
public interface ApiActions {
    /** Writes the result members of one action into {@code result}, or throws an {@link ApiError}. */
    interface Action {
        void run(QueryRequest request, Xml result);
    }

    Optional<Action> find(String name);

    static ApiActions of(Map<String, Action> actions) {
        Map<String, Action> copy = Map.copyOf(actions);
        return name -> Optional.ofNullable(copy.get(name));
    }
}
