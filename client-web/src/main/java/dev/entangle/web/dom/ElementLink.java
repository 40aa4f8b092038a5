package dev.entangle.web.dom;

import dev.entangle.core.mutation.Mode;
import dev.entangle.core.mutation.MutationKind;
import dev.entangle.core.mutation.MutationVector;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.core.session.BindingListener;
import dev.entangle.core.session.ClientSession;
import dev.entangle.web.api.Link;
import java.util.function.BiConsumer;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.dom.events.Event;
import org.teavm.jso.dom.events.EventListener;
import org.teavm.jso.dom.events.EventTarget;

/**
 * One element bound to its peers. Local changes come from input/change events (form properties a
 * MutationObserver cannot see) and from a MutationObserver (attributes, and text of elements that
 * are not form controls). Remote changes are applied without echo: setting a property fires no
 * event, and the observer's records of our own writes are taken and dropped.
 */
public final class ElementLink implements Link, BindingListener {
    private final ClientSession session;
    private final JSObject element;
    private final String selector;
    private final String to;
    private final Mode mode;
    private final String formProperty;
    private final MutationObserver observer;
    private final EventListener<Event> inputListener;
    private final Runnable onReady;
    private final BiConsumer<ErrorCode, String> onRefused;
    private String lastProperty;
    private String lastText;
    private boolean active = true;

    public ElementLink(ClientSession session, JSObject element, String selector, String to, Mode mode,
            Runnable onReady, BiConsumer<ErrorCode, String> onRefused) {
        this.session = session;
        this.element = element;
        this.selector = selector;
        this.to = to;
        this.mode = mode;
        this.onReady = onReady;
        this.onRefused = onRefused;
        this.formProperty = Dom.formProperty(element);
        this.lastProperty = formProperty == null ? null : Dom.property(element, formProperty);
        this.lastText = formProperty == null ? Dom.text(element) : null;
        this.inputListener = event -> propertyChanged();
        if (formProperty != null) {
            ((EventTarget) element).addEventListener("input", inputListener);
            ((EventTarget) element).addEventListener("change", inputListener);
        }
        this.observer = new MutationObserver((records, o) -> observed(records));
        observer.observe(element, Dom.observerOptions(formProperty == null));
    }

    /** The selector an element is known by when the page gives none: its id. Null without an id. */
    public static String defaultSelector(JSObject element) {
        return Dom.idSelector(element);
    }

    @Override
    public String getSelector() {
        return selector;
    }

    @Override
    public String getTo() {
        return to;
    }

    @Override
    public String getMode() {
        return mode.wire();
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
        active = false;
        observer.disconnect();
        if (formProperty != null) {
            ((EventTarget) element).removeEventListener("input", inputListener);
            ((EventTarget) element).removeEventListener("change", inputListener);
        }
        session.disentangle(selector);
    }

    @Override
    public void ready() {
        onReady.run();
    }

    @Override
    public void refused(ErrorCode code, String message) {
        active = false;
        observer.disconnect();
        onRefused.accept(code, message);
    }

    @Override
    public void applyRemote(MutationVector vector) {
        if (!active) {
            return;
        }
        switch (vector.kind()) {
            case PROPERTY:
                Dom.setProperty(element, vector.name(), vector.newValue());
                if (vector.name().equals(formProperty)) {
                    lastProperty = Dom.property(element, formProperty);
                }
                break;
            case ATTRIBUTE:
                Dom.setAttribute(element, vector.name(), vector.newValue());
                break;
            default:
                Dom.setText(element, vector.newValue());
                lastText = Dom.text(element);
                break;
        }
        observer.takeRecords(); // our own write, not a local change
        Dom.announce(element, selector, vector.kind().wire(), vector.name(), vector.newValue(), vector.source());
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
        boolean textChanged = false;
        for (int i = 0; i < records.getLength(); i++) {
            MutationRecord record = records.get(i);
            if ("attributes".equals(record.getType())) {
                String name = record.getAttributeName();
                String value = Dom.attribute(element, name);
                if (!same(value, record.getOldValue())) {
                    session.localChange(selector, MutationKind.ATTRIBUTE, name, record.getOldValue(), value);
                }
            } else {
                textChanged = true;
            }
        }
        if (textChanged) {
            String text = Dom.text(element);
            if (!same(text, lastText)) {
                String old = lastText;
                lastText = text;
                session.localChange(selector, MutationKind.TEXT, null, old, text);
            }
        }
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }
}
