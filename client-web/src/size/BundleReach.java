import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.teavm.callgraph.CallGraphNode;
import org.teavm.callgraph.CallSite;
import org.teavm.dependency.DependencyInfo;
import org.teavm.dependency.MethodDependencyInfo;
import org.teavm.dependency.ValueDependencyInfo;
import org.teavm.model.MethodReference;
import org.teavm.model.TextLocation;
import org.teavm.model.ValueType;
import org.teavm.tooling.ConsoleTeaVMToolLog;
import org.teavm.tooling.TeaVMTargetType;
import org.teavm.tooling.TeaVMTool;
import org.teavm.vm.TeaVMOptimizationLevel;

/**
 * Why a method is in a browser bundle: runs TeaVM's analysis of one entry (as the build does,
 * JavaScript, ADVANCED, strict) and prints, for each method given, whether it is reachable, the
 * types that may reach each of its parameters, and the call sites that call it. Found the one
 * {@code String.valueOf(jsonKey)} that kept every record's {@code toString} (docs/BENCHMARKS.md).
 *
 * <pre>
 * java --add-opens java.base/java.util=ALL-UNNAMED -cp "(the class path in docs/BENCHMARKS.md)" \
 *     client-web/src/size/BundleReach.java \
 *     dev.entangle.web.EntangleLiteModule 'java.lang.String.valueOf(Ljava/lang/Object;)Ljava/lang/String;'
 * </pre>
 * ({@code --add-opens}: the build's {@code ExportedNames} plugin, on that class path, needs it as the build does.)
 * Methods are written as TeaVM's {@code MethodReference.parse} reads them: class, name, JVM descriptor.
 */
public final class BundleReach {
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: BundleReach <entry class> <method reference>...");
            System.exit(2);
        }
        TeaVMTool tool = new TeaVMTool();
        tool.setTargetType(TeaVMTargetType.JAVASCRIPT);
        tool.setMainClass(args[0]);
        tool.setTargetDirectory(Files.createTempDirectory("bundle-reach").toFile());
        tool.setTargetFileName("reach.js");
        tool.setOptimizationLevel(TeaVMOptimizationLevel.ADVANCED);
        tool.setStrict(true);
        tool.setClassLoader(BundleReach.class.getClassLoader());
        tool.setLog(new ConsoleTeaVMToolLog(false));
        tool.generate();
        DependencyInfo info = tool.getDependencyInfo();
        for (int i = 1; i < args.length; i++) {
            MethodReference method = MethodReference.parse(args[i]);
            MethodDependencyInfo reached = info.getMethod(method);
            System.out.println("== " + method + (reached == null ? ": not reached" : ""));
            if (reached == null) {
                continue;
            }
            for (int p = 1; p <= method.parameterCount(); p++) {
                System.out.println("  parameter " + p + ": " + types(reached.getVariable(p)));
            }
            CallGraphNode node = info.getCallGraph().getNode(method);
            for (CallSite site : node.getCallerCallSites()) {
                for (CallGraphNode caller : site.getCallers()) {
                    System.out.println("  called from " + caller.getMethod() + locations(site, caller));
                }
            }
        }
    }

    private static String types(ValueDependencyInfo value) {
        if (value == null) {
            return "(not tracked)";
        }
        // One level of array items only: an Object's item node may be the node itself.
        String items = value.hasArrayType() && value.getArrayItem() != null
                ? "; array items " + names(value.getArrayItem()) : "";
        return names(value) + items;
    }

    private static String names(ValueDependencyInfo value) {
        List<String> names = new ArrayList<>();
        for (ValueType type : value.getTypes()) {
            names.add(type.toString());
        }
        return names.size() + " " + names;
    }

    private static String locations(CallSite site, CallGraphNode caller) {
        StringBuilder out = new StringBuilder();
        for (TextLocation location : site.getLocations(caller)) {
            if (location != null && location.getFileName() != null) {
                out.append(' ').append(new File(location.getFileName()).getName()).append(':').append(location.getLine());
            }
        }
        return out.toString();
    }
}
