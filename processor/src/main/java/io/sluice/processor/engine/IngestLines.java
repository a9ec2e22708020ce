package io.sluice.processor.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Splits the bytes of a file or a socket into lines for an ingester: at '\n', a '\r' before it
 * dropped, blank lines (spaces and tabs only) skipped, and the bytes kept as they are (a line that
 * is not UTF-8 is the decoder's to dead-letter).
 */
final class IngestLines {
    private static final int BUFFER_BYTES = 64 * 1024;

    private IngestLines() {}

    /** Calls {@code each} with every non-blank line's bytes until the stream ends; how many. */
    static long each(InputStream in, Consumer<byte[]> each) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[BUFFER_BYTES];
        long count = 0;
        for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
            int from = 0;
            for (int i = 0; i < read; i++) {
                if (buffer[i] == '\n') {
                    line.write(buffer, from, i - from);
                    count += emit(line, each);
                    from = i + 1;
                }
            }
            line.write(buffer, from, read - from);
        }
        return count + emit(line, each);
    }

    private static int emit(ByteArrayOutputStream line, Consumer<byte[]> each) {
        byte[] bytes = line.toByteArray();
        line.reset();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        boolean blank = true;
        for (int i = 0; i < length && blank; i++) {
            blank = bytes[i] == ' ' || bytes[i] == '\t';
        }
        if (blank) {
            return 0;
        }
        each.accept(length == bytes.length ? bytes : Arrays.copyOf(bytes, length));
        return 1;
    }
}
