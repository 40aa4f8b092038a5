package dev.entangle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Bad options get the same TypeError, naming the option, on the JS and the Wasm build. */
class ApiOptionsE2ETest extends BrowserTest {
    private static final Map<String, String> CASES = new LinkedHashMap<>();

    static {
        CASES.put("Entangle.connect({ clientId: 42 })",
                "TypeError: Entangle.connect: options.clientId must be a string, got number 42");
        CASES.put("Entangle.connect({ room: 'r' })", "TypeError: Entangle.connect: options.clientId is required (a string)");
        CASES.put("Entangle.connect()", "TypeError: Entangle.connect: options must be an object, got undefined");
        CASES.put("Entangle.connect('alice')", "TypeError: Entangle.connect: options must be an object, got string \"alice\"");
        CASES.put("Entangle.connect({ clientId: 'a b' })",
                "TypeError: Entangle.connect: options.clientId may hold only letters, digits and - _ . : @, got 'a b'");
        CASES.put("Entangle.connect({ clientId: 'a', url: 'http://x' })",
                "TypeError: Entangle.connect: options.url must start with ws:// or wss://, got string \"http://x\"");
        CASES.put("Entangle.connect({ clientId: 'a', url: [] })",
                "TypeError: Entangle.connect: options.url must hold at least one hub URL, got an empty array");
        CASES.put("Entangle.connect({ clientId: 'a', url: ['ws://x/entangle', 'http://y'] })",
                "TypeError: Entangle.connect: options.url[1] must start with ws:// or wss://, got string \"http://y\"");
        CASES.put("Entangle.connect({ clientId: 'a', url: 7070 })",
                "TypeError: Entangle.connect: options.url must be a ws:// or wss:// URL or an array of them, got number 7070");
        CASES.put("Entangle.sync({ url: [42] })", "TypeError: Entangle.sync: options.url[0] must be a string, got number 42");
        CASES.put("Entangle.connect({ clientId: 'a', room: ['r'] })",
                "TypeError: Entangle.connect: options.room must be a string, got array");
        CASES.put("client.entangle(document.getElementById('title'), { mode: 'sideways' })",
                "TypeError: client.entangle: options.mode must be one of 'bidirectional', 'mirror', 'mesh', got string \"sideways\"");
        CASES.put("client.entangle('#title')", "TypeError: client.entangle: element must be a DOM Element, got string \"#title\"");
        CASES.put("client.entangle(document.createElement('div'))",
                "TypeError: client.entangle: options.selector is required for an element without an id");
        CASES.put("client.entangle(document.getElementById('title'), { to: 'not an id!' })",
                "TypeError: client.entangle: options.to must be '*', a client id, a pattern like 'user-*' or 'team:name': may hold only letters, digits and - _ . : @, got 'not an id!'");
        CASES.put("client.entangle(document.getElementById('title'), { transform: { inverse: 100 } })",
                "TypeError: client.entangle: options.transform must be {inverse: [min, max]}, {scale: number}, {offset: number} or a registered name");
        CASES.put("client.entangle(document.getElementById('title'), { transform: 'nope' })",
                "TypeError: client.entangle: options.transform names no registered transform: 'nope' (call Entangle.registerTransform first)");
        CASES.put("client.entangle(document.getElementById('title'), { batch: -1 })",
                "TypeError: client.entangle: options.batch must be a whole number from 0 to 10000, got number -1");
        CASES.put("client.entangle(document.getElementById('title'), { attributes: 'value' })",
                "TypeError: client.entangle: options.attributes must be a non-empty array of strings, got string \"value\"");
        CASES.put("client.mesh([document.getElementById('title')], [])",
                "TypeError: client.mesh: members must be a non-empty array of client ids, got object");
        CASES.put("Entangle.connect({ clientId: 'a', signal: 42 })",
                "TypeError: Entangle.connect: options.signal must be an AbortSignal, got number 42");
        CASES.put("Entangle.connect({ clientId: 'a', debug: 'yes' })",
                "TypeError: Entangle.connect: options.debug must be true or false, got string \"yes\"");
        CASES.put("client.entangle(document.getElementById('title'), { signal: new AbortController() })",
                "TypeError: client.entangle: options.signal must be an AbortSignal, got object");
        CASES.put("Entangle.sync({ signal: {} })", "TypeError: Entangle.sync: options.signal must be an AbortSignal, got object");
        CASES.put("Entangle.sync({ transport: 'pigeon' })",
                "TypeError: Entangle.sync: options.transport must be one of 'auto', 'websocket', 'http', got string \"pigeon\"");
        CASES.put("Entangle.sync({ mutators: { addTodo: 5 } })",
                "TypeError: Entangle.sync: options.mutators 'addTodo' must be a function");
        CASES.put("Entangle.sync({ room: 'a b' })",
                "TypeError: Entangle.sync: options.room may hold only letters, digits and - _ . : @, got 'a b'");
        CASES.put("Entangle.sync({ debounceMs: -1 })",
                "TypeError: Entangle.sync: options.debounceMs must be a whole number from 0 to 60000, got number -1");
        CASES.put("(async () => Entangle.registerTransform('x', 1, 2))()",
                "TypeError: Entangle.registerTransform(name, forward, inverse): a string and two functions, got string \"x\", number 1, number 2");
        CASES.put("(async () => client.on('nope', () => {}))()", "TypeError: client.on: event must be 'status', 'error', 'synced', 'unsynced', 'presence' or 'cursor', got string \"nope\"");
        CASES.put("(async () => client.on('status', 42))()", "TypeError: client.on: listener must be a function, got number 42");
        CASES.put("(async () => client.presence.set('busy'))()",
                "TypeError: client.presence.set: state must be an object, got string \"busy\"");
        CASES.put("(async () => client.presence.set({ clientId: 'bob' }))()",
                "TypeError: client.presence.set: 'clientId' is the hub's to set, not the page's");
        CASES.put("(async () => client.presence.set({ status: 3 }))()",
                "TypeError: client.presence.set: status must be a string, got number 3");
        CASES.put("Entangle.connect({ clientId: 'a', presence: [] })",
                "TypeError: Entangle.connect: options.presence must be an object (status, name, color, avatar, ...)");
        CASES.put("(async () => client.chat('a b'))()",
                "TypeError: client.chat: name may hold only letters, digits and - _ . : @, got 'a b'");
        CASES.put("client.chat().send(42)", "TypeError: chat.send: text must be a string, got number 42");
        CASES.put("client.chat().search('x', { since: 'yesterday' })",
                "TypeError: chat.search: options.since must be a time in milliseconds since the epoch");
        CASES.put("client.activity.post({ type: 'run' })",
                "TypeError: activity.post: entry must be an object with a string type and summary, got object");
        CASES.put("(async () => Entangle.cursors(document.body, {}))()",
                "TypeError: Entangle.cursors: options.client must be a client from Entangle.connect");
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void badOptionsAreRejectedWithATypeErrorNamingTheOption(Build build) {
        Window window = browser.open(hub, "/lab.html?build=" + build.param());
        window.waitUntilReady();
        window.page.evaluate("async () => { window.client = await Entangle.connect({ clientId: 'tester', room: 'api' }); }");
        for (Map.Entry<String, String> c : CASES.entrySet()) {
            Object outcome = window.page.evaluate("() => Promise.resolve().then(() => " + c.getKey() + ")"
                    + ".then(() => 'resolved', e => e.constructor.name + ': ' + e.message)");
            assertEquals(c.getValue(), outcome, c.getKey());
        }
        window.close();
    }
}
