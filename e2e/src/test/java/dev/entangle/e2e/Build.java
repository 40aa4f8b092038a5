package dev.entangle.e2e;

/** The two compiled clients; every browser test runs on both. */
public enum Build {
    JS("js"),
    WASM("wasm");

    private final String param;

    Build(String param) {
        this.param = param;
    }

    /** The demo pages' {@code ?build=} value. */
    public String param() {
        return param;
    }
}
