package dev.entangle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entangle.hub.RawSocketClient;
import io.javalin.Javalin;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A remote change never runs script in the receiving page: the hub refuses it, and the page
 * refuses it again when a hub (here, a malicious one) relays it anyway.
 */
class SecurityE2ETest extends BrowserTest {
    private static final List<String[]> ATTACKS = List.of(
            new String[] {"#title", "attribute", "onfocus", "window.pwned = true"},
            new String[] {"#title", "attribute", "ONMOUSEOVER", "window.pwned = true"},
            new String[] {"#link", "attribute", "href", "javascript:window.pwned = true"},
            new String[] {"#link", "attribute", "href", " java\\tscript:window.pwned = true"},
            new String[] {"#note", "property", "innerHTML", "<img src=x onerror=\"window.pwned = true\">"},
            new String[] {"#note", "attribute", "srcdoc", "<script>window.pwned = true</script>"},
            new String[] {"#link", "attribute", "href", "data:text/html,<script>window.pwned = true</script>"},
            new String[] {"#link", "attribute", "action", "javascript:window.pwned = true"},
            new String[] {"#note", "children", "list", "[{\"tag\":\"script\",\"children\":[\"window.pwned = true\"]}]"},
            new String[] {"#note", "children", "list", "[{\"tag\":\"object\",\"attrs\":{\"data\":\"x.swf\"}}]"},
            new String[] {"#note", "children", "list",
                "[{\"tag\":\"img\",\"attrs\":{\"src\":\"x\",\"onerror\":\"window.pwned = true\"}}]"});

    private static final String JOIN_VICTIM = """
            async url => {
              window.errors = [];
              const client = await Entangle.connect({ url, clientId: 'victim', room: 'sec' });
              client.on('error', e => window.errors.push(e.code));
              for (const id of ['title', 'link', 'note']) {
                await client.entangle(document.getElementById(id), { to: '*', ignoreAttributes: ['class'] });
              }
              return client.status;
            }""";

    private Window victim(Build build, String hubUrl) {
        Window window = browser.open(hub, "/lab.html?build=" + build.param());
        window.waitUntilReady();
        assertEquals("connected", window.page.evaluate(JOIN_VICTIM, hubUrl));
        return window;
    }

    private static void assertUntouched(Window victim) {
        assertEquals(false, victim.page.evaluate("() => window.pwned"));
        assertNull(victim.page.evaluate("() => document.getElementById('title').getAttribute('onfocus')"));
        assertNull(victim.page.evaluate("() => document.getElementById('title').getAttribute('onmouseover')"));
        assertEquals("/safe", victim.page.evaluate("() => document.getElementById('link').getAttribute('href')"));
        assertNull(victim.page.evaluate("() => document.getElementById('link').getAttribute('action')"));
        assertEquals(0, ((Number) victim.page.evaluate("() => document.getElementById('note').children.length")).intValue());
        assertFalse((Boolean) victim.page.evaluate("() => document.getElementById('note').hasAttribute('srcdoc')"));
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void theHubRefusesScriptBearingChangesAndRelaysSafeOnes(Build build) throws Exception {
        String url = "ws://127.0.0.1:" + hub.port() + "/entangle";
        Window victim = victim(build, url);
        try (RawSocketClient mallory = new RawSocketClient(url)) {
            mallory.send("{\"type\":\"hello\",\"clientId\":\"mallory\",\"room\":\"sec\"}");
            long seq = 0;
            for (String selector : List.of("#title", "#link", "#note")) {
                mallory.send("{\"type\":\"entangle\",\"seq\":" + (++seq) + ",\"selector\":\"" + selector
                        + "\",\"to\":\"*\",\"mode\":\"bidirectional\"}");
            }
            for (String[] attack : ATTACKS) {
                mallory.send(mutation("mallory", ++seq, attack[0], attack[1], attack[2], attack[3]));
                String error = mallory.next("\"type\":\"error\"");
                assertTrue(error.contains("\"code\":\"unsafe_mutation\"") && error.contains("\"seq\":" + seq), error);
            }
            mallory.send(mutation("mallory", ++seq, "#link", "attribute", "title", "a safe tooltip"));
            victim.page.waitForFunction("() => document.getElementById('link').title === 'a safe tooltip'");
        }
        assertUntouched(victim);
        assertTrue(hub.statsJson().contains("\"unsafe_mutation\":" + ATTACKS.size()), hub.statsJson());
        victim.close();
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void thePageRefusesScriptBearingChangesEvenFromAMaliciousHub(Build build) {
        Javalin evil = Javalin.create(config -> config.routes.ws("/entangle", ws -> ws.onMessage(ctx -> {
            String frame = ctx.message();
            if (frame.contains("\"type\":\"hello\"")) {
                ctx.send("{\"type\":\"welcome\",\"clientId\":\"victim\",\"room\":\"sec\",\"heartbeatMs\":15000,\"epoch\":\"evil\"}");
            } else if (frame.contains("\"type\":\"entangle\"") && frame.contains("#note")) {
                long serverSeq = 0;
                for (String[] attack : ATTACKS) {
                    ctx.send("{\"type\":\"mutation\",\"serverSeq\":" + (++serverSeq) + ","
                            + mutation("evil", 1, attack[0], attack[1], attack[2], attack[3])
                                    .substring("{\"type\":\"mutation\",".length()));
                }
                ctx.send("{\"type\":\"mutation\",\"serverSeq\":50," // outside the victim's lists
                        + mutation("evil", 1, "#link", "attribute", "class", "restyled").substring("{\"type\":\"mutation\",".length()));
                ctx.send("{\"type\":\"mutation\",\"serverSeq\":99,"
                        + mutation("evil", 1, "#link", "attribute", "title", "the last, safe one")
                                .substring("{\"type\":\"mutation\",".length()));
            }
            if (frame.contains("\"type\":\"entangle\"")) {
                String seq = frame.replaceAll(".*\"seq\":(\\d+).*", "$1");
                ctx.send("{\"type\":\"ack\",\"seq\":" + seq + "}");
            }
        }))).start("127.0.0.1", 0);
        try {
            Window victim = victim(build, "ws://127.0.0.1:" + evil.port() + "/entangle");
            victim.page.waitForFunction("() => document.getElementById('link').title === 'the last, safe one'");
            assertUntouched(victim);
            @SuppressWarnings("unchecked")
            List<String> errors = (List<String>) victim.page.evaluate("() => window.errors");
            assertEquals(ATTACKS.size() + 1, errors.size(), errors.toString());
            assertEquals(ATTACKS.size(), errors.stream().filter("unsafe_mutation"::equals).count(), errors.toString());
            assertTrue(errors.contains("attribute_not_allowed"), errors.toString());
            assertNull(victim.page.evaluate("() => document.getElementById('link').getAttribute('class')"));
            victim.close();
        } finally {
            evil.stop();
        }
    }

    private static String mutation(String source, long seq, String selector, String kind, String name, String value) {
        return "{\"type\":\"mutation\",\"vector\":{\"selector\":\"" + selector + "\",\"kind\":\"" + kind + "\","
                + "\"name\":\"" + name + "\",\"newValue\":\"" + value.replace("\"", "\\\"") + "\",\"source\":\""
                + source + "\",\"seq\":" + seq + ",\"timestamp\":1}}";
    }
}
