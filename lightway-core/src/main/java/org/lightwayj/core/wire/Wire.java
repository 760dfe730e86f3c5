package org.lightwayj.core.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.lightwayj.core.AuthMethod;

/** Decode/encode helpers shared by the frame records (and by the root package's AuthMethod); module-internal. */
public final class Wire {
    private Wire() {}

    /** Throws INSUFFICIENT_DATA unless {@code n} bytes are readable. */
    static void need(ByteBuf in, int n) throws WireException {
        if (in.readableBytes() < n) {
            throw WireException.insufficientData();
        }
    }

    static WireException tooLarge(String field, int len, int max) {
        return new WireException(WireError.FIELD_TOO_LARGE, field + " length " + len + " exceeds " + max);
    }

    /** Reads {@code len} bytes as strict UTF-8 (the caller checked availability). */
    static String readUtf8(ByteBuf in, int len) throws WireException {
        String s = utf8(in, in.readerIndex(), len);
        in.skipBytes(len);
        return s;
    }

    /** Decodes {@code len} bytes at absolute {@code index} as strict UTF-8 without moving indexes. */
    static String utf8(ByteBuf in, int index, int len) throws WireException {
        if (len == 0) {
            return "";
        }
        byte[] bytes = new byte[len];
        in.getBytes(index, bytes);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new WireException(WireError.INVALID_STRING_ENCODING, "string is not valid UTF-8");
        }
    }

    static byte[] readBytes(ByteBuf in, int len) {
        byte[] b = new byte[len];
        in.readBytes(b);
        return b;
    }

    /**
     * UTF-8 length of a well-formed string; IllegalArgumentException on an unpaired surrogate (it
     * could not be encoded faithfully).
     */
    public static int utf8Length(String s, String field) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    n += 4;
                    i++;
                } else {
                    throw new IllegalArgumentException(field + " contains an unpaired surrogate");
                }
            } else if (Character.isLowSurrogate(c)) {
                throw new IllegalArgumentException(field + " contains an unpaired surrogate");
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Checks a string field for encodability and a UTF-8 byte limit; returns its UTF-8 length. */
    public static int checkString(String s, String field, int max) {
        if (s == null) {
            throw new NullPointerException(field);
        }
        int n = utf8Length(s, field);
        if (n > max) {
            throw new IllegalArgumentException(field + " is " + n + " UTF-8 bytes, maximum " + max);
        }
        return n;
    }

    /** Writes a well-formed string as UTF-8 (no allocation for heap/direct Netty buffers). */
    public static void writeUtf8(ByteBuf out, String s) {
        ByteBufUtil.writeUtf8(out, s);
    }

    static void checkU16(int v, String field) {
        if ((v & ~0xFFFF) != 0) {
            throw new IllegalArgumentException(field + " must be 0..65535: " + v);
        }
    }
}
