package org.lightwayj.core.tls.dtls13;

import java.util.Arrays;

/**
 * One {@code Extension} of an extension block (RFC 8446 §4.2): a 16-bit type and its opaque
 * {@code extension_data<0..2^16-1>}. Equality compares the data bytes, so parsed and built extensions
 * compare equal.
 */
record Extension(int type, byte[] data) {
    Extension {
        if (type < 0 || type > 0xFFFF) {
            throw new IllegalArgumentException("extension type out of range: " + type);
        }
        if (data.length > 0xFFFF) {
            throw new IllegalArgumentException("extension_data longer than 2^16-1: " + data.length);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Extension e && e.type == type && Arrays.equals(e.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Extension[" + type + ", " + Messages.hexString(data) + "]";
    }
}
