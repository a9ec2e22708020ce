package io.sluice.topologies;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads values out of a Prometheus text exposition. */
final class PrometheusText {
    private PrometheusText() {}

    /**
     * The sum of a metric's samples whose labels include {@code label} (e.g. {@code pipeline="x"});
     * 0 when there are none.
     */
    static double sum(String text, String metric, String label) {
        Pattern line =
                Pattern.compile(
                        "^" + Pattern.quote(metric) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(text);
        double sum = 0;
        while (m.find()) {
            if (m.group(1).contains(label)) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    /** Whether the text has at least one sample of {@code metric} with {@code label}. */
    static boolean has(String text, String metric, String label) {
        Pattern line =
                Pattern.compile(
                        "^" + Pattern.quote(metric) + "\\{[^}]*" + Pattern.quote(label),
                        Pattern.MULTILINE);
        return line.matcher(text).find();
    }
}
