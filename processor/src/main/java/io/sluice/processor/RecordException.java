package io.sluice.processor;

/** One bad record, named by topic, partition and offset; handled by the pipeline's error policy. */
public class RecordException extends SluiceException {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final int partition;
    private final long offset;

    public RecordException(
            String topic, int partition, long offset, String reason, Throwable cause) {
        super(String.format("record %s-%d@%d: %s", topic, partition, offset, reason), cause);
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }
}
