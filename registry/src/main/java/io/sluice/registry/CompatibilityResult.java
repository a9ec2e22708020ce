package io.sluice.registry;

import java.util.List;

/**
 * Whether a schema may become the next version of a subject under its compatibility rule.
 *
 * @param compatible whether the registry would accept it
 * @param messages the registry's reasons when it is not; may be empty even then (Apicurio gives
 *     none)
 */
public record CompatibilityResult(boolean compatible, List<String> messages) {
    public CompatibilityResult {
        messages = List.copyOf(messages);
    }
}
