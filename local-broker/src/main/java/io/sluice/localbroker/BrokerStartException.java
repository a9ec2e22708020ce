package io.sluice.localbroker;

/** The local broker did not start; the message says why and quotes the tail of its log. */
public final class BrokerStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BrokerStartException(String message) {
        super(message);
    }

    BrokerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
