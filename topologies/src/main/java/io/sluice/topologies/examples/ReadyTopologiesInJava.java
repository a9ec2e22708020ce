package io.sluice.topologies.examples;

import static io.sluice.processor.api.Column.col;
import static io.sluice.processor.api.Column.expr;

import io.sluice.processor.api.Join;
import io.sluice.processor.api.Pipelines;
import io.sluice.processor.api.RunningTotal;
import io.sluice.processor.api.Sink;
import io.sluice.processor.api.Source;
import io.sluice.processor.api.StructuredPipeline;
import io.sluice.processor.api.Table;
import io.sluice.processor.api.Window;
import io.sluice.processor.engine.EngineSettings;
import io.sluice.processor.plan.OutputMode;
import io.sluice.serdes.Schemas;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.Schema;

/**
 * The ready pipelines of {@code topologies/*}{@code /pipeline.yaml}, built with the structured Java
 * API instead: each compiles to the same plan as its file ({@code ReadyTopologiesInJavaTest} checks
 * that).
 *
 * <pre>{@code
 * java -cp "topologies/target/classes:processor/target/classes:..." \
 *     io.sluice.topologies.examples.ReadyTopologiesInJava trades-windows [BOOTSTRAP_SERVERS]
 * }</pre>
 *
 * prints the plan of the named pipeline (default {@code trades-windows}) as {@code sluice validate}
 * does, and runs it on the cluster when one is given, until interrupted.
 */
public final class ReadyTopologiesInJava {
    private static final String TIME_FORMAT = "yyyy-MM-dd HH:mm:ss";

    /** The pipelines by name, each built from the topologies directory. */
    static final Map<String, Function<Path, StructuredPipeline>> PIPELINES =
            Map.of(
                    "json-to-avro", ReadyTopologiesInJava::jsonToAvro,
                    "avro-to-json", ReadyTopologiesInJava::avroToJson,
                    "invoice-notifications", ReadyTopologiesInJava::invoiceNotifications,
                    "invoice-enriched-notifications",
                            ReadyTopologiesInJava::invoiceEnrichedNotifications,
                    "store-sales-windows", ReadyTopologiesInJava::storeSalesWindows,
                    "trades-windows", ReadyTopologiesInJava::tradesWindows,
                    "trades-running-totals", ReadyTopologiesInJava::tradesRunningTotals);

    private ReadyTopologiesInJava() {}

    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "trades-windows";
        StructuredPipeline pipeline = run(name, Path.of("topologies"), System.out);
        if (args.length > 1) {
            pipeline.run(EngineSettings.of(args[1], "example"));
        }
    }

    /** Builds the pipeline {@code name} and prints its plan to {@code out}. */
    static StructuredPipeline run(String name, Path topologies, PrintStream out) {
        Function<Path, StructuredPipeline> build = PIPELINES.get(name);
        if (build == null) {
            throw new IllegalArgumentException(
                    "unknown pipeline '" + name + "'; expected one of " + PIPELINES.keySet());
        }
        StructuredPipeline pipeline = build.apply(topologies);
        out.print(pipeline.describe());
        return pipeline;
    }

    /** Invoices as JSON in, the same invoices as Avro out, keyed by store. */
    static StructuredPipeline jsonToAvro(Path topologies) {
        Schema invoice = invoice(topologies);
        return Pipelines.named("json-to-avro")
                .source(Source.topic("invoices").format("json").schema(invoice))
                .sink(Sink.topic("invoices-avro").format("avro").schema(invoice).key("StoreID"))
                .build();
    }

    /** Avro invoices in, JSON out. */
    static StructuredPipeline avroToJson(Path topologies) {
        return Pipelines.named("avro-to-json")
                .source(
                        Source.topic("invoices-avro")
                                .format("avro")
                                .schema(topologies.resolve("avro-to-json/schemas/invoice.avsc")))
                .sink(Sink.topic("invoices-json").format("json"))
                .build();
    }

    /** Loyalty points for PRIME customers: 20% of each invoice's total, keyed by loyalty card. */
    static StructuredPipeline invoiceNotifications(Path topologies) {
        return Pipelines.named("invoice-notifications")
                .source(Source.topic("invoices").format("json").schema(invoice(topologies)))
                .where("CustomerType = 'PRIME'")
                .select(
                        col("CustomerCardNo"),
                        col("TotalValue").as("TotalAmount"),
                        expr("round(TotalValue * 0.2, 2)").as("EarnedLoyaltyPoints"))
                .sink(Sink.topic("notifications").format("json").key("CustomerCardNo"))
                .build();
    }

    /** The loyalty points with the customer's name, e-mail and phone from the table customers. */
    static StructuredPipeline invoiceEnrichedNotifications(Path topologies) {
        Path dir = topologies.resolve("invoice-enriched-notifications");
        Table customers =
                Table.topic("customers")
                        .format("json")
                        .schema(Schemas.parse(dir.resolve("schemas/customer.avsc")))
                        .bootstrap(true);
        return Pipelines.named("invoice-enriched-notifications")
                .source(Source.topic("invoices").format("json").schema(invoice(topologies)))
                .where("CustomerType = 'PRIME'")
                .join(customers, Join.on("CustomerCardNo").left())
                .select(
                        col("CustomerCardNo"),
                        col("Name").as("CustomerName"),
                        col("EmailAddress"),
                        col("MobileNumber"),
                        col("TotalValue").as("TotalAmount"),
                        expr("round(TotalValue * 0.2, 2)").as("EarnedLoyaltyPoints"))
                .sink(Sink.topic("enriched-notifications").format("json").key("CustomerCardNo"))
                .build();
    }

    /** Sales per store in 15-minute windows, each emitted once the watermark passes its end. */
    static StructuredPipeline storeSalesWindows(Path topologies) {
        return Pipelines.named("store-sales-windows")
                .source(Source.topic("invoices").format("json").schema(invoice(topologies)))
                .withWatermark("CreatedTime", Duration.ofMinutes(30))
                .groupBy("StoreID")
                .window(Window.tumbling(Duration.ofMinutes(15)))
                .aggregate(expr("sum(TotalValue)").as("Sales"), expr("count(*)").as("Invoices"))
                .outputMode(OutputMode.APPEND)
                .sink(Sink.topic("store-sales").format("avro").key("StoreID"))
                .build();
    }

    /** Bought and sold amounts in 15-minute windows, the changed windows every batch. */
    static StructuredPipeline tradesWindows(Path topologies) {
        return Pipelines.named("trades-windows")
                .source(trades(topologies))
                .withWatermark("CreatedTime", Duration.ofMinutes(30))
                .where("Type IN ('BUY', 'SELL')")
                .window(Window.tumbling(Duration.ofMinutes(15)))
                .aggregate(
                        expr("sum(CASE WHEN Type = 'BUY' THEN Amount ELSE 0 END)").as("TotalBuy"),
                        expr("sum(CASE WHEN Type = 'SELL' THEN Amount ELSE 0 END)").as("TotalSell"))
                .outputMode(OutputMode.UPDATE)
                .sink(
                        Sink.topic("trades-windows")
                                .format("json")
                                .option("timestampFormat", TIME_FORMAT))
                .build();
    }

    /** Running totals of the closed windows of trades-windows, and the net value. */
    static StructuredPipeline tradesRunningTotals(Path topologies) {
        return Pipelines.named("trades-running-totals")
                .source(trades(topologies))
                .withWatermark("CreatedTime", Duration.ofMinutes(30))
                .where("Type IN ('BUY', 'SELL')")
                .window(Window.tumbling(Duration.ofMinutes(15)))
                .aggregate(
                        expr("sum(CASE WHEN Type = 'BUY' THEN Amount ELSE 0 END)").as("TotalBuy"),
                        expr("sum(CASE WHEN Type = 'SELL' THEN Amount ELSE 0 END)").as("TotalSell"))
                .running(
                        RunningTotal.sum("TotalBuy").as("RTotalBuy"),
                        RunningTotal.sum("TotalSell").as("RTotalSell"))
                .withColumn("NetValue", "RTotalBuy - RTotalSell")
                .outputMode(OutputMode.APPEND)
                .sink(
                        Sink.topic("trades-running-totals")
                                .format("json")
                                .option("timestampFormat", TIME_FORMAT))
                .build();
    }

    private static Source trades(Path topologies) {
        return Source.topic("trades")
                .format("json")
                .schema(topologies.resolve("trades-windows/schemas/trade.avsc"))
                .option("timestampFormat", TIME_FORMAT);
    }

    private static Schema invoice(Path topologies) {
        return Schemas.parse(topologies.resolve("json-to-avro/schemas/invoice.avsc"));
    }
}
