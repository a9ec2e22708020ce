package io.sluice.processor.stateful.groupstate;

import io.sluice.processor.RowCollector;
import io.sluice.processor.window.GroupKey;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;

/** A user's map or flatMap function as the operator calls it: rows go straight to a collector. */
interface GroupFunction<S> {

    /** Calls the function for one key and emits what it returns. */
    void call(GroupKey key, List<GenericRecord> rows, GroupState<S> state, RowCollector out);

    /** What it says in a plan printout. */
    String name();

    static <S> GroupFunction<S> of(MapGroupsWithStateFunction<S> function) {
        Objects.requireNonNull(function, "function");
        return new GroupFunction<>() {
            @Override
            public void call(
                    GroupKey key, List<GenericRecord> rows, GroupState<S> state, RowCollector out) {
                GenericRecord row = function.call(key, rows, state);
                if (row == null) {
                    throw new NullPointerException(
                            "a mapGroupsWithState function returned null for key "
                                    + key
                                    + "; it must return one row (use flatMapGroupsWithState for"
                                    + " none)");
                }
                out.collect(row);
            }

            @Override
            public String name() {
                return "mapGroupsWithState";
            }
        };
    }

    static <S> GroupFunction<S> of(FlatMapGroupsWithStateFunction<S> function) {
        Objects.requireNonNull(function, "function");
        return new GroupFunction<>() {
            @Override
            public void call(
                    GroupKey key, List<GenericRecord> rows, GroupState<S> state, RowCollector out) {
                Iterator<GenericRecord> emitted = function.call(key, rows, state);
                while (emitted != null && emitted.hasNext()) {
                    out.collect(emitted.next());
                }
            }

            @Override
            public String name() {
                return "flatMapGroupsWithState";
            }
        };
    }
}
