package io.lbctl.planner;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * AWS names for load balancers and target groups a spec leaves unnamed: the stack and logical id,
 * cut to fit (the stack first, keeping at least 12 characters of the id), then a hash of the settings AWS cannot change in place. A replacement therefore has
 * a new name and can be created before the resource it replaces is deleted, which a fixed name
 * forbids (AWS refuses a duplicate name). At most 32 characters of [A-Za-z0-9-], never starting
 * or ending with a hyphen, and never starting with {@code internal-}, as AWS requires.
 */
public final class PhysicalNames {
    private static final int MAX = 32;
    private static final int HASH = 8;
    /** Of the logical id, at least this much survives a long stack name. */
    private static final int MIN_ID = 12;

    private PhysicalNames() {
    }

    public static String derive(String stack, String id, List<String> replacementFields) {
        String s = clean(stack);
        String i = clean(id);
        int room = MAX - HASH - 1;
        if (s.length() + 1 + i.length() > room) {
            // The id tells a stack's resources apart in the console, so the stack gives way first.
            int keepId = Math.min(i.length(), Math.max(MIN_ID, room - 1 - s.length()));
            i = i.substring(0, keepId);
            s = s.substring(0, Math.max(0, room - 1 - keepId));
        }
        String base = (s + "-" + i).replaceAll("-{2,}", "-");
        if (base.startsWith("internal-")) {
            base = "i-" + base.substring("internal-".length());
        }
        base = base.replaceAll("^-+|-+$", "");
        return (base.isEmpty() ? "lbctl" : base) + "-" + hash(stack + "\n" + id + "\n" + String.join("\n", replacementFields));
    }

    private static String clean(String part) {
        return part.replaceAll("[^A-Za-z0-9-]", "-").replaceAll("-{2,}", "-").replaceAll("^-+|-+$", "");
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
