package dev.entangle.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {

    /** Every wire string ever released, in order: clients and stored logs depend on them. */
    private static final List<String> RELEASED = List.of("malformed_json", "unknown_type", "missing_field",
            "invalid_field", "frame_too_large", "not_joined", "already_joined", "not_entangled", "not_open",
            "invalid_operation", "revision_too_old", "identity_mismatch", "unsafe_mutation", "storage_failed",
            "token_required", "token_invalid", "token_expired", "room_forbidden", "read_only", "rate_limited",
            "limit_reached", "operation_too_large", "not_owner", "not_member", "attribute_not_allowed",
            "mutation_refused", "unknown_mutator", "replaced", "not_author", "not_found", "message_too_long",
            "internal");

    @Test
    void theWireStringsAreTheReleasedOnes() {
        assertEquals(RELEASED, Arrays.stream(ErrorCode.values()).map(ErrorCode::wire).toList());
    }

    @Test
    void everyWireStringReadsBackAsItsCode() {
        for (ErrorCode code : ErrorCode.values()) {
            assertSame(code, ErrorCode.fromWire(code.wire()));
        }
    }

    @Test
    void anUnknownWireStringIsInternal() {
        assertSame(ErrorCode.INTERNAL, ErrorCode.fromWire("launch_failed"));
        assertSame(ErrorCode.INTERNAL, ErrorCode.fromWire("RATE_LIMITED"));
        assertSame(ErrorCode.INTERNAL, ErrorCode.fromWire(null));
    }
}
