package dev.entangle.web.dom;

import dev.entangle.core.mutation.MutationKind;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.session.BindingListener;
import dev.entangle.core.session.BindingOptions;
import dev.entangle.core.session.ClientSession;
import dev.entangle.web.api.Link;
import dev.entangle.web.api.Ownership;
import java.util.function.BiConsumer;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSPromise;
import org.teavm.jso.dom.events.Event;
import org.teavm.jso.dom.events.EventListener;
import org.teavm.jso.dom.events.EventTarget;

/**
 * One element bound to its peers. Local changes come from input/change events (form properties a
 * MutationObserver cannot see) and from a MutationObserver (attributes, and the text or child list
 * of elements that are not form controls). Remote changes are applied without echo: setting a
 * property fires no event, and the observer's records of our own writes are taken and dropped.
 */
public final class ElementLink implements Link, BindingListener {
    private final ClientSession session;
    private final JSObject element;
    private final String selector;
    private final BindingOptions options;
    private final boolean children;
    private final String formProperty;
    private final MutationObserver observer;
    private final EventListener<Event> inputListener;
    private final Runnable onReady;
    private final BiConsumer<ErrorCode, String> onRefused;
    private final TokenHolder ownership = new TokenHolder();
    private boolean owned;
    private String lastProperty;
    private String lastContent;
    private boolean active = true;
    private Runnable whenDisentangled = () -> { };

    /**
     * @param children synchronise the element's child list (as a sanitised structure) instead of its text
     */
    public ElementLink(ClientSession session, JSObject element, String selector, BindingOptions options,
            boolean children, Runnable onReady, BiConsumer<ErrorCode, String> onRefused) {
        this.session = session;
        this.element = element;
        this.selector = selector;
        this.options = options;
        this.owned = options.owned();
        this.onReady = onReady;
        this.onRefused = onRefused;
        this.formProperty = Dom.formProperty(element);
        this.children = children && formProperty == null;
        this.lastProperty = formProperty == null ? null : Dom.property(element, formProperty);
        this.lastContent = formProperty == null ? content() : null;
        this.inputListener = event -> propertyChanged();
        if (formProperty != null) {
            ((EventTarget) element).addEventListener("input", inputListener);
            ((EventTarget) element).addEventListener("change", inputListener);
        }
        this.observer = new MutationObserver((records, o) -> observed(records));
        observer.observe(element, this.children ? Dom.childListObserverOptions()
                : Dom.observerOptions(formProperty == null));
    }

    /** The selector an element is known by when the page gives none: its id. Null without an id. */
    public static String defaultSelector(JSObject element) {
        return Dom.idSelector(element);
    }

    public JSObject element() {
        return element;
    }

    public BindingOptions options() {
        return options;
    }

    /** Who holds the ownership token (null: nobody, or a binding without one); for devtools. */
    public String owner() {
        return owned ? ownership.owner : null;
    }

    /** The value this binding keeps in step as the element shows it now; for devtools. */
    public String currentValue() {
        return formProperty != null ? Dom.property(element, formProperty) : content();
    }

    @Override
    public String getSelector() {
        return selector;
    }

    @Override
    public String getTo() {
        return options.to().wire();
    }

    @Override
    public String getMode() {
        return options.mode().wire();
    }

    @Override
    public Ownership getOwnership() {
        return owned ? ownership : null;
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public void disentangle() {
        if (!active) {
            return;
        }
        stop();
        session.disentangle(selector);
        whenDisentangled.run();
    }

    /** Runs when the page ends this binding (the client forgets a persistent one). */
    public void whenDisentangled(Runnable action) {
        this.whenDisentangled = action;
    }

    private void stop() {
        active = false;
        observer.disconnect();
        if (formProperty != null) {
            ((EventTarget) element).removeEventListener("input", inputListener);
            ((EventTarget) element).removeEventListener("change", inputListener);
        }
    }

    @Override
    public void ready() {
        onReady.run();
    }

    @Override
    public void refused(ErrorCode code, String message) {
        stop();
        onRefused.accept(code, message);
    }

    @Override
    public void applyRemote(MutationVector vector) {
        if (!active) {
            return;
        }
        MutationKind kind = vector.kind(); // not a switch on the enum: see MutationSafety.problemWith
        if (kind == MutationKind.PROPERTY) {
            Dom.setProperty(element, vector.name(), vector.newValue());
            if (vector.name().equals(formProperty)) {
                lastProperty = Dom.property(element, formProperty);
            }
        } else if (kind == MutationKind.ATTRIBUTE) {
            Dom.setAttribute(element, vector.name(), vector.newValue());
        } else if (kind == MutationKind.CHILDREN) {
            // The session checked it is a safe ChildList; nodes are built, never parsed from markup.
            Dom.setChildList(element, vector.newValue());
            lastContent = content();
        } else {
            Dom.setText(element, vector.newValue());
            lastContent = content();
        }
        observer.takeRecords(); // our own write, not a local change
        Dom.announce(element, selector, vector.kind().wire(), vector.name(), vector.newValue(), vector.oldValue(),
                vector.source());
    }

    @Override
    public void ownershipChanged(String owner, String previous) {
        owned = true;
        ownership.owner = owner;
        Dom.announceOwnership(element, "ownership", selector, owner, previous, null);
    }

    @Override
    public void ownershipRequested(String from) {
        Dom.announceOwnership(element, "ownership-requested", selector, ownership.owner, null, from);
    }

    private String content() {
        return children ? Dom.childList(element) : Dom.text(element);
    }

    private void propertyChanged() {
        String value = Dom.property(element, formProperty);
        if (active && !same(value, lastProperty)) {
            String old = lastProperty;
            lastProperty = value;
            session.localChange(selector, MutationKind.PROPERTY, formProperty, old, value);
        }
    }

    private void observed(JSArray<MutationRecord> records) {
        if (!active) {
            return;
        }
        boolean contentChanged = false;
        for (int i = 0; i < records.getLength(); i++) {
            MutationRecord record = records.get(i);
            if ("attributes".equals(record.getType()) && isSame(record.getTarget(), element)) {
                String name = record.getAttributeName();
                String value = Dom.attribute(element, name);
                if (!same(value, record.getOldValue())) {
                    session.localChange(selector, MutationKind.ATTRIBUTE, name, record.getOldValue(), value);
                }
            } else {
                contentChanged = true;
            }
        }
        if (contentChanged) {
            String content = content();
            if (!same(content, lastContent)) {
                String old = lastContent;
                lastContent = content;
                // The old value goes too: when the hub refuses the change, the element goes back to it.
                session.localChange(selector, children ? MutationKind.CHILDREN : MutationKind.TEXT, null, old, content);
            }
        }
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    @JSBody(params = {"a", "b"}, script = "return a === b;")
    private static native boolean isSame(JSObject a, JSObject b);

    @JSBody(params = "message", script = "return new Error(message);")
    private static native JSObject error(String message);

    /** {@code link.ownership}: the hub decides, each call resolves or rejects when it has answered. */
    private final class TokenHolder implements Ownership {
        String owner;

        @Override
        public String getOwner() {
            return owner;
        }

        @Override
        public boolean isMine() {
            return session.clientId().equals(owner);
        }

        @Override
        public JSPromise<JSObject> request() {
            return ask("request", null);
        }

        @Override
        public JSPromise<JSObject> release() {
            return ask("release", null);
        }

        @Override
        public JSPromise<JSObject> transfer(String clientId) {
            return ask("transfer", clientId);
        }

        private JSPromise<JSObject> ask(String action, String to) {
            return new JSPromise<>((resolve, reject) -> session.own(selector, action, to, (code, message) -> {
                if (code == null) {
                    resolve.accept(null);
                } else {
                    reject.accept(error("ownership." + action + ": " + code.wire() + ": " + message));
                }
            }));
        }
    }
}
