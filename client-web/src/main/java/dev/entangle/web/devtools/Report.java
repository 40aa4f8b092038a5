package dev.entangle.web.devtools;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the clients of the page hold at one moment, as plain text tables: each client writes its
 * sections, the panel turns them into DOM. Cells are strings, shown as text, never as markup.
 */
public final class Report {

    /** One client's block: its title and its tables. */
    record Block(String title, List<Table> tables) {
    }

    /** A table: a title, its column names and its rows (each as long as the columns). */
    record Table(String title, List<String> columns, List<List<String>> rows) {
    }

    private final List<Block> blocks = new ArrayList<>();

    /** Starts the block of one client. */
    public Report client(String title) {
        blocks.add(new Block(title, new ArrayList<>()));
        return this;
    }

    /** Starts a table in the current client's block. */
    public Report table(String title, String... columns) {
        if (blocks.isEmpty()) {
            throw new IllegalStateException("Report.table(\"" + title + "\") before any client(...)");
        }
        blocks.get(blocks.size() - 1).tables().add(new Table(title, Arrays.asList(columns), new ArrayList<>()));
        return this;
    }

    /** A row of the current table; null cells show as empty, long ones are cut. */
    public Report row(String... cells) {
        List<Table> tables = blocks.isEmpty() ? List.of() : blocks.get(blocks.size() - 1).tables();
        if (tables.isEmpty()) {
            throw new IllegalStateException("Report.row(...) before any table(...)");
        }
        Table table = tables.get(tables.size() - 1);
        if (cells.length != table.columns().size()) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in table '" + table.title()
                    + "' of " + table.columns().size() + " columns");
        }
        List<String> row = new ArrayList<>(cells.length);
        for (String cell : cells) {
            row.add(shortened(cell));
        }
        table.rows().add(row);
        return this;
    }

    List<Block> blocks() {
        return blocks;
    }

    static final int MAX_CELL = 120;

    /** At most {@link #MAX_CELL} characters: a long value would push everything else out of sight. */
    static String shortened(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_CELL ? text : text.substring(0, MAX_CELL - 1) + "\u2026";
    }
}
