package io.lbctl.backend.local.health;

/** Whether a status code meets a health-check matcher such as {@code 200}, {@code 200,202} or {@code 200-299}. */
final class Matchers {
    private Matchers() {
    }

    static boolean matches(String matcher, int status) {
        for (String part : matcher.split(",")) {
            String p = part.strip();
            int dash = p.indexOf('-');
            if (dash > 0) {
                if (status >= Integer.parseInt(p.substring(0, dash)) && status <= Integer.parseInt(p.substring(dash + 1))) {
                    return true;
                }
            } else if (!p.isEmpty() && status == Integer.parseInt(p)) {
                return true;
            }
        }
        return false;
    }
}
