package org.lightwayj.core.wire;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import org.lightwayj.core.Version;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** QuickTheories generators for wire values. */
final class WireGens {
    private WireGens() {}

    static Gen<Integer> u16() {
        return integers().between(0, 0xFFFF);
    }

    static Gen<byte[]> bytes(int maxLen) {
        return Generate.byteArrays(integers().between(0, maxLen), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
    }

    static Gen<byte[]> bytes(int minLen, int maxLen) {
        return Generate.byteArrays(integers().between(minLen, maxLen), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
    }

    static Gen<Version> validVersions() {
        return integers().between(1, 3).map(m -> new Version(1, m));
    }

    /** Well-formed strings of at most {@code maxBytes} UTF-8 bytes, mixing ASCII with all planes. */
    static Gen<String> utf8(int maxBytes, boolean allowNul) {
        Gen<Integer> ascii = integers().between(allowNul ? 0 : 1, 0x7F);
        Gen<Integer> wide = integers().between(0x80, 0x10FFFF).assuming(c -> c < 0xD800 || c > 0xDFFF);
        Gen<Integer> cp = ascii.mix(wide, 30);
        return lists().of(cp).ofSizeBetween(0, maxBytes).map(list -> {
            StringBuilder sb = new StringBuilder();
            int n = 0;
            for (int c : list) {
                int len = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
                if (n + len > maxBytes) {
                    break;
                }
                sb.appendCodePoint(c);
                n += len;
            }
            return sb.toString();
        });
    }
}
