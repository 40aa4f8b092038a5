package dev.entangle.hub.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Registered {@code static}, the test hub is started once for the class: every test sees the same hub. */
class EntangleTestHubPerClassTest {

    @RegisterExtension
    static final EntangleTestHub hub = new EntangleTestHub();

    private static int firstPort;

    @RepeatedTest(3)
    void everyTestSeesTheSameHub() {
        if (firstPort == 0) {
            System.out.println("EntangleTestHub (static) started in " + hub.startMillis() + " ms on port " + hub.port());
            firstPort = hub.port();
        }
        assertEquals(firstPort, hub.port());
    }
}
