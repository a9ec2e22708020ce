package io.sluice.processor.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.sf.jsqlparser.statement.create.table.ColDataType;

/** Cast types maps the type names of {@code CAST(x AS type)} to SQL types. */
final class CastTypes {
    private static final String KNOWN =
            "INT, INTEGER, BIGINT, LONG, DOUBLE, FLOAT, DECIMAL(p,s), STRING, VARCHAR, BOOLEAN,"
                    + " TIMESTAMP, DATE";

    private static final Map<String, SqlType> SIMPLE =
            Map.ofEntries(
                    Map.entry("INT", SqlType.INT),
                    Map.entry("INTEGER", SqlType.INT),
                    Map.entry("SMALLINT", SqlType.INT),
                    Map.entry("TINYINT", SqlType.INT),
                    Map.entry("BIGINT", SqlType.LONG),
                    Map.entry("LONG", SqlType.LONG),
                    Map.entry("DOUBLE", SqlType.DOUBLE),
                    Map.entry("DOUBLE PRECISION", SqlType.DOUBLE),
                    Map.entry("FLOAT", SqlType.FLOAT),
                    Map.entry("REAL", SqlType.FLOAT),
                    Map.entry("STRING", SqlType.STRING),
                    Map.entry("VARCHAR", SqlType.STRING),
                    Map.entry("CHAR", SqlType.STRING),
                    Map.entry("TEXT", SqlType.STRING),
                    Map.entry("BOOLEAN", SqlType.BOOLEAN),
                    Map.entry("BOOL", SqlType.BOOLEAN),
                    Map.entry("TIMESTAMP", SqlType.TIMESTAMP),
                    Map.entry("DATE", SqlType.DATE));

    private CastTypes() {}

    /** The SQL type that {@code type}, as JSqlParser read it, names. */
    static SqlType parse(ColDataType type, Site site) {
        String text = type.getDataType().trim();
        List<Integer> arguments = new ArrayList<>();
        int open = text.indexOf('(');
        String name = (open < 0 ? text : text.substring(0, open)).trim().toUpperCase(Locale.ROOT);
        if (open >= 0) {
            int close = text.lastIndexOf(')');
            arguments.addAll(
                    numbers(text.substring(open + 1, close > open ? close : text.length()), site));
        }
        if (type.getArgumentsStringList() != null) {
            arguments.addAll(numbers(String.join(",", type.getArgumentsStringList()), site));
        }
        name = name.replaceAll("\\s+", " ");
        if (name.equals("DECIMAL") || name.equals("NUMERIC")) {
            return decimal(arguments, site);
        }
        SqlType simple = SIMPLE.get(name);
        if (simple == null) {
            throw site.error("unknown type '" + text + "' in CAST", "types are: " + KNOWN);
        }
        return simple;
    }

    private static List<Integer> numbers(String text, Site site) {
        List<Integer> numbers = new ArrayList<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                numbers.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw site.error("'" + part.trim() + "' is not a number in a CAST type");
            }
        }
        return numbers;
    }

    private static SqlType decimal(List<Integer> arguments, Site site) {
        int precision = arguments.isEmpty() ? 10 : arguments.get(0);
        int scale = arguments.size() < 2 ? 0 : arguments.get(1);
        if (arguments.size() > 2
                || precision < 1
                || precision > SqlType.MAX_PRECISION
                || scale < 0
                || scale > precision) {
            throw site.error(
                    "DECIMAL" + arguments + " is not a valid decimal type",
                    "write DECIMAL(p,s) with 1 <= p <= 38 and 0 <= s <= p");
        }
        return SqlType.decimal(precision, scale);
    }
}
