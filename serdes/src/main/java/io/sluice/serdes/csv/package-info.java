/**
 * The CSV codec reads and writes one CSV line per record against a flat row schema, with
 * jackson-dataformat-csv doing the quoting and escaping.
 *
 * <p>Columns map to fields by a header line, a configured column list or the schema's field order;
 * cells are converted by the same text rules as JSON strings. {@link
 * io.sluice.serdes.csv.CsvOptions} holds the dialect and type rules.
 */
package io.sluice.serdes.csv;
