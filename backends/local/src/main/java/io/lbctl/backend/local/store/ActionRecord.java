package io.lbctl.backend.local.store;

import io.lbctl.model.Action;
import java.util.Optional;

/**
 * One action of a listener or rule, with its order. Exactly one of the three parts is present;
 * forward actions name target groups by ARN. Kept flat so the state file needs no type tags.
 */
public record ActionRecord(int order, Optional<Action.Forward> forward, Optional<Action.Redirect> redirect,
                           Optional<Action.FixedResponse> fixedResponse) {

    public static ActionRecord of(int order, Action action) {
        return switch (action) {
            case Action.Forward f -> new ActionRecord(order, Optional.of(f), Optional.empty(), Optional.empty());
            case Action.Redirect r -> new ActionRecord(order, Optional.empty(), Optional.of(r), Optional.empty());
            case Action.FixedResponse x -> new ActionRecord(order, Optional.empty(), Optional.empty(), Optional.of(x));
        };
    }

    public Action action() {
        return forward.<Action>map(f -> f).or(() -> redirect.map(r -> r)).or(() -> fixedResponse.map(x -> x))
                .orElseThrow(() -> new IllegalStateException("action without a type"));
    }
}
