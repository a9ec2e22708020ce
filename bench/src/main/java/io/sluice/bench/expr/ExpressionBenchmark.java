package io.sluice.bench.expr;

import io.sluice.processor.expr.CompiledExpression;
import io.sluice.processor.expr.ExpressionCompiler;
import io.sluice.processor.expr.RowPredicate;
import io.sluice.serdes.Codecs;
import io.sluice.serdes.DecodeResult;
import io.sluice.serdes.FormatSpec;
import io.sluice.serdes.RowDecoder;
import io.sluice.serdes.Schemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Expression benchmark measures the compiled expressions of the invoice-notifications pipeline over
 * the 1,000 decoded sample invoices: its {@code where} predicate and its {@code select} arithmetic,
 * against the same logic written in plain Java as the floor.
 *
 * <p>On the 2-core build machine (load 1-3): compiled where + select 84 M rows/s, a CASE 65 M
 * rows/s, hand-written 256 M rows/s. The compiled tree costs about 3x the hand-written code, and
 * still runs some 80x faster than the JSON decoding that feeds it (about 1 M records/s).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ExpressionBenchmark {
    private static final Path TOPOLOGIES = Path.of("topologies");

    private GenericRecord[] rows;
    private RowPredicate isPrime;
    private CompiledExpression points;
    private CompiledExpression caseSum;
    private int customerType;
    private int totalValue;

    @Setup
    public void setUp() throws IOException {
        Schema schema = Schemas.parse(TOPOLOGIES.resolve("json-to-avro/schemas/invoice.avsc"));
        RowDecoder decoder = Codecs.decoder(FormatSpec.of("json", Map.of(), TOPOLOGIES), schema);
        List<String> lines = Files.readAllLines(TOPOLOGIES.resolve("data/invoices.jsonl"));
        rows = new GenericRecord[lines.size()];
        for (int i = 0; i < rows.length; i++) {
            DecodeResult result = decoder.decode(lines.get(i).getBytes(StandardCharsets.UTF_8));
            rows[i] = ((DecodeResult.Decoded) result).row();
        }
        isPrime = ExpressionCompiler.compilePredicate("CustomerType = 'PRIME'", schema);
        points = ExpressionCompiler.compile("TotalValue * 0.2", schema);
        caseSum =
                ExpressionCompiler.compile(
                        "CASE WHEN DeliveryType = 'HOME-DELIVERY' THEN TotalValue + 50 ELSE TotalValue END",
                        schema);
        customerType = schema.getField("CustomerType").pos();
        totalValue = schema.getField("TotalValue").pos();
    }

    /** The notifications pipeline's where and select, compiled. */
    @Benchmark
    @OperationsPerInvocation(1000)
    public void compiledWhereAndSelect(Blackhole out) {
        for (GenericRecord row : rows) {
            if (isPrime.test(row)) {
                out.consume(points.evaluate(row));
            }
        }
    }

    /** The same written by hand against the row's positions: the floor. */
    @Benchmark
    @OperationsPerInvocation(1000)
    public void handWrittenWhereAndSelect(Blackhole out) {
        for (GenericRecord row : rows) {
            if ("PRIME".equals(row.get(customerType))) {
                out.consume((Double) row.get(totalValue) * 0.2);
            }
        }
    }

    /** A CASE expression over every row. */
    @Benchmark
    @OperationsPerInvocation(1000)
    public void compiledCase(Blackhole out) {
        for (GenericRecord row : rows) {
            out.consume(caseSum.evaluate(row));
        }
    }
}
