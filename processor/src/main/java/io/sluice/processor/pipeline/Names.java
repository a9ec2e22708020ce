package io.sluice.processor.pipeline;

import java.util.regex.Pattern;

/** Names holds the rules for names in a pipeline file: pipeline names and column names. */
final class Names {

    /** What a column name may look like, for error messages. */
    static final String FIELD_EXPECTED =
            "a name of letters, digits and _ that does not start with a digit";

    /** What a pipeline name may look like, for error messages. */
    static final String PIPELINE_EXPECTED =
            "a name of letters, digits, '.', '_' and '-', at most 200 characters";

    private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    // 200 leaves room for the suffixes of derived topic names within Kafka's 249.
    private static final Pattern PIPELINE = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

    private Names() {}

    /** Whether {@code name} can name a column (an Avro field). */
    static boolean isValidField(String name) {
        return FIELD.matcher(name).matches();
    }

    /** Whether {@code name} can name a pipeline (a consumer group and a topic prefix). */
    static boolean isValidPipeline(String name) {
        return PIPELINE.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }
}
