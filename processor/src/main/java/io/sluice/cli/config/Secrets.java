package io.sluice.cli.config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Recognises settings that hold secrets (passwords, JAAS configurations with credentials, tokens,
 * keys) so that they are never printed or logged.
 */
final class Secrets {
    static final String HIDDEN = "[hidden]";
    private static final Pattern SECRET =
            Pattern.compile("password|secret|jaas|token|credential|auth|private|\\.key$");

    private Secrets() {}

    static boolean isSecret(String key) {
        return SECRET.matcher(key.toLowerCase(Locale.ROOT)).find();
    }

    /** {@code key=value, ...} in key order, with secret values replaced by {@value #HIDDEN}. */
    static String describe(Map<String, ?> settings) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, ?> entry : new TreeMap<>(settings).entrySet()) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(entry.getKey())
                    .append('=')
                    .append(isSecret(entry.getKey()) ? HIDDEN : entry.getValue());
        }
        return text.toString();
    }
}
