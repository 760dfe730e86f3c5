package org.lightwayj.core.wire;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.lightwayj.core.SessionId;

/**
 * Frame kind 6 (§2.7), server to client: authentication succeeded, with the tunnel's IPv4
 * configuration. A fixed 104-byte body: four 24-byte NUL-padded string slots ({@code local_ip},
 * {@code peer_ip}, {@code dns_ip}, {@code mtu} as decimal ASCII), then the 8-byte session id.
 *
 * <p>On decode each string is the bytes before the first NUL of its slot, capped at 23 bytes (the
 * 24th byte is not checked). The strings are not parsed here; the connection validates the addresses.
 *
 * @param localIp the client's tunnel address, at most 23 UTF-8 bytes, no NUL
 * @param peerIp the server's tunnel address, same limits
 * @param dnsIp the DNS server address, same limits
 * @param mtu the inside MTU as a decimal string, same limits
 * @param sessionId the server's current session id
 */
public record AuthSuccessWithConfigV4(String localIp, String peerIp, String dnsIp, String mtu, SessionId sessionId)
        implements Frame {
    /** Body size in bytes. */
    public static final int BODY_SIZE = 104;
    /** Size of each string slot. */
    public static final int SLOT = 24;
    /** Maximum UTF-8 length of each string. */
    public static final int MAX_STRING = SLOT - 1;

    /**
     * Validates the strings.
     *
     * @param localIp the client's tunnel address, at most 23 UTF-8 bytes, no NUL
     * @param peerIp the server's tunnel address, same limits
     * @param dnsIp the DNS server address, same limits
     * @param mtu the inside MTU as a decimal string, same limits
     * @param sessionId the server's current session id
     * @throws IllegalArgumentException if a string exceeds 23 UTF-8 bytes, contains NUL or is not
     *     well-formed
     */
    public AuthSuccessWithConfigV4 {
        check(localIp, "localIp");
        check(peerIp, "peerIp");
        check(dnsIp, "dnsIp");
        check(mtu, "mtu");
        Objects.requireNonNull(sessionId, "sessionId");
    }

    private static void check(String s, String field) {
        Wire.checkString(s, field, MAX_STRING);
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(field + " contains NUL");
        }
    }

    @Override
    public FrameKind kind() {
        return FrameKind.AUTH_SUCCESS_WITH_CONFIG_V4;
    }

    @Override
    public int encodedLength() {
        return 1 + BODY_SIZE;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(FrameKind.AUTH_SUCCESS_WITH_CONFIG_V4.id());
        writeSlot(out, localIp);
        writeSlot(out, peerIp);
        writeSlot(out, dnsIp);
        writeSlot(out, mtu);
        out.writeLong(sessionId.value());
    }

    private static void writeSlot(ByteBuf out, String s) {
        int n = Wire.utf8Length(s, "string");
        Wire.writeUtf8(out, s);
        out.writeZero(SLOT - n);
    }

    static AuthSuccessWithConfigV4 decodeBody(ByteBuf in) throws WireException {
        Wire.need(in, BODY_SIZE);
        int i = in.readerIndex();
        String local = readSlot(in, i);
        String peer = readSlot(in, i + SLOT);
        String dns = readSlot(in, i + 2 * SLOT);
        String mtu = readSlot(in, i + 3 * SLOT);
        SessionId session = new SessionId(in.getLong(i + 4 * SLOT));
        in.skipBytes(BODY_SIZE);
        return new AuthSuccessWithConfigV4(local, peer, dns, mtu, session);
    }

    private static String readSlot(ByteBuf in, int index) throws WireException {
        int len = 0;
        while (len < MAX_STRING && in.getByte(index + len) != 0) {
            len++;
        }
        return Wire.utf8(in, index, len);
    }
}
