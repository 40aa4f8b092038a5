package dev.entangle.hub;

import dev.entangle.core.json.JsonObject;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.hub.auth.TokenException;

/** A refusal of an HTTP sync request: an HTTP status, a stable code and a sentence naming what was wrong. */
final class HttpRefusal extends Exception {
    final int status;
    final ErrorCode code;

    HttpRefusal(int status, ErrorCode code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** 401 when the caller is not known (no token, a bad or expired one), 403 when it may not do this. */
    static HttpRefusal of(TokenException e) {
        boolean unknown = e.code() == ErrorCode.TOKEN_REQUIRED || e.code() == ErrorCode.TOKEN_INVALID
                || e.code() == ErrorCode.TOKEN_EXPIRED;
        return new HttpRefusal(unknown ? 401 : 403, e.code(), e.getMessage());
    }

    /** The refusal as the body every sync endpoint answers with: {@code {code, message}}. */
    String json() {
        return JsonObject.builder().put("code", code.wire()).put("message", getMessage()).write();
    }
}
