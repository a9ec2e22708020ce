package io.sluice.processor.expr;

import io.sluice.serdes.Schemas;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import org.apache.avro.Schema;

/**
 * Columns resolves column references ({@code City}, {@code address.city}, {@code "Odd Name"}) to
 * field positions in the input schema, once, at compile time.
 *
 * <p>A name matches a field exactly or, when no field has that exact name, the only field whose
 * name differs in case alone.
 */
final class Columns {

    private Columns() {}

    /** The evaluator that reads {@code column} from rows of {@code schema}. */
    static FieldRead read(Column column, Schema schema, Site site) {
        if (column.getArrayConstructor() != null) {
            throw site.error("subscripts such as " + column + " are not supported");
        }
        List<String> path = path(column);
        int[] positions = new int[path.size()];
        Schema current = schema;
        boolean nullable = false;
        for (int i = 0; i < path.size(); i++) {
            String name = path.get(i);
            Schema record = Schemas.nonNull(current);
            if (record.getType() != Schema.Type.RECORD) {
                String owner = String.join(".", path.subList(0, i));
                throw site.error(
                        "'"
                                + owner
                                + "' is "
                                + SqlType.fromAvro(current)
                                + ", not a record, so it has no field '"
                                + name
                                + "'");
            }
            Schema.Field field = find(record, name);
            if (field == null) {
                throw unknown(path.subList(0, i), name, record, site, column);
            }
            positions[i] = field.pos();
            current = field.schema();
            nullable |= current.isNullable();
        }
        return new FieldRead(positions, SqlType.fromAvro(current), nullable);
    }

    /** The names of a column reference, outermost first, without quotes. */
    static List<String> path(Column column) {
        List<String> path = new ArrayList<>();
        Table table = column.getTable();
        if (table != null && table.getNameParts() != null) {
            List<String> parts = new ArrayList<>(table.getNameParts());
            Collections.reverse(parts);
            for (String part : parts) {
                if (part != null && !part.isEmpty()) {
                    path.add(unquote(part));
                }
            }
        }
        path.add(unquote(column.getColumnName()));
        return path;
    }

    private static String unquote(String name) {
        if (name.length() >= 2) {
            char first = name.charAt(0);
            char last = name.charAt(name.length() - 1);
            if (first == '"' && last == '"') {
                return name.substring(1, name.length() - 1).replace("\"\"", "\"");
            }
            if (first == '`' && last == '`') {
                return name.substring(1, name.length() - 1).replace("``", "`");
            }
            if (first == '[' && last == ']') {
                return name.substring(1, name.length() - 1);
            }
        }
        return name;
    }

    private static Schema.Field find(Schema record, String name) {
        Schema.Field exact = record.getField(name);
        if (exact != null) {
            return exact;
        }
        Schema.Field match = null;
        for (Schema.Field field : record.getFields()) {
            if (field.name().equalsIgnoreCase(name)) {
                if (match != null) {
                    return null;
                }
                match = field;
            }
        }
        return match;
    }

    private static ExpressionException unknown(
            List<String> owner, String name, Schema record, Site site, Column column) {
        List<String> names = record.getFields().stream().map(Schema.Field::name).toList();
        String suggestion = closest(name, names);
        String hint = suggestion == null ? "" : "did you mean '" + suggestion + "'? ";
        if (owner.isEmpty() && column.getColumnName().startsWith("\"")) {
            // "PRIME" is a name in SQL; users of other dialects often mean the text 'PRIME'.
            hint = "text takes single quotes ('" + name + "'); " + hint;
        }
        if (owner.isEmpty()) {
            return site.error(
                    "unknown column '" + name + "'",
                    hint + "columns are: " + String.join(", ", names));
        }
        String ownerText = String.join(".", owner);
        return site.error(
                "unknown field '" + name + "' in '" + ownerText + "'",
                hint + ownerText + " has: " + String.join(", ", names));
    }

    /** The name in {@code candidates} closest to {@code name}, when it is close enough. */
    static String closest(String name, Collection<String> candidates) {
        String best = null;
        int bestDistance = Math.max(1, name.length() / 3) + 1;
        for (String candidate : candidates) {
            int distance =
                    distance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** The edit distance of two names, a swap of neighbouring letters counting as one edit. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            for (int j = 0; j <= b.length(); j++) {
                if (i == 0 || j == 0) {
                    d[i][j] = i + j;
                    continue;
                }
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                boolean swapped =
                        i > 1
                                && j > 1
                                && a.charAt(i - 1) == b.charAt(j - 2)
                                && a.charAt(i - 2) == b.charAt(j - 1);
                if (swapped) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
