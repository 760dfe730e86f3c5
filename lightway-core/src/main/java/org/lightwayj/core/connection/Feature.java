package org.lightwayj.core.connection;

/** Optional features a server grants a connection through its {@link AuthResult}. */
public enum Feature {
    /** The connection may switch inside-packet encoding on (ToggleEncoding, spec §0.2; issue 6). */
    INSIDE_PACKET_CODEC
}
