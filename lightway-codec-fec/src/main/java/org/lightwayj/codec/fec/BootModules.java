package org.lightwayj.codec.fec;

/**
 * Whether a module is in the boot layer. Android has no {@code java.lang.ModuleLayer}: callers go
 * through {@link #has}, which answers {@code false} there (its {@code Probe} is the only code that
 * names {@code ModuleLayer}, inside the guard).
 */
final class BootModules {
    private BootModules() {
    }

    /** {@return whether the boot layer has module {@code name}; false where there are no modules} */
    static boolean has(String name) {
        try {
            return Probe.find(name);
        } catch (LinkageError e) { // Android: no ModuleLayer
            return false;
        }
    }

    /** Loaded only by {@link #has}, inside its guard. */
    @JvmOnly
    private static final class Probe {
        static boolean find(String name) {
            return ModuleLayer.boot().findModule(name).isPresent();
        }
    }
}
