package org.lightwayj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The library's public API as a host sees it: every public or protected class and member in the
 * packages each library module exports, compared with the listing kept in that module's
 * {@code api/<module>.api}. Two checks:
 * <ul>
 *   <li>the listing matches, so an API change is a visible, reviewed diff of that file (run with
 *       {@code -Dlightway.api.update=true} to rewrite it after an intended change);</li>
 *   <li>no exported signature names a type a host cannot use: one from a package the module keeps
 *       internal (wire, frag, pmtud, ip...) or from a dependency the module does not re-export
 *       ({@code requires transitive}).</li>
 * </ul>
 */
class PublicApiTest {

    /** Packages every host can name without a dependency of its own. */
    private static final List<String> PLATFORM = List.of("java.", "javax.");

    @ParameterizedTest
    @ValueSource(strings = {
            "lightway-codec-api:org.lightwayj.codec.PacketEncoder",
            "lightway-core:org.lightwayj.core.connection.Connection",
            "lightway-codec-fec:org.lightwayj.codec.fec.FecCodecFactory",
            "lightway-tun:org.lightwayj.tun.TunDevice"})
    void exportedApiMatchesTheListingAndLeaksNoInternalType(String spec) throws Exception {
        String artifact = spec.substring(0, spec.indexOf(':'));
        Class<?> anchor = Class.forName(spec.substring(spec.indexOf(':') + 1));
        Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor module = readDescriptor(location);
        Set<String> exported = module.exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        Set<String> visiblePackages = visiblePackages(module, exported);

        List<String> listing = new ArrayList<>();
        List<String> leaks = new ArrayList<>();
        for (String name : classNames(location)) {
            String pkg = name.substring(0, name.lastIndexOf('.'));
            if (!exported.contains(pkg)) continue;
            Class<?> c = Class.forName(name, false, anchor.getClassLoader());
            if (!isApi(c)) continue;
            describe(c, listing, leaks, visiblePackages);
        }

        assertTrue(leaks.isEmpty(), () -> artifact + " exports signatures naming types a host cannot use:\n  "
                + String.join("\n  ", new TreeSet<>(leaks)));

        Path golden = projectRoot().resolve(artifact).resolve("api").resolve(artifact + ".api");
        String actual = String.join("\n", listing) + "\n";
        if (Boolean.getBoolean("lightway.api.update")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(golden), () -> golden + " is missing; run with -Dlightway.api.update=true");
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual,
                () -> "the public API of " + artifact + " changed; if intended, run the tests with "
                        + "-Dlightway.api.update=true and review the diff of " + golden);
    }

    /** Public, or protected inside a public class, all the way out to the top-level class. */
    private static boolean isApi(Class<?> c) {
        if (c.isSynthetic() || c.isAnonymousClass() || c.isLocalClass()) return false;
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            int m = k.getModifiers();
            boolean visible = Modifier.isPublic(m) || (Modifier.isProtected(m) && k.getDeclaringClass() != null);
            if (!visible) return false;
        }
        return true;
    }

    private static boolean isApiMember(Class<?> owner, Member m) {
        if (m.isSynthetic()) return false;
        if (m instanceof Method method && method.isBridge()) return false;
        int mod = m.getModifiers();
        if (Modifier.isPublic(mod)) return true;
        // protected members are reachable only by subclassing
        return Modifier.isProtected(mod) && !Modifier.isFinal(owner.getModifiers()) && !owner.isEnum()
                && !owner.isRecord() && !owner.isSealed();
    }

    private static void describe(Class<?> c, List<String> out, List<String> leaks, Set<String> visible) {
        StringBuilder head = new StringBuilder(kind(c)).append(' ').append(c.getName());
        if (c.getGenericSuperclass() != null && c.getSuperclass() != Object.class && !c.isEnum() && !c.isRecord()) {
            head.append(" extends ").append(c.getGenericSuperclass().getTypeName());
            check(c.getGenericSuperclass(), c.getName(), leaks, visible);
        }
        Type[] interfaces = c.getGenericInterfaces();
        if (interfaces.length > 0) {
            head.append(c.isInterface() ? " extends " : " implements ");
            head.append(Stream.of(interfaces).map(Type::getTypeName).collect(Collectors.joining(", ")));
            for (Type t : interfaces) check(t, c.getName(), leaks, visible);
        }
        if (c.isSealed()) {
            head.append(" permits ").append(Stream.of(c.getPermittedSubclasses()).map(Class::getName)
                    .collect(Collectors.joining(", ")));
        }
        out.add(head.toString());
        TreeSet<String> members = new TreeSet<>();
        for (Field f : c.getDeclaredFields()) {
            if (!isApiMember(c, f)) continue;
            members.add("  field " + modifiers(f.getModifiers()) + f.getGenericType().getTypeName() + ' ' + f.getName());
            check(f.getGenericType(), c.getName() + '.' + f.getName(), leaks, visible);
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (isApiMember(c, k) && !c.isEnum()) members.add("  new " + modifiers(k.getModifiers()) + signature(k, "", leaks, visible));
        }
        for (Method m : c.getDeclaredMethods()) {
            if (!isApiMember(c, m)) continue;
            String ret = m.getGenericReturnType().getTypeName() + ' ';
            check(m.getGenericReturnType(), c.getName() + '.' + m.getName(), leaks, visible);
            members.add("  method " + modifiers(m.getModifiers() & ~Modifier.TRANSIENT & ~Modifier.VOLATILE)
                    + (m.isDefault() ? "default " : "") + ret + signature(m, m.getName(), leaks, visible));
        }
        out.addAll(members);
    }

    private static String signature(Executable e, String name, List<String> leaks, Set<String> visible) {
        String where = e.getDeclaringClass().getName() + (name.isEmpty() ? ".<init>" : '.' + name);
        StringBuilder s = new StringBuilder(name).append('(');
        Type[] params = e.getGenericParameterTypes();
        for (int i = 0; i < params.length; i++) {
            if (i > 0) s.append(", ");
            s.append(params[i].getTypeName());
            check(params[i], where, leaks, visible);
        }
        s.append(')');
        Type[] thrown = e.getGenericExceptionTypes();
        if (thrown.length > 0) {
            s.append(" throws ").append(Stream.of(thrown).map(Type::getTypeName).sorted().collect(Collectors.joining(", ")));
            for (Type t : thrown) check(t, where, leaks, visible);
        }
        return s.toString();
    }

    private static String kind(Class<?> c) {
        String mods = modifiers(c.getModifiers() & ~Modifier.INTERFACE & ~Modifier.ABSTRACT & ~Modifier.FINAL
                & ~Modifier.STATIC);
        if (c.isAnnotation()) return mods + "@interface";
        if (c.isInterface()) return mods + (c.isSealed() ? "sealed " : "") + "interface";
        if (c.isEnum()) return mods + "enum";
        if (c.isRecord()) return mods + "record";
        String k = Modifier.isAbstract(c.getModifiers()) ? "abstract class" : "class";
        if (Modifier.isFinal(c.getModifiers())) k = "final " + k;
        if (c.isSealed()) k = "sealed " + k;
        return mods + k;
    }

    private static String modifiers(int m) {
        String s = Modifier.toString(m & (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC | Modifier.FINAL
                | Modifier.ABSTRACT));
        return s.isEmpty() ? "" : s + ' ';
    }

    /** Records every class a signature names that lies outside what a host can see. */
    private static void check(Type t, String where, List<String> leaks, Set<String> visible) {
        check(t, where, leaks, visible, new HashSet<>());
    }

    private static void check(Type t, String where, List<String> leaks, Set<String> visible, Set<Type> seen) {
        if (!seen.add(t)) return; // recursive bounds such as B extends Builder<B>
        if (t instanceof Class<?> c) {
            while (c.isArray()) c = c.getComponentType();
            if (c.isPrimitive()) return;
            String pkg = c.getPackageName();
            if (PLATFORM.stream().anyMatch(pkg::startsWith) || visible.contains(pkg)) return;
            leaks.add(where + " -> " + c.getName());
        } else if (t instanceof ParameterizedType p) {
            check(p.getRawType(), where, leaks, visible, seen);
            for (Type a : p.getActualTypeArguments()) check(a, where, leaks, visible, seen);
        } else if (t instanceof GenericArrayType g) {
            check(g.getGenericComponentType(), where, leaks, visible, seen);
        } else if (t instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) check(b, where, leaks, visible, seen);
            for (Type b : w.getLowerBounds()) check(b, where, leaks, visible, seen);
        } else if (t instanceof TypeVariable<?> v) {
            for (Type b : v.getBounds()) check(b, where, leaks, visible, seen);
        }
    }

    /**
     * The module's own exports plus the exported packages of what it {@code requires transitive},
     * which a host reads without declaring it. Dependencies are found on this test's own module and
     * class paths, so the check works whichever of the two surefire uses.
     */
    private static Set<String> visiblePackages(ModuleDescriptor module, Set<String> exported) {
        List<Path> paths = new ArrayList<>();
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property, "");
            for (String entry : value.split(java.io.File.pathSeparator)) {
                if (!entry.isEmpty() && Files.exists(Path.of(entry))) paths.add(Path.of(entry));
            }
        }
        java.lang.module.ModuleFinder finder = java.lang.module.ModuleFinder.of(paths.toArray(Path[]::new));
        Set<String> visible = new HashSet<>(exported);
        Set<String> seen = new HashSet<>();
        List<ModuleDescriptor> todo = new ArrayList<>(List.of(module));
        while (!todo.isEmpty()) {
            ModuleDescriptor d = todo.remove(todo.size() - 1);
            for (ModuleDescriptor.Requires r : d.requires()) {
                if (!r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE) || !seen.add(r.name())) continue;
                ModuleDescriptor dep = finder.find(r.name()).map(java.lang.module.ModuleReference::descriptor)
                        .or(() -> ModuleLayer.boot().findModule(r.name()).map(Module::getDescriptor))
                        .orElseThrow(() -> new AssertionError("cannot find required module " + r.name()));
                if (dep.isAutomatic()) visible.addAll(dep.packages());
                dep.exports().stream().filter(e -> !e.isQualified()).forEach(e -> visible.add(e.source()));
                todo.add(dep);
            }
        }
        return visible;
    }

    private static ModuleDescriptor readDescriptor(Path location) throws IOException {
        if (Files.isDirectory(location)) {
            try (InputStream in = Files.newInputStream(location.resolve("module-info.class"))) {
                return ModuleDescriptor.read(in);
            }
        }
        try (JarFile jar = new JarFile(location.toFile());
             InputStream in = jar.getInputStream(jar.getEntry("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    private static List<String> classNames(Path location) throws IOException {
        List<String> entries;
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                entries = files.filter(Files::isRegularFile).map(p -> location.relativize(p).toString()
                        .replace('\\', '/')).collect(Collectors.toList());
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                entries = jar.stream().map(java.util.zip.ZipEntry::getName).collect(Collectors.toList());
            }
        }
        return entries.stream().filter(n -> n.endsWith(".class") && !n.endsWith("module-info.class")
                        && !n.endsWith("package-info.class"))
                .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                .sorted().collect(Collectors.toList());
    }

    private static Path projectRoot() throws URISyntaxException {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("lightway-core")) ? here : here.getParent();
    }
}
