package dev.entangle.web.api;

import dev.entangle.core.mutation.Identifiers;
import dev.entangle.core.session.ClientSession;
import dev.entangle.web.devtools.Report;
import dev.entangle.web.dom.TextLink;
import java.util.ArrayList;
import java.util.List;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSPromise;

/** A page client's text fields bound to shared documents ({@code client.text}). */
final class PageTexts {
    private final ClientSession session;
    private final List<TextLink> texts = new ArrayList<>();

    PageTexts(ClientSession session) {
        this.session = session;
    }

    /** {@code client.text(element, options)}; {@code closed}: the client is closed already. */
    JSPromise<TextBinding> open(JSObject element, JSObject rawOptions, boolean closed) {
        // Only the checks of the arguments in the try: TeaVM cuts a try at every return inside it
        // and writes the catch out again for each piece.
        String doc;
        Abort abort;
        try {
            if (element == null || !Js.isElement(element) || !TextLink.canBind(element)) {
                throw new Options.BadOption("client.text: element must be a <textarea>, a text <input> or a"
                        + " contenteditable element, got " + (element == null ? "undefined" : Js.describe(element)));
            }
            Options options = Options.ofOptional("client.text", rawOptions);
            doc = options.requiredString("doc");
            String problem = Identifiers.problemWithSelector(doc);
            if (problem != null) {
                throw options.invalid("doc", problem);
            }
            abort = Abort.of(options);
        } catch (Options.BadOption e) {
            return JSPromise.reject(Js.typeError(e.getMessage()));
        }
        if (closed) {
            return JSPromise.reject(Js.error("client.text: the client is closed"));
        }
        if (abort != null && abort.aborted()) {
            return JSPromise.reject(abort.reason());
        }
        if (session.isTextOpen(doc)) {
            return JSPromise.reject(Js.error("client.text: document '" + doc + "' is already open in this client"));
        }
        return new JSPromise<>((resolve, reject) -> {
            TextLink[] created = new TextLink[1];
            created[0] = new TextLink(session, element, doc, () -> resolve.accept(created[0]),
                    (code, message) -> reject.accept(Js.error("client.text: " + code.wire() + ": " + message)));
            if (abort != null) {
                abort.onAbort(() -> {
                    reject.accept(abort.reason());
                    created[0].close();
                    texts.remove(created[0]);
                });
            }
            texts.add(created[0]);
            session.openText(doc, created[0]);
        });
    }

    /** Whether {@code element} is one of the bound fields (its input counts as typing). */
    boolean isBound(JSObject element) {
        for (TextLink text : texts) {
            if (text.binds(element)) {
                return true;
            }
        }
        return false;
    }

    void closeAll() {
        for (TextLink text : texts) {
            text.close();
        }
        texts.clear();
    }

    /** The devtools panel's table of documents. */
    void describe(Report report) {
        report.table("Text documents", "doc", "revision", "length", "state");
        for (TextLink text : texts) {
            long revision = session.textRevision(text.getDoc());
            String current = text.currentText();
            report.row(text.getDoc(), revision < 0 ? "waiting for the hub" : String.valueOf(revision),
                    current == null ? "" : String.valueOf(current.length()), text.isActive() ? "open" : "closed");
        }
    }
}
