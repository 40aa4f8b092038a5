package dev.entangle.core.json;

/**
 * Turns JSON text into the tree {@link JsonObject} reads — maps, lists, strings, longs (integers),
 * doubles (other numbers: or a platform's own {@link Number}, whose {@code toString} is its JSON text),
 * booleans and nulls — and such a tree back into text. {@link Json#SIMPLE}
 * (json-simple) serves everywhere; a platform may bring a faster engine that yields the same trees,
 * as the browser client does with the browser's own parser.
 */
public interface JsonEngine {

    /** One JSON value; anything else, trailing garbage included, is a {@link JsonException.Problem#MALFORMED} error. */
    Object parse(String text) throws JsonException;

    /** The tree as text; map entries in their iteration order, null map values written as null. */
    String write(Object value);
}
