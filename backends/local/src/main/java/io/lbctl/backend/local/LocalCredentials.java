package io.lbctl.backend.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The access key the local API accepts, made at first start and kept in an AWS credentials
 * file (profile {@code lbctl-local}) that only its owner can read, so the AWS CLI and SDKs can
 * use it as they are.
 */
public record LocalCredentials(String accessKeyId, String secretAccessKey) {
    public static final String FILE = "credentials";
    public static final String PROFILE = "lbctl-local";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern KEY = Pattern.compile("(?m)^aws_access_key_id\\s*=\\s*(\\S+)");
    private static final Pattern SECRET = Pattern.compile("(?m)^aws_secret_access_key\\s*=\\s*(\\S+)");

    @Override
    public String toString() {
        return "LocalCredentials[" + accessKeyId + "]";
    }

    public static LocalCredentials loadOrCreate(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        try {
            Files.createDirectories(stateDir);
            if (!Files.exists(file)) {
                LocalCredentials fresh = new LocalCredentials("AKIA" + random("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
                        random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40));
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (FileAlreadyExistsException e) {
                    return read(file);
                } catch (UnsupportedOperationException e) {
                    Files.createFile(file);
                }
                Files.writeString(file, "[" + PROFILE + "]\naws_access_key_id = " + fresh.accessKeyId
                        + "\naws_secret_access_key = " + fresh.secretAccessKey + "\n", StandardCharsets.UTF_8);
                return fresh;
            }
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep local credentials in " + file, e);
        }
    }

    private static LocalCredentials read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Matcher key = KEY.matcher(text);
        Matcher secret = SECRET.matcher(text);
        if (!key.find() || !secret.find()) {
            throw new IllegalStateException("credentials file " + file + " has no aws_access_key_id and "
                    + "aws_secret_access_key; delete it to have new ones made");
        }
        return new LocalCredentials(key.group(1), secret.group(1));
    }

    private static String random(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
