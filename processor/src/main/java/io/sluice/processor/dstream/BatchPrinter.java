package io.sluice.processor.dstream;

import java.util.List;

/** The text {@link DStream#print} writes for a batch. */
final class BatchPrinter {

    private static final String RULE = "-------------------------------------------";

    private BatchPrinter() {}

    /** A header with the batch time, the first {@code count} records and {@code ...} if cut. */
    static String format(List<?> records, Time time, int count) {
        StringBuilder text = new StringBuilder();
        text.append(RULE).append('\n').append("Time: ").append(time).append('\n');
        text.append(RULE).append('\n');
        for (int i = 0; i < Math.min(count, records.size()); i++) {
            text.append(records.get(i)).append('\n');
        }
        if (records.size() > count) {
            text.append("...\n");
        }
        return text.append('\n').toString();
    }
}
