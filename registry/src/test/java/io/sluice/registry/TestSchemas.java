package io.sluice.registry;

import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/** Schemas and subjects for registry tests; each subject is new, so tests share a registry. */
final class TestSchemas {
    /** An id far beyond what a test registry hands out. */
    static final int UNKNOWN_ID = 1_999_999_999;

    private TestSchemas() {}

    static String uniqueSubject(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "-value";
    }

    /** {@code User{id: long}}. */
    static Schema userV1() {
        return SchemaBuilder.record("User")
                .namespace("test")
                .fields()
                .requiredLong("id")
                .endRecord();
    }

    /** {@link #userV1()} plus a name with a default: a backward-compatible change. */
    static Schema userV2() {
        return SchemaBuilder.record("User")
                .namespace("test")
                .fields()
                .requiredLong("id")
                .name("name")
                .type()
                .stringType()
                .stringDefault("")
                .endRecord();
    }

    /** {@link #userV1()} with the id a string: not backward compatible. */
    static Schema userWithStringId() {
        return SchemaBuilder.record("User")
                .namespace("test")
                .fields()
                .requiredString("id")
                .endRecord();
    }

    /** A record no other test registers, so that its id is new to the registry. */
    static Schema uniqueRecord() {
        String name = "R" + UUID.randomUUID().toString().replace("-", "");
        return SchemaBuilder.record(name).namespace("test").fields().requiredInt("n").endRecord();
    }
}
