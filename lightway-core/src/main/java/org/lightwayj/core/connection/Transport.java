package org.lightwayj.core.connection;

/** The outside transport of a connection (spec §1.1, §1.2). */
public enum Transport {
    /** UDP: DTLS datagrams, each behind the 16-byte Lightway header. */
    UDP,
    /** TCP: one TLS byte stream, no Lightway header. */
    TCP;

    /** {@return whether datagrams (rather than a byte stream) are exchanged} */
    public boolean isDatagram() {
        return this == UDP;
    }
}
