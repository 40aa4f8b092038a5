package dev.entangle.hub.doc;

import dev.entangle.core.json.Json;
import dev.entangle.core.json.JsonException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** A recorded editing history from josephg/editing-traces (CC BY 4.0): see ../shared/data/README.md. */
public record EditingTrace(String startContent, String endContent, int agents, List<Txn> txns) {

    /** Replace {@code deleteCount} code points at {@code position} with {@code text}. */
    public record Patch(int position, int deleteCount, String text) {
    }

    /** One transaction: its author, the transactions whose result it was typed on, its patches. */
    public record Txn(int agent, int[] parents, List<Patch> patches) {
    }

    public static EditingTrace load(Path file) throws IOException, JsonException {
        String json;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<?, ?> root = (Map<?, ?>) Json.parse(json);
        List<Txn> txns = new ArrayList<>();
        for (Object t : (List<?>) root.get("txns")) {
            Map<?, ?> txn = (Map<?, ?>) t;
            List<Patch> patches = new ArrayList<>();
            for (Object p : (List<?>) txn.get("patches")) {
                List<?> patch = (List<?>) p;
                patches.add(new Patch(((Number) patch.get(0)).intValue(), ((Number) patch.get(1)).intValue(),
                        (String) patch.get(2)));
            }
            List<?> parents = (List<?>) txn.get("parents");
            int[] parentIndexes = parents == null ? new int[0]
                    : parents.stream().mapToInt(x -> ((Number) x).intValue()).toArray();
            Object agent = txn.get("agent");
            txns.add(new Txn(agent == null ? 0 : ((Number) agent).intValue(), parentIndexes, patches));
        }
        Object start = root.get("startContent");
        Object agents = root.get("numAgents");
        return new EditingTrace(start == null ? "" : (String) start, (String) root.get("endContent"),
                agents == null ? 1 : ((Number) agents).intValue(), txns);
    }

    public int patchCount() {
        int count = 0;
        for (Txn txn : txns) {
            count += txn.patches().size();
        }
        return count;
    }
}
