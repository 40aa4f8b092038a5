package dev.entangle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Collaborative text in real windows (text.html), on the JS and the Wasm build. */
class TextE2ETest extends BrowserTest {
    /** Types like a person would (one input event per character), at a position or at the 'end'. */
    private static final String TYPE = """
            async ([position, text, delay]) => {
              const notes = document.getElementById('notes');
              notes.focus();
              const at = position === 'end' ? notes.value.length : position;
              notes.setSelectionRange(at, at);
              for (const ch of text) {
                document.execCommand('insertText', false, ch);
                if (delay) await new Promise(r => setTimeout(r, delay));
              }
            }""";

    private Window writer(Build build, String clientId) {
        Window window = browser.open(hub, "/text.html?build=" + build.param() + "&client=" + clientId + "&room=text");
        window.waitUntilReady();
        return window;
    }

    private static void type(Window window, Object position, String text) {
        window.page.evaluate(TYPE, new Object[] {position, text, 0});
    }

    private static String text(Window window) {
        return window.value("#notes");
    }

    /** Cuts a window off the hub (and keeps it off) until {@link #reconnect}. */
    private void cutOff(Window window, String clientId) {
        window.context.setOffline(true);
        hub.disconnect(clientId);
        window.waitForStatus("disconnected");
    }

    private static void reconnect(Window window) {
        window.context.setOffline(false);
        window.waitForStatus("connected");
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void theClassicExampleEndsAsHexlyloInBothWindows(Build build) {
        Window a = writer(build, "alice");
        Window b = writer(build, "bob");
        type(a, 0, "hello");
        b.waitForValue("#notes", "hello");
        cutOff(b, "bob"); // so that the two inserts are truly concurrent
        type(a, 2, "x");
        type(b, 3, "y");
        reconnect(b);
        assertEquals("hexlylo", SharedText.converged(a, b));
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void twoPeopleTypingAtTheSameSpotAtOnceBothKeepTheirWords(Build build) {
        Window a = writer(build, "alice");
        Window b = writer(build, "bob");
        type(a, 0, "[]");
        b.waitForValue("#notes", "[]");
        String start = "async ([text]) => { await new Promise(r => setTimeout(r, 300 - Date.now() % 300));"
                + " window.typing = (" + TYPE + ")([1, text, 4]); }";
        a.page.evaluate(start, new Object[] {"alice"});
        b.page.evaluate(start, new Object[] {"BOB"});
        a.page.evaluate("() => window.typing");
        b.page.evaluate("() => window.typing");
        String text = SharedText.converged(a, b);
        assertEquals(2 + 5 + 3, text.length(), text);
        assertEquals("alice", text.replaceAll("[^a-z]", ""), "alice's word, in her order: " + text);
        assertEquals("BOB", text.replaceAll("[^A-Z]", ""), "bob's word, in his order: " + text);
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void threeWindowsInATypingStormConverge(Build build) {
        Window[] windows = {writer(build, "w1"), writer(build, "w2"), writer(build, "w3")};
        String storm = """
                async ([seed]) => {
                  const notes = document.getElementById('notes');
                  notes.focus();
                  let s = seed;
                  const random = n => { s = (s * 1103515245 + 12345) % 2147483648; return s % n; };
                  for (let i = 0; i < 60; i++) {
                    const length = notes.value.length;
                    const at = random(length + 1);
                    notes.setSelectionRange(at, Math.min(length, at + (random(4) === 0 ? 1 + random(3) : 0)));
                    document.execCommand('insertText', false, 'abcdefgh😀'[random(9)]);
                    await new Promise(r => setTimeout(r, random(12)));
                  }
                }""";
        for (int i = 0; i < windows.length; i++) {
            windows[i].page.evaluate("([seed]) => { window.typing = (" + storm + ")([seed]); }", new Object[] {i + 7});
        }
        for (Window w : windows) {
            w.page.evaluate("() => window.typing");
        }
        String text = SharedText.converged(windows);
        assertTrue(text.length() > 0);
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void aLoneHalfOfASurrogatePairBecomesTheSameCharacterEverywhere(Build build) {
        Window a = writer(build, "alice");
        Window b = writer(build, "bob");
        type(a, 0, "xy");
        b.waitForValue("#notes", "xy");
        // A page may insert half of an emoji ('ab😀'[2] is '\uD83D'); the WebSocket would send it
        // as U+FFFD, so the field turns it into U+FFFD first and every window keeps the same text.
        a.page.evaluate("""
                () => {
                  const notes = document.getElementById('notes');
                  notes.focus();
                  notes.setSelectionRange(1, 1);
                  document.execCommand('insertText', false, 'ab\uD83D\uDE00'[2]);
                }""");
        assertEquals("x\uFFFDy", SharedText.converged(a, b));
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void aWindowThatWentOfflineMidTypingComesBackWithNothingLost(Build build) {
        Window a = writer(build, "alice");
        Window b = writer(build, "bob");
        type(a, 0, "shared. ");
        b.waitForValue("#notes", "shared. ");
        type(b, "end", "bob was ");
        cutOff(b, "bob");
        type(b, "end", "offline and kept typing.");
        type(a, 0, "Alice stayed online. ");
        b.page.waitForTimeout(300);
        assertEquals("shared. bob was offline and kept typing.", text(b), "bob really was cut off");
        reconnect(b);
        assertEquals("Alice stayed online. shared. bob was offline and kept typing.", SharedText.converged(a, b));
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void undoTakesBackMyOwnLastEditAndNotMyColleagues(Build build) {
        Window a = writer(build, "alice");
        Window b = writer(build, "bob");
        type(a, 0, "one");
        b.waitForValue("#notes", "one");
        a.page.waitForTimeout(1_100); // a pause ends an undo step
        type(b, 0, "Bob: ");
        a.waitForValue("#notes", "Bob: one");
        type(a, "end", " two");
        b.waitForValue("#notes", "Bob: one two");
        a.page.keyboard().press("Control+z");
        assertEquals("Bob: one", SharedText.converged(a, b));
        a.page.keyboard().press("Control+z");
        assertEquals("Bob: ", SharedText.converged(a, b));
        a.page.keyboard().press("Control+Shift+z");
        assertEquals("Bob: one", SharedText.converged(a, b));
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void remoteEditsKeepMyCaretWhereIMeantItAndIShowWhereTheirsIs(Build build) {
        Window a = writer(build, "alice");
        Window b = writer(build, "bob");
        type(a, 0, "hello world");
        b.waitForValue("#notes", "hello world");
        b.page.evaluate("() => { notes.focus(); notes.setSelectionRange(6, 11); }"); // bob selects "world"
        b.page.evaluate("() => { window.lastCursors = [];"
                + " notes.addEventListener('entangle-cursors', e => { window.lastCursors = e.detail.cursors; }); }");
        type(a, 0, ">> ");
        b.waitForValue("#notes", ">> hello world");
        assertEquals(List.of(9, 14), b.page.evaluate("() => [notes.selectionStart, notes.selectionEnd]"),
                "bob's selection still covers 'world'");
        b.page.waitForFunction("() => window.lastCursors.some(c => c.clientId === 'alice' && c.head === 3)");
        b.page.locator(".caret[data-client='alice']").waitFor();
        assertEquals("alice", b.page.locator(".caret[data-client='alice'] span").textContent());
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void aPlainTextContentEditableKeepsItsTextAndItsSelectionInStep(Build build) {
        String join = "async id => { const c = await Entangle.connect({ clientId: id, room: 'editable' });"
                + " window.shared = await c.text(document.getElementById('editable'), { doc: 'page' }); return c.status; }";
        String typeAtEnd = "text => { const el = document.getElementById('editable'); el.focus();"
                + " const s = getSelection(); s.selectAllChildren(el); s.collapseToEnd();"
                + " for (const ch of text) document.execCommand('insertText', false, ch); }";
        String content = "() => document.getElementById('editable').textContent";
        Window a = browser.open(hub, "/lab.html?build=" + build.param());
        Window b = browser.open(hub, "/lab.html?build=" + build.param());
        a.waitUntilReady();
        b.waitUntilReady();
        assertEquals("connected", a.page.evaluate(join, "alice"));
        assertEquals("connected", b.page.evaluate(join, "bob"));

        a.page.evaluate(typeAtEnd, "hello world");
        b.page.waitForFunction("() => document.getElementById('editable').textContent === 'hello world'");
        b.page.evaluate("() => { const el = document.getElementById('editable'); el.focus();"
                + " getSelection().setBaseAndExtent(el.firstChild, 6, el.firstChild, 11); }"); // bob selects "world"
        a.page.evaluate("() => { const el = document.getElementById('editable'); el.focus();"
                + " getSelection().setBaseAndExtent(el.firstChild, 0, el.firstChild, 0);"
                + " document.execCommand('insertText', false, '>'); }");
        b.page.waitForFunction("() => document.getElementById('editable').textContent === '>hello world'");
        assertEquals("world", b.page.evaluate("() => getSelection().toString()"), "bob's selection stayed on 'world'");
        b.page.evaluate(typeAtEnd, "!");
        a.page.waitForFunction("() => document.getElementById('editable').textContent === '>hello world!'");
        assertEquals(a.page.evaluate(content), b.page.evaluate(content));
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void openingADocumentTwiceIsRefusedAndTheFirstBindingKeepsWorking(Build build) {
        String open = "async ([id, field]) => { window.client = window.client"
                + " || await Entangle.connect({ clientId: id, room: 'twice' });"
                + " return client.text(document.getElementById(field), { doc: 'page' })"
                + ".then(() => 'bound', e => e.constructor.name + ': ' + e.message); }";
        Window a = browser.open(hub, "/lab.html?build=" + build.param());
        Window b = browser.open(hub, "/lab.html?build=" + build.param());
        a.waitUntilReady();
        b.waitUntilReady();
        assertEquals("bound", a.page.evaluate(open, new Object[] {"alice", "editable"}));
        assertEquals("Error: client.text: document 'page' is already open in this client",
                a.page.evaluate(open, new Object[] {"alice", "title"}));
        assertEquals("bound", b.page.evaluate(open, new Object[] {"bob", "title"}));
        b.page.locator("#title").fill("still reaches alice");
        a.page.waitForFunction("() => document.getElementById('editable').textContent === 'still reaches alice'");
    }
}
