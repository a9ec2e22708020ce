package io.sluice.processor;

/**
 * A service the batch needs, other than Kafka, does not answer (the schema registry): the batch is
 * aborted and replayed after a backoff, for as long as it takes. Nothing is wrong with the records,
 * so none is dead-lettered, and restarting the instance would not help, so it stays live; it is not
 * ready until a batch commits again.
 */
public class DependencyUnavailableException extends BatchRetryException {
    private static final long serialVersionUID = 1L;

    private final String dependency;

    /**
     * @param dependency what does not answer, for status and logs, such as {@code schema registry}
     */
    public DependencyUnavailableException(String dependency, String message, Throwable cause) {
        super(message, cause);
        this.dependency = dependency;
    }

    /** What does not answer. */
    public String dependency() {
        return dependency;
    }
}
