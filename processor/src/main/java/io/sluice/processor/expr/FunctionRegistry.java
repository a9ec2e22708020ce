package io.sluice.processor.expr;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The function registry maps function names, case-insensitively, to the compilers that turn a call
 * into an evaluator. Each group of functions ({@link StringFunctions}, {@link ArrayTextFunctions},
 * {@link MathFunctions}, {@link TimeFunctions}, {@link ConditionalFunctions}) lists its
 * definitions; adding a function is adding a definition there.
 *
 * <p>Aggregate functions are not here: see {@link Aggregates}.
 */
final class FunctionRegistry {

    /** Compiles one call to a function, checking its arguments. */
    @FunctionalInterface
    interface FunctionCompiler {
        Node compile(Call call);
    }

    /**
     * A definition of a function.
     *
     * @param name the lower-case name
     * @param compiler compiles calls
     * @param deterministic whether the result depends on the arguments alone, so that a call with
     *     constant arguments may be computed once at compile time
     */
    record Definition(String name, FunctionCompiler compiler, boolean deterministic) {

        /** A deterministic function. */
        static Definition of(String name, FunctionCompiler compiler) {
            return new Definition(name, compiler, true);
        }
    }

    private static final Map<String, Definition> FUNCTIONS = load();

    private FunctionRegistry() {}

    private static Map<String, Definition> load() {
        Map<String, Definition> functions = new TreeMap<>();
        for (List<Definition> group :
                List.of(
                        StringFunctions.definitions(),
                        ArrayTextFunctions.definitions(),
                        MathFunctions.definitions(),
                        TimeFunctions.definitions(),
                        ConditionalFunctions.definitions())) {
            for (Definition definition : group) {
                Definition previous = functions.put(definition.name(), definition);
                if (previous != null) {
                    throw new IllegalStateException("function defined twice: " + definition.name());
                }
            }
        }
        return Collections.unmodifiableMap(functions);
    }

    /** The definition of {@code name} in any case, or null when there is none. */
    static Definition find(String name) {
        return FUNCTIONS.get(name.toLowerCase(Locale.ROOT));
    }

    /** The names of all functions, sorted. */
    static Set<String> names() {
        return FUNCTIONS.keySet();
    }
}
