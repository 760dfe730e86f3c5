package org.lightwayj.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** Discovery of {@link PacketCodecFactory} implementations through {@link ServiceLoader}. */
public final class PacketCodecs {

    private PacketCodecs() {
    }

    /**
     * Finds the factory registered under {@code name} (see {@link PacketCodecFactory#name()}) on the
     * class path or module path of this module's class loader.
     *
     * @param name the codec name, for example {@code "fec-rs"}
     * @return a new factory instance, or empty when none has that name
     */
    public static Optional<PacketCodecFactory> find(String name) {
        for (PacketCodecFactory f : ServiceLoader.load(PacketCodecFactory.class)) {
            if (f.name().equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The names of all registered factories, in discovery order. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (PacketCodecFactory f : ServiceLoader.load(PacketCodecFactory.class)) {
            names.add(f.name());
        }
        return names;
    }
}
