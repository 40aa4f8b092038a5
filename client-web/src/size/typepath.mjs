// How a type reached a variable in TeaVM's analysis: reads the trace BundleReach prints with
// -Dorg.teavm.logDependencies=true -Dorg.teavm.tagDependencies=true ("node -> type" when a type
// reaches a node, "Connecting a to b" for each flow) and walks back from the node given, each step
// to a predecessor that held the type before it, to where the type came from.
//
//   node client-web/src/size/typepath.mjs /tmp/trace.txt 'Ldev/entangle/core/protocol/Message$Hello;' \
//       'java.util.HashMap.areEqualKeys(Ljava/lang/Object;Ljava/lang/Object;)Z:1'
//
// docs/BENCHMARKS.md, "Finding what keeps a method in the bundle", says how to make the trace.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const [trace, type, target] = process.argv.slice(2);
if (!target) {
    console.error('usage: typepath.mjs <trace> <type descriptor> <node>');
    process.exit(2);
}
const predecessors = new Map();
const firstSeen = new Map();
let line = 0;
for await (const text of createInterface({ input: createReadStream(trace) })) {
    line++;
    const flow = /^Connecting (.*) to (.*)$/.exec(text);
    if (flow) {
        if (!predecessors.has(flow[2])) {
            predecessors.set(flow[2], new Set());
        }
        predecessors.get(flow[2]).add(flow[1]);
    } else if (!text.startsWith(' ') && text.endsWith(' -> ' + type)) {
        const node = text.slice(0, text.length - type.length - 4);
        if (!firstSeen.has(node)) {
            firstSeen.set(node, line);
        }
    }
}
const visited = new Set();
let node = target;
while (node) {
    console.log(`${firstSeen.get(node) ?? '-'}\t${node}`);
    if (!firstSeen.has(node)) {
        break;
    }
    visited.add(node);
    const holders = [...(predecessors.get(node) ?? [])]
        .filter(p => firstSeen.has(p) && !visited.has(p))
        .sort((a, b) => firstSeen.get(a) - firstSeen.get(b));
    // The latest predecessor that held the type before this node did; else the earliest one.
    const before = holders.filter(p => firstSeen.get(p) <= firstSeen.get(node));
    node = before.length > 0 ? before[before.length - 1] : holders[0];
}
