package dev.entangle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every capability of entanglement (issue 3) across two or three real windows, on the JS and the
 * Wasm build: targets, what is synchronised, meshes, attribute lists, transforms, ownership,
 * causal order, batching, persistent sessions and awareness events.
 */
class EntanglementFeaturesE2ETest extends BrowserTest {

    /** Connects a lab window as {@code clientId} with {@code teams} and entangles {id: options}. */
    private static final String JOIN = """
            async ([url, clientId, teams, bindings, room]) => {
              window.errors = []; window.applied = []; window.awareness = [];
              document.addEventListener('entangle-mutation', e => applied.push(e.detail));
              document.addEventListener('entangle-awareness', e => awareness.push(e.detail));
              const options = { url, clientId, room };
              if (teams.length) options.teams = teams;
              const client = await Entangle.connect(options);
              client.on('error', e => errors.push(e.code));
              window.client = client; window.links = {};
              for (const [id, opts] of bindings) links[id] = await client.entangle(document.getElementById(id), opts);
              return client.status;
            }""";

    private Window lab(Build build, String clientId, List<String> teams, List<List<Object>> bindings) {
        return lab(build, clientId, teams, bindings, "lab");
    }

    private Window lab(Build build, String clientId, List<String> teams, List<List<Object>> bindings, String room) {
        Window window = browser.open(hub, "/lab.html?build=" + build.param());
        window.waitUntilReady();
        assertEquals("connected", window.page.evaluate(JOIN, List.of(url(), clientId, teams, bindings, room)));
        return window;
    }

    private String url() {
        return "ws://127.0.0.1:" + hub.port() + "/entangle";
    }

    private static List<Object> bind(String id, Map<String, Object> options) {
        return List.of(id, options);
    }

    private Window page(Build build, String path, String clientId) {
        Window window = browser.open(hub, "/" + path + (path.contains("?") ? "&" : "?") + "build=" + build.param()
                + "&client=" + clientId);
        window.waitUntilReady();
        return window;
    }

    // 1. Targets

    @ParameterizedTest
    @EnumSource(Build.class)
    void aPatternAndATeamTargetReachTheirClientsIncludingOnesThatJoinLater(Build build) {
        Window alice = lab(build, "alice", List.of(), List.of(
                bind("volume", Map.of("to", "user-*,team:red", "batch", 0)), bind("title", Map.of())));
        Window bob = lab(build, "user-bob", List.of(), List.of(bind("volume", Map.of()), bind("title", Map.of())));
        Window carol = lab(build, "carol", List.of("red"), List.of(bind("volume", Map.of()), bind("title", Map.of())));
        Window dave = lab(build, "dave", List.of("blue"), List.of(bind("volume", Map.of()), bind("title", Map.of())));

        alice.input("#volume", "300");
        bob.waitForValue("#volume", "300");
        carol.waitForValue("#volume", "300");
        alice.page.locator("#title").fill("marker");
        dave.waitForValue("#title", "marker"); // alice's changes reach dave in order: the volume would be here by now
        assertEquals("0", dave.value("#volume"), "dave matches neither user-* nor team:red");
    }

    // 2. What is synchronised

    @ParameterizedTest
    @EnumSource(Build.class)
    void attributesFormPropertiesAndTextTravel(Build build) {
        List<List<Object>> bindings = List.of(bind("link", Map.of()), bind("note", Map.of()), bind("flag", Map.of()),
                bind("choice", Map.of()));
        Window alice = lab(build, "alice", List.of(), bindings);
        Window bob = lab(build, "bob", List.of(), bindings);
        alice.page.evaluate("() => { document.getElementById('link').className = 'big red';"
                + " document.getElementById('note').textContent = '<b>plain text</b>'; }");
        alice.page.locator("#flag").check();
        alice.page.locator("#choice").selectOption("two");
        bob.page.waitForFunction("() => document.getElementById('link').className === 'big red'"
                + " && document.getElementById('note').textContent === '<b>plain text</b>'"
                + " && document.getElementById('flag').checked && document.getElementById('choice').selectedIndex === 2");
        assertEquals(0, ((Number) bob.page.evaluate("() => document.getElementById('note').children.length")).intValue());
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void aSharedListsItemsAreAddedRemovedAndReorderedInEveryWindow(Build build) {
        Window alice = page(build, "list.html", "alice");
        Window bob = page(build, "list.html", "bob");
        for (String item : List.of("milk", "eggs", "bread")) {
            alice.page.locator("#new-item").fill(item);
            alice.page.locator("#add-form button").click();
        }
        bob.page.waitForFunction("() => document.querySelectorAll('#items li').length === 3");
        bob.page.locator("#items li:nth-child(3) .up").click(); // bread above eggs
        alice.page.waitForFunction("() => document.querySelector('#items li:nth-child(2) span').textContent === 'bread'");
        alice.page.locator("#items li:nth-child(1) .remove").click();
        String expected = "bread,eggs";
        bob.page.waitForFunction("expected => [...document.querySelectorAll('#items li span')].map(s => s.textContent)"
                + ".join() === expected", expected);
        bob.page.locator("#items li:nth-child(1) .up").click(); // a click on the first item's ↑ does nothing
        bob.page.locator("#new-item").fill("<img src=x onerror=alert(1)>");
        bob.page.locator("#add-form button").click();
        alice.page.waitForFunction("() => document.querySelectorAll('#items li').length === 3");
        assertEquals("<img src=x onerror=alert(1)>", alice.page.evaluate(
                "() => document.querySelector('#items li:nth-child(3) span').textContent"));
        assertEquals(0, ((Number) alice.page.evaluate("() => document.querySelectorAll('#items img').length")).intValue());
    }

    // 3. Modes: meshes (mirror and bidirectional: EntanglementE2ETest)

    @ParameterizedTest
    @EnumSource(Build.class)
    void aMeshOfThreeTogglesKeepsEveryMemberInStepAndRefusesAnOutsider(Build build) {
        Window alice = page(build, "mesh.html", "alice");
        Window bob = page(build, "mesh.html", "bob");
        Window carol = page(build, "mesh.html", "carol");
        alice.page.locator("#lights").check();
        bob.page.locator("#music").check();
        carol.page.locator("#heating").check();
        for (Window w : List.of(alice, bob, carol)) {
            w.page.waitForFunction("() => ['lights', 'music', 'heating'].every(id => document.getElementById(id).checked)");
        }
        bob.page.locator("#lights").uncheck();
        alice.waitForChecked("#lights", false);
        carol.waitForChecked("#lights", false);

        Window dave = browser.open(hub, "/mesh.html?build=" + build.param() + "&client=dave");
        dave.page.waitForFunction("() => document.body.dataset.failed !== undefined");
        assertTrue(((String) dave.page.evaluate("() => document.body.dataset.failed")).contains("not_member"));
    }

    // 4. Selective entanglement

    @ParameterizedTest
    @EnumSource(Build.class)
    void attributeListsChooseWhatIsSynchronised(Build build) {
        Window alice = lab(build, "alice", List.of(), List.of(bind("link", Map.of("ignoreAttributes", List.of("style")))));
        Window bob = lab(build, "bob", List.of(), List.of(bind("link", Map.of("attributes", List.of("title", "style")))));
        alice.page.evaluate("() => { const a = document.getElementById('link'); a.style.color = 'red';"
                + " a.className = 'not-for-bob'; a.title = 'for bob'; }");
        bob.page.waitForFunction("() => document.getElementById('link').title === 'for bob'");
        assertEquals("", bob.page.evaluate("() => document.getElementById('link').className"), "bob lists title and style only");
        assertEquals("", bob.page.evaluate("() => document.getElementById('link').style.color"), "alice ignores style");
        bob.page.evaluate("() => { document.getElementById('link').className = 'local only'; }");
        bob.page.evaluate("() => { document.getElementById('link').title = 'for alice'; }");
        alice.page.waitForFunction("() => document.getElementById('link').title === 'for alice'");
        assertEquals("not-for-bob", alice.page.evaluate("() => document.getElementById('link').className"));
    }

    // 5. Transforms

    @ParameterizedTest
    @EnumSource(Build.class)
    void anInverseAndANamedTransformMapValuesBothWaysExactly(Build build) {
        Window left = page(build, "sliders.html", "left");
        Window right = page(build, "sliders.html?side=right&unit=f", "right");
        right.waitForValue("#balance", "50");
        left.input("#balance", "30");
        right.waitForValue("#balance", "70");
        right.input("#balance", "90");
        left.waitForValue("#balance", "10");

        left.input("#temperature", "100");
        right.waitForValue("#temperature", "212");
        right.input("#temperature", "98.6");
        left.waitForValue("#temperature", "37");
        right.input("#temperature", "-40");
        left.waitForValue("#temperature", "-40");
        assertEquals("-40", right.value("#temperature"), "a value typed here is never rewritten by its own echo");
    }

    // 6. Ownership tokens

    @ParameterizedTest
    @EnumSource(Build.class)
    void onlyTheHolderMovesAnOwnedControlAndTheTokenMovesAsTheHubSays(Build build) {
        Window alice = page(build, "control.html", "alice"); // the first to bind: holds the token
        Window bob = page(build, "control.html", "bob");
        bob.page.waitForFunction("() => document.getElementById('owner').dataset.owner === 'alice'");

        bob.input("#speed", "150");
        bob.waitForValue("#speed", "0"); // refused by the hub (not_owner) and rolled back
        alice.input("#speed", "40");
        bob.waitForValue("#speed", "40");

        bob.page.locator("#take").click(); // alice holds it: she is asked
        alice.page.locator("#give:not([hidden])").waitFor();
        assertEquals("bob", alice.page.locator("#asker").textContent());
        alice.page.locator("#give").click();
        for (Window w : List.of(alice, bob)) {
            w.page.waitForFunction("() => document.getElementById('owner').dataset.owner === 'bob'");
        }
        bob.input("#speed", "120");
        alice.waitForValue("#speed", "120");
        alice.input("#speed", "5");
        alice.waitForValue("#speed", "120");

        bob.page.locator("#release").click();
        alice.page.waitForFunction("() => document.getElementById('owner').dataset.owner === ''");
        alice.page.locator("#take").click();
        bob.page.waitForFunction("() => document.getElementById('owner').dataset.owner === 'alice'");
        @SuppressWarnings("unchecked")
        List<String> log = (List<String>) bob.page.evaluate("() => [...document.querySelectorAll('#log li')].map(l => l.textContent)");
        assertTrue(log.stream().anyMatch(line -> line.contains("not_owner")), log.toString());
    }

    // 7. Causal order

    @ParameterizedTest
    @EnumSource(Build.class)
    void concurrentChangesConvergeAndAReplyNeverArrivesBeforeWhatItAnswers(Build build) {
        Map<String, Object> noBatch = Map.of("batch", 0);
        List<List<Object>> bindings = List.of(bind("volume", noBatch), bind("title", noBatch));
        Window alice = lab(build, "alice", List.of(), bindings);
        Window bob = lab(build, "bob", List.of(), bindings);
        Window carol = lab(build, "carol", List.of(), bindings);
        // bob answers every title he sees with a volume: the volume causally depends on the title
        bob.page.evaluate("() => document.addEventListener('entangle-mutation', e => {"
                + " if (e.detail.selector === '#title') { const v = document.getElementById('volume');"
                + " v.value = e.detail.value.slice(5); v.dispatchEvent(new Event('input')); } })");
        String hammer = "async ([id, from]) => { const v = document.getElementById(id);"
                + " for (let i = 0; i < 40; i++) { v.value = String(from + i); v.dispatchEvent(new Event('input'));"
                + " await new Promise(r => setTimeout(r, 2)); } }";
        for (int round = 1; round <= 10; round++) {
            alice.page.locator("#title").fill("ping " + (500 + round));
        }
        alice.page.evaluate(hammer, List.of("volume", 100));
        carol.page.evaluate(hammer, List.of("volume", 200));
        String settled = "() => [document.getElementById('volume').value, document.getElementById('title').value].join()";
        carol.page.waitForTimeout(300);
        for (int i = 0; i < 50; i++) {
            Object a = alice.page.evaluate(settled);
            if (a.equals(bob.page.evaluate(settled)) && a.equals(carol.page.evaluate(settled))) {
                break;
            }
            carol.page.waitForTimeout(100);
        }
        assertEquals(alice.page.evaluate(settled), bob.page.evaluate(settled), "the same value wins everywhere");
        assertEquals(alice.page.evaluate(settled), carol.page.evaluate(settled));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> seen = (List<Map<String, Object>>) carol.page.evaluate("() => window.applied");
        int answers = 0;
        for (int i = 0; i < seen.size(); i++) {
            Map<String, Object> change = seen.get(i);
            if ("#volume".equals(change.get("selector")) && "bob".equals(change.get("source"))) {
                String answered = "ping " + change.get("value");
                boolean before = seen.subList(0, i).stream().anyMatch(c -> answered.equals(c.get("value")));
                assertTrue(before, "carol applied bob's answer " + change.get("value") + " before the ping it answers");
                answers++;
            }
        }
        assertTrue(answers > 0, "carol saw at least one of bob's answers: " + seen);
    }

    // 8. Batching

    @ParameterizedTest
    @EnumSource(Build.class)
    void aDragIsCoalescedWithinTheBatchWindowAndItsLastValueArrives(Build build) {
        Window alice = lab(build, "alice", List.of(), List.of(bind("volume", Map.of("batch", 40)),
                bind("notes", Map.of("batch", 0))));
        Window bob = lab(build, "bob", List.of(), List.of(bind("volume", Map.of()), bind("notes", Map.of())));
        String drag = "async id => { const v = document.getElementById(id);"
                + " for (let i = 1; i <= 100; i++) { v.value = String(i); v.dispatchEvent(new Event('input'));"
                + " if (i % 10 === 0) await new Promise(r => setTimeout(r, 4)); } }";
        String applied = "id => applied.filter(d => d.selector === id).length";
        long before = hub.stats().messagesIn();
        alice.page.evaluate(drag, "volume");
        bob.waitForValue("#volume", "100");
        long frames = hub.stats().messagesIn() - before;
        alice.page.evaluate(drag, "notes");
        bob.waitForValue("#notes", "100");
        int batched = ((Number) bob.page.evaluate(applied, "#volume")).intValue();
        int unbatched = ((Number) bob.page.evaluate(applied, "#notes")).intValue();
        assertTrue(frames <= 10, "100 changes within ~40 ms went out in " + frames + " frames");
        assertTrue(batched <= 10, "bob saw " + batched + " of the 100 values, the last among them");
        assertEquals(100, unbatched, "without a window every change goes out (in one frame per task)");
        assertEquals("100", alice.value("#volume"));
    }

    // 9. Sessions across reloads and pages

    @ParameterizedTest
    @EnumSource(Build.class)
    void persistentBindingsComeBackAfterAReloadAndOnAnotherPageOfTheSession(Build build) {
        Window watcher = lab(build, "watcher", List.of(), List.of(), "demo-form");
        Window pat = page(build, "form.html", "pat");
        pat.page.locator("#name").fill("Pat");
        pat.page.locator("#plan").selectOption("Team");
        pat.page.locator("#newsletter").check();
        pat.page.waitForFunction("() => entangleClient.pending === 0");

        pat.page.reload();
        pat.waitUntilReady();
        pat.waitForValue("#name", "Pat");
        pat.waitForChecked("#newsletter", true);
        assertEquals(3, ((Number) pat.page.evaluate("() => entangleLinks.length")).intValue());
        assertTrue((Boolean) pat.page.evaluate("() => [...document.querySelectorAll('#log li')]"
                + ".some(l => l.textContent.startsWith('restored 3'))"));

        pat.page.locator("#next").click();
        pat.page.waitForURL("**/review.html**");
        pat.waitUntilReady();
        pat.waitForValue("#name", "Pat");
        assertEquals(1, ((Number) pat.page.evaluate("() => document.getElementById('plan').selectedIndex")).intValue());
        pat.page.locator("#name").fill("Pat Smith");
        pat.page.goBack();
        pat.waitUntilReady();
        pat.waitForValue("#name", "Pat Smith");
        pat.waitForChecked("#newsletter", true);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> seen = (List<Map<String, Object>>) watcher.page.evaluate("() => window.awareness");
        assertFalse(seen.stream().anyMatch(e -> "pat".equals(e.get("clientId")) && "left".equals(e.get("type"))),
                "reloads and page moves within the grace period are not a leave: " + seen);
    }

    // 10. Awareness events

    @ParameterizedTest
    @EnumSource(Build.class)
    void awarenessEventsSayWhoJoinedLeftAndChangedWhat(Build build) {
        Window alice = lab(build, "alice", List.of(), List.of(bind("volume", Map.of("batch", 0))));
        Window bob = lab(build, "bob", List.of("red"), List.of(bind("volume", Map.of("batch", 0))));
        alice.page.waitForFunction("() => awareness.some(e => e.type === 'joined' && e.clientId === 'bob'"
                + " && e.teams.join() === 'red')");
        assertTrue((Boolean) bob.page.evaluate("() => awareness.some(e => e.type === 'present' && e.clientId === 'alice')"));
        assertEquals(List.of("alice"), bob.page.evaluate("() => client.peers"));
        bob.input("#volume", "640");
        alice.page.waitForFunction("() => applied.some(d => d.source === 'bob' && d.selector === '#volume'"
                + " && d.value === '640' && d.oldValue === '0' && d.kind === 'property' && d.name === 'value')");
        bob.close();
        alice.page.waitForFunction("() => awareness.some(e => e.type === 'left' && e.clientId === 'bob')");
        assertEquals(List.of(), alice.page.evaluate("() => client.peers"));
    }

    // Safety

    @ParameterizedTest
    @EnumSource(Build.class)
    void aPeerCannotSlipScriptIntoASharedListOrWriteOutsideTheLists(Build build) throws Exception {
        Window victim = lab(build, "victim", List.of(), List.of(bind("note", Map.of("children", true)),
                bind("link", Map.of("attributes", List.of("title")))));
        try (dev.entangle.hub.RawSocketClient mallory = new dev.entangle.hub.RawSocketClient(url())) {
            mallory.send("{\"type\":\"hello\",\"clientId\":\"mallory\",\"room\":\"lab\"}");
            mallory.send("{\"type\":\"entangle\",\"seq\":1,\"selector\":\"#note\",\"to\":\"*\",\"mode\":\"bidirectional\"}");
            mallory.send("{\"type\":\"entangle\",\"seq\":2,\"selector\":\"#link\",\"to\":\"*\",\"mode\":\"bidirectional\"}");
            long seq = 2;
            for (String list : List.of("[{\\\"tag\\\":\\\"script\\\",\\\"children\\\":[\\\"window.pwned=true\\\"]}]",
                    "[{\\\"tag\\\":\\\"img\\\",\\\"attrs\\\":{\\\"src\\\":\\\"x\\\",\\\"onerror\\\":\\\"window.pwned=true\\\"}}]",
                    "[{\\\"tag\\\":\\\"iframe\\\",\\\"attrs\\\":{\\\"srcdoc\\\":\\\"<script>parent.pwned=true</script>\\\"}}]",
                    "[{\\\"tag\\\":\\\"a\\\",\\\"attrs\\\":{\\\"href\\\":\\\"javascript:window.pwned=true\\\"}}]")) {
                mallory.send(change(++seq, "#note", "children", null, list));
                String error = mallory.next("\"type\":\"error\"");
                assertTrue(error.contains("\"unsafe_mutation\"") && error.contains("\"seq\":" + seq), error);
            }
            mallory.send(change(++seq, "#link", "attribute", "href", "/elsewhere")); // not on the victim's list
            mallory.send(change(++seq, "#note", "children", null, "[{\\\"tag\\\":\\\"b\\\",\\\"children\\\":[\\\"safe\\\"]}]"));
            victim.page.waitForFunction("() => document.querySelector('#note b')?.textContent === 'safe'");
            mallory.send("{\"type\":\"mutation\",\"vector\":{\"selector\":\"#link\",\"kind\":\"attribute\",\"name\":\"title\","
                    + "\"newValue\":\"x\",\"source\":\"victim\",\"seq\":99,\"timestamp\":1}}");
            assertTrue(mallory.next("\"type\":\"error\"").contains("identity_mismatch"), "mallory cannot send as the victim");
            mallory.send(change(100, "#title", "property", "value", "not mallory's binding"));
            assertTrue(mallory.next("\"type\":\"error\"").contains("not_entangled"), "nor change a binding it is not part of");
        }
        assertEquals(false, victim.page.evaluate("() => window.pwned"));
        assertEquals("/safe", victim.page.evaluate("() => document.getElementById('link').getAttribute('href')"));
        assertEquals(0, ((Number) victim.page.evaluate("() => document.querySelectorAll('#note script, #note img,"
                + " #note iframe, #note a').length")).intValue());
        assertTrue(hub.statsJson().contains("\"unsafe_mutation\":4"), hub.statsJson());
    }

    private static String change(long seq, String selector, String kind, String name, String value) {
        return "{\"type\":\"mutation\",\"vector\":{\"selector\":\"" + selector + "\",\"kind\":\"" + kind + "\","
                + (name == null ? "" : "\"name\":\"" + name + "\",") + "\"newValue\":\"" + value
                + "\",\"source\":\"mallory\",\"seq\":" + seq + ",\"timestamp\":1}}";
    }
}
