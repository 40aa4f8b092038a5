package dev.entangle.web.devtools;

import org.teavm.jso.JSBody;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSString;

/**
 * What one client holds at one moment, as plain text tables: the client writes its sections, the
 * panel turns them into DOM. Built as JavaScript objects ({@link Bridge.Block}), since the panel
 * is another bundle. Cells are strings, shown as text, never as markup.
 */
public final class Report {
    private final JSArray<Bridge.Block> blocks = JSArray.create();
    private Bridge.Block block;
    private Bridge.Table table;

    /** Starts the block of one client. */
    public Report client(String title) {
        block = block(title);
        blocks.push(block);
        table = null;
        return this;
    }

    /** Starts a table in the current client's block. */
    public Report table(String title, String... columns) {
        if (block == null) {
            throw new IllegalStateException("Report.table(\"" + title + "\") before any client(...)");
        }
        table = table(title, strings(columns));
        block.getTables().push(table);
        return this;
    }

    /** A row of the current table; null cells show as empty, long ones are cut. */
    public Report row(String... cells) {
        if (table == null) {
            throw new IllegalStateException("Report.row(...) before any table(...)");
        }
        if (cells.length != table.getColumns().getLength()) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in table '" + table.getTitle()
                    + "' of " + table.getColumns().getLength() + " columns");
        }
        table.getRows().push(strings(cells));
        return this;
    }

    /**
     * The "Pending outbox" table of {@code state} ({@code ClientSession.outboxState()}, null when
     * nothing is pending), as the state itself: the panel reads its frames.
     */
    public Report outbox(String state) {
        table(OutboxView.TITLE, OutboxView.COLUMNS);
        setOutbox(table, state);
        return this;
    }

    /** The blocks written so far. */
    JSArray<Bridge.Block> blocks() {
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

    private static JSArray<JSString> strings(String[] cells) {
        JSArray<JSString> out = JSArray.create();
        for (String cell : cells) {
            out.push(JSString.valueOf(shortened(cell)));
        }
        return out;
    }

    @JSBody(params = {"table", "state"}, script = "table.outbox = state;")
    private static native void setOutbox(Bridge.Table table, String state);

    @JSBody(params = "title", script = "return { title: title, tables: [] };")
    private static native Bridge.Block block(String title);

    @JSBody(params = {"title", "columns"}, script = "return { title: title, columns: columns, rows: [] };")
    private static native Bridge.Table table(String title, JSArray<JSString> columns);
}
