package dev.entangle.web.build;

import java.lang.reflect.Field;
import java.util.Collection;
import java.util.Set;
import org.teavm.backend.javascript.rendering.RenderingUtil;
import org.teavm.model.ClassHolder;
import org.teavm.model.ClassHolderTransformer;
import org.teavm.model.ClassHolderTransformerContext;
import org.teavm.model.ClassReader;
import org.teavm.model.MethodHolder;
import org.teavm.model.MethodReader;
import org.teavm.vm.spi.TeaVMHost;
import org.teavm.vm.spi.TeaVMPlugin;

/**
 * A TeaVM plugin of the build (listed in META-INF/services, never in a bundle): it keeps the
 * minifier from giving a Java field or method the name of a member the page calls on our objects.
 *
 * <p>TeaVM 0.15 names fields and methods {@code a}, {@code b}, …, {@code on}, … by how often they are
 * used and skips only JavaScript's keywords. When a field of the client came out as {@code on}, it
 * shadowed the exported {@code client.on} and every JS test failed; a method named like an export
 * would be overwritten by it, silently. TeaVM has no setting for names to avoid, and its keyword set
 * is an unmodifiable view: this plugin adds to the set behind the view, which needs
 * {@code --add-opens java.base/java.util=ALL-UNNAMED} in the build's JVM (.mvn/jvm.config). Without
 * it the build stops here rather than risk a bundle whose API a field can hide.
 */
public final class ExportedNames implements TeaVMPlugin, ClassHolderTransformer {
    private static final String JS_EXPORT = "org.teavm.jso.JSExport";
    private static final String JS_PROPERTY = "org.teavm.jso.JSProperty";
    private static final String JS_OBJECT = "org.teavm.jso.JSObject";

    private final Set<String> reserved = namesTeaVMSkips();

    @Override
    public void install(TeaVMHost host) {
        host.add(this);
    }

    @Override
    public void transformClass(ClassHolder cls, ClassHolderTransformerContext context) {
        if (!cls.getName().startsWith("dev.entangle.")) {
            return;
        }
        for (MethodHolder method : cls.getMethods()) {
            if (method.getAnnotations().get(JS_EXPORT) != null) {
                reserve(method);
            }
        }
        // The methods of a JavaScript interface a class implements are called by their own names.
        for (String type : cls.getInterfaces()) {
            if (context.getHierarchy().isSuperType(JS_OBJECT, type, false)) {
                ClassReader jsInterface = context.getHierarchy().getClassSource().get(type);
                if (jsInterface != null) {
                    jsInterface.getMethods().forEach(this::reserve);
                }
            }
        }
    }

    private void reserve(MethodReader method) {
        String name = method.getName();
        reserved.add(name);
        if (method.getAnnotations().get(JS_PROPERTY) != null) {
            String property = name.startsWith("is") ? name.substring(2)
                    : name.startsWith("get") || name.startsWith("set") ? name.substring(3) : name;
            if (!property.isEmpty()) {
                reserved.add(Character.toLowerCase(property.charAt(0)) + property.substring(1));
            }
        }
    }

    /** The mutable set behind {@link RenderingUtil#KEYWORDS}, the names TeaVM's minifier never hands out. */
    @SuppressWarnings("unchecked")
    private static Set<String> namesTeaVMSkips() {
        Set<String> view = RenderingUtil.KEYWORDS;
        try {
            for (Class<?> type = view.getClass(); type != null; type = type.getSuperclass()) {
                for (Field field : type.getDeclaredFields()) {
                    if (Collection.class.isAssignableFrom(field.getType())) {
                        field.setAccessible(true);
                        return (Set<String>) field.get(view);
                    }
                }
            }
        } catch (RuntimeException | IllegalAccessException e) {
            throw new IllegalStateException("cannot reserve the exported names in TeaVM's minifier: the build's JVM"
                    + " needs --add-opens java.base/java.util=ALL-UNNAMED (.mvn/jvm.config)", e);
        }
        throw new IllegalStateException("TeaVM's keyword set is no longer a view of a collection: check ExportedNames"
                + " against this TeaVM version");
    }
}
