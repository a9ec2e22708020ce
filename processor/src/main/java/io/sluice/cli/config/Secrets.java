package io.sluice.cli.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises settings that hold secrets (passwords, JAAS configurations with credentials, tokens,
 * keys) so that they are never printed or logged.
 */
final class Secrets {
    static final String HIDDEN = "[hidden]";
    private static final Pattern SECRET =
            Pattern.compile("password|secret|jaas|token|credential|auth|private|\\.key$");

    /** An option inside a JAAS configuration: {@code name="value"} or {@code name=value}. */
    private static final Pattern JAAS_OPTION =
            Pattern.compile("([A-Za-z0-9_.-]+)\\s*=\\s*(?:\"([^\"]*)\"|([^\\s;]+))");

    private Secrets() {}

    static boolean isSecret(String key) {
        return SECRET.matcher(key.toLowerCase(Locale.ROOT)).find();
    }

    /**
     * Whether a setting is secret by its name, or by its value: a JAAS configuration with a secret
     * option holds a password whatever the key it was given under (a misspelled {@code
     * sasl.jass.config} included).
     */
    static boolean isSecret(String key, Object value) {
        if (isSecret(key)) {
            return true;
        }
        return value != null && !secretOptions(value.toString()).isEmpty();
    }

    /** The values of the secret options inside {@code value}, such as a JAAS password. */
    private static List<String> secretOptions(String value) {
        List<String> secrets = new ArrayList<>();
        Matcher option = JAAS_OPTION.matcher(value);
        while (option.find()) {
            if (isSecret(option.group(1))) {
                secrets.add(option.group(2) != null ? option.group(2) : option.group(3));
            }
        }
        return secrets;
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
                    .append(isSecret(entry.getKey(), entry.getValue()) ? HIDDEN : entry.getValue());
        }
        return text.toString();
    }

    /**
     * The text with every secret value of {@code settings} replaced by {@value #HIDDEN}, and so is
     * every secret option inside a secret value (the password of a JAAS configuration), wherever
     * they stand apart from other letters and digits.
     */
    static String redact(String text, Map<String, ?> settings) {
        String redacted = text;
        for (Map.Entry<String, ?> entry : settings.entrySet()) {
            if (entry.getValue() == null || !isSecret(entry.getKey(), entry.getValue())) {
                continue;
            }
            String value = entry.getValue().toString();
            redacted = hide(redacted, value);
            for (String secret : secretOptions(value)) {
                redacted = hide(redacted, secret);
            }
        }
        return redacted;
    }

    private static String hide(String text, String secret) {
        if (secret.isBlank()) {
            return text;
        }
        return Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(secret) + "(?![A-Za-z0-9])")
                .matcher(text)
                .replaceAll(Matcher.quoteReplacement(HIDDEN));
    }
}
