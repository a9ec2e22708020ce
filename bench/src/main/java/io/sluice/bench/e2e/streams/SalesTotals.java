package io.sluice.bench.e2e.streams;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** The running sum of sales and count of invoices of one store in one window. */
record SalesTotals(double sales, long invoices) {
    static final SalesTotals EMPTY = new SalesTotals(0, 0);

    /** The serde of the window store: 16 bytes, the sum then the count. */
    static final Serde<SalesTotals> SERDE =
            Serdes.serdeFrom(new TotalsSerializer(), new TotalsDeserializer());

    SalesTotals add(double value) {
        return new SalesTotals(sales + value, invoices + 1);
    }

    private static final class TotalsSerializer implements Serializer<SalesTotals> {
        @Override
        public byte[] serialize(String topic, SalesTotals totals) {
            if (totals == null) {
                return null;
            }
            return ByteBuffer.allocate(16).putDouble(totals.sales).putLong(totals.invoices).array();
        }
    }

    private static final class TotalsDeserializer implements Deserializer<SalesTotals> {
        @Override
        public SalesTotals deserialize(String topic, byte[] bytes) {
            if (bytes == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            return new SalesTotals(buffer.getDouble(), buffer.getLong());
        }
    }
}
