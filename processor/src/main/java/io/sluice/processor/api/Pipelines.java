package io.sluice.processor.api;

/**
 * The entry point of the structured Java API.
 *
 * <pre>{@code
 * StructuredPipeline pipeline = Pipelines.named("invoice-notifications")
 *         .source(Source.topic("invoices").format("json").schema(invoiceSchema))
 *         .where("CustomerType = 'PRIME'")
 *         .select(col("CustomerCardNo"), col("TotalValue").as("TotalAmount"),
 *                 expr("TotalValue * 0.2").as("EarnedLoyaltyPoints"))
 *         .sink(Sink.topic("notifications").format("json").key("CustomerCardNo"))
 *         .build();
 * }</pre>
 */
public final class Pipelines {

    private Pipelines() {}

    /**
     * A new pipeline builder; {@code name} is the consumer group and the prefix of transactional
     * ids and internal topics, as a file's {@code name}.
     */
    public static PipelineBuilder named(String name) {
        return new PipelineBuilder(name);
    }
}
