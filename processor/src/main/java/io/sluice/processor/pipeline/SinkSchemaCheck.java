package io.sluice.processor.pipeline;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * The sink schema check decides whether the rows the steps emit can be written with the sink's
 * schema, by Avro's resolution rules with the rows as writer and the sink schema as reader.
 */
final class SinkSchemaCheck {

    private SinkSchemaCheck() {}

    /**
     * Checks that rows of {@code rows} convert to {@code sink}: each sink field is produced by the
     * steps or has a default, and each produced field's type resolves to the sink field's type.
     *
     * @param node the {@code sink.schema} value, where errors point
     */
    static void check(YamlNode node, Schema rows, Schema sink) {
        for (Schema.Field field : sink.getFields()) {
            Schema.Field produced = rows.getField(field.name());
            if (produced == null) {
                if (!field.hasDefaultValue()) {
                    throw node.error(
                            "field '"
                                    + field.name()
                                    + "' of "
                                    + sink.getFullName()
                                    + " is not produced by the steps and has no default; expected"
                                    + " the steps to produce it, or a default in the schema (the"
                                    + " steps produce: "
                                    + TypeNames.columns(rows)
                                    + ")");
                }
                continue;
            }
            SchemaPairCompatibility result =
                    SchemaCompatibility.checkReaderWriterCompatibility(
                            field.schema(), produced.schema());
            if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
                throw node.error(
                        "field '"
                                + field.name()
                                + "' is "
                                + TypeNames.of(produced.schema())
                                + " in the rows the steps produce but "
                                + TypeNames.of(field.schema())
                                + " in "
                                + sink.getFullName()
                                + detail(produced.schema(), field.schema(), result));
            }
        }
    }

    /** What to fix: nulls that need a nullable type, else where inside the type Avro objected. */
    private static String detail(Schema produced, Schema written, SchemaPairCompatibility result) {
        String expected = "; expected a type the produced values can be written as";
        if (produced.isNullable() && !written.isNullable()) {
            return expected + " (a nullable value needs [\"null\", ...] in the sink schema)";
        }
        List<Incompatibility> incompatibilities = result.getResult().getIncompatibilities();
        if (incompatibilities.isEmpty() || incompatibilities.get(0).getLocation().equals("/")) {
            return expected;
        }
        Incompatibility first = incompatibilities.get(0);
        return " (at " + first.getLocation() + ": " + first.getMessage() + ")" + expected;
    }
}
