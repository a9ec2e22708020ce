package io.sluice.processor.batch;

/**
 * What rides in the metadata of a committed offset: the id of the batch that committed it and the
 * event-time watermark after that batch, so a restart resumes both with the offsets.
 *
 * <p>Format: {@code sluice:v1;batch=<id>;watermark=<epoch ms or none>}. Metadata that does not
 * parse (committed by another tool) reads as no batch and no watermark.
 *
 * @param batchId the id of the batch that committed the offset, or -1 when unknown
 * @param watermarkMs the watermark in epoch milliseconds, or {@link Long#MIN_VALUE} when none
 */
public record OffsetMetadata(long batchId, long watermarkMs) {
    private static final String PREFIX = "sluice:v1;";

    /** No batch committed yet, no watermark. */
    public static final OffsetMetadata NONE = new OffsetMetadata(-1, Long.MIN_VALUE);

    /** The metadata string stored with the offset. */
    public String encode() {
        return PREFIX
                + "batch="
                + batchId
                + ";watermark="
                + (watermarkMs == Long.MIN_VALUE ? "none" : Long.toString(watermarkMs));
    }

    /** Parses a stored metadata string; anything unreadable gives {@link #NONE}. */
    public static OffsetMetadata parse(String metadata) {
        if (metadata == null || !metadata.startsWith(PREFIX)) {
            return NONE;
        }
        long batchId = -1;
        long watermark = Long.MIN_VALUE;
        for (String part : metadata.substring(PREFIX.length()).split(";")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = part.substring(0, eq);
            String value = part.substring(eq + 1);
            try {
                if (key.equals("batch")) {
                    batchId = Long.parseLong(value);
                } else if (key.equals("watermark") && !value.equals("none")) {
                    watermark = Long.parseLong(value);
                }
            } catch (NumberFormatException e) {
                return NONE;
            }
        }
        return new OffsetMetadata(batchId, watermark);
    }
}
