package org.lightwayj.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lightwayj.core.wire.WireTestSupport.ascii;
import static org.lightwayj.core.wire.WireTestSupport.assertDecodes;
import static org.lightwayj.core.wire.WireTestSupport.assertEncodes;
import static org.lightwayj.core.wire.WireTestSupport.assertFrameError;
import static org.lightwayj.core.wire.WireTestSupport.assertVector;
import static org.lightwayj.core.wire.WireTestSupport.bytes;
import static org.lightwayj.core.wire.WireTestSupport.concat;
import static org.lightwayj.core.wire.WireTestSupport.repeat;

import org.junit.jupiter.api.Test;
import org.lightwayj.core.AuthMethod.CustomCallback;
import org.lightwayj.core.AuthMethod.Token;
import org.lightwayj.core.AuthMethod.UserPass;
import org.lightwayj.core.AuthMethod.VersionedToken;
import org.lightwayj.core.AuthMethod;
import org.lightwayj.core.Version;

/** AuthRequest vectors of spec §2.4. Body vectors are prefixed with the frame kind byte 04. */
class AuthRequestVectorTest {

    private static byte[] auth(byte[] body) {
        return concat(4, body);
    }

    private static AuthRequest req(AuthMethod m) {
        return new AuthRequest(m);
    }

    // ---- full frames ----------------------------------------------------------------------------

    @Test
    void userPassFrame() {
        byte[] wire = concat(bytes("04 01 02 06"), ascii("me"), new byte[48], ascii("secret"), new byte[44]);
        assertEquals(104, wire.length);
        assertVector(wire, () -> req(new UserPass("me", "secret")));
    }

    @Test
    void tokenFrame() {
        assertVector(bytes("04 02 00 05 74 6f 6b 65 6e"), () -> req(new Token("token")));
    }

    @Test
    void versionedTokenFrame() {
        assertVector(bytes("04 03 01 03 00 05 74 6f 6b 65 6e"), () -> req(new VersionedToken(Version.V1_3, "token")));
    }

    @Test
    void customCallbackFrame() {
        assertVector(bytes("04 17 00 04 01 02 03 04"), () -> req(new CustomCallback(new byte[] {1, 2, 3, 4})));
    }

    @Test
    void methodKinds() {
        assertEquals(1, new UserPass("", "").methodKind());
        assertEquals(2, new Token("").methodKind());
        assertEquals(3, new VersionedToken(Version.V1_1, "").methodKind());
        assertEquals(23, new CustomCallback(new byte[0]).methodKind());
        assertEquals(FrameKind.AUTH_REQUEST, req(new Token("")).kind());
    }

    @Test
    void tryFromWireTooShort() {
        assertFrameError(bytes("04"), WireError.INSUFFICIENT_DATA);
    }

    @Test
    void tryFromWireUnknownKind() {
        assertEquals(111, assertFrameError(bytes("04 6f 00 00"), WireError.INVALID_ENUM_ENCODING).kindId());
        for (int k : new int[] {0, 4, 22, 24, 255}) {
            assertFrameError(auth(new byte[] {(byte) k, 0, 0, 0}), WireError.INVALID_ENUM_ENCODING);
        }
    }

    // ---- UserPass -------------------------------------------------------------------------------

    private static byte[] maxUserPass() {
        return concat(bytes("01 32 32"), repeat('u', 50), repeat('p', 50));
    }

    @Test
    void userPassMaxLengthToWire() {
        assertEncodes(req(new UserPass("u".repeat(50), "p".repeat(50))), auth(maxUserPass()));
    }

    @Test
    void userPassMaxLengthFromWire() {
        assertDecodes(auth(maxUserPass()), req(new UserPass("u".repeat(50), "p".repeat(50))));
    }

    @Test
    void userPassTryFromTooShort() {
        assertFrameError(auth(concat(bytes("01 32 32"), repeat('u', 50), repeat('p', 49))), WireError.INSUFFICIENT_DATA);
        assertFrameError(auth(bytes("01")), WireError.INSUFFICIENT_DATA);
    }

    @Test
    void userPassTryFromWireUserTooLong() {
        byte[] b = maxUserPass();
        b[1] = 0x33;
        assertFrameError(auth(b), WireError.FIELD_TOO_LARGE);
    }

    @Test
    void userPassTryFromWirePassTooLong() {
        byte[] b = maxUserPass();
        b[2] = 0x33;
        assertFrameError(auth(b), WireError.FIELD_TOO_LARGE);
    }

    @Test
    void userPassTryFromWireUserInvalidUtf8() {
        byte[] body = concat(bytes("01 02 01 c3 28"), new byte[48], ascii("p"), new byte[49]);
        assertFrameError(auth(body), WireError.INVALID_STRING_ENCODING);
    }

    @Test
    void userPassTryFromWirePassInvalidUtf8() {
        byte[] body = concat(bytes("01 02 02"), ascii("me"), new byte[48], bytes("c3 28"), new byte[48]);
        assertFrameError(auth(body), WireError.INVALID_STRING_ENCODING);
    }

    @Test
    void userPassSkipsBytesAfterLengthInSlot() {
        byte[] body = concat(bytes("01 02 06"), ascii("me"), repeat('x', 48), ascii("secret"), repeat(0xff, 44));
        assertDecodes(auth(body), req(new UserPass("me", "secret")));
    }

    @Test
    void userPassConstructorLimits() {
        assertThrows(IllegalArgumentException.class, () -> new UserPass("u".repeat(51), ""));
        assertThrows(IllegalArgumentException.class, () -> new UserPass("", "\u00e9".repeat(26)));
        assertThrows(IllegalArgumentException.class, () -> new UserPass("\udc00", ""));
        new UserPass("\u00e9".repeat(25), "");
    }

    // ---- Token ----------------------------------------------------------------------------------

    @Test
    void tokenMaxLengthToWire() {
        assertEncodes(req(new Token("t".repeat(1347))), auth(concat(bytes("02 05 43"), repeat('t', 1347))));
    }

    @Test
    void tokenMaxLengthFromWire() {
        assertDecodes(auth(concat(bytes("02 05 43"), repeat('t', 1347))), req(new Token("t".repeat(1347))));
    }

    @Test
    void tokenTryFromWireTooLong() {
        assertFrameError(auth(concat(bytes("02 33 00"), repeat('t', 1348))), WireError.FIELD_TOO_LARGE);
        assertFrameError(auth(bytes("02 05 44")), WireError.FIELD_TOO_LARGE);
    }

    @Test
    void tokenTryFromWireTooShort() {
        assertFrameError(auth(bytes("02")), WireError.INSUFFICIENT_DATA);
        assertFrameError(auth(bytes("02 00")), WireError.INSUFFICIENT_DATA);
        assertFrameError(auth(bytes("02 02 00 ff")), WireError.INSUFFICIENT_DATA);
    }

    @Test
    void tokenTryFromWireInvalidUtf8() {
        assertFrameError(auth(bytes("02 00 02 c3 28")), WireError.INVALID_STRING_ENCODING);
    }

    @Test
    void tokenRejectsUtf8OddballsJavaMightAccept() {
        // CESU-8 surrogate, overlong NUL, code point above U+10FFFF: all invalid UTF-8 as in Rust.
        assertFrameError(auth(bytes("02 00 03 ed a0 80")), WireError.INVALID_STRING_ENCODING);
        assertFrameError(auth(bytes("02 00 02 c0 80")), WireError.INVALID_STRING_ENCODING);
        assertFrameError(auth(bytes("02 00 04 f4 90 80 80")), WireError.INVALID_STRING_ENCODING);
        assertDecodes(auth(bytes("02 00 04 f0 9f 98 80")), req(new Token("\ud83d\ude00")));
    }

    @Test
    void tokenConstructorLimit() {
        assertThrows(IllegalArgumentException.class, () -> new Token("t".repeat(1348)));
    }

    // ---- VersionedToken -------------------------------------------------------------------------

    @Test
    void versionedTokenTryFromWireInvalidVersion() {
        WireException e = assertFrameError(auth(concat(bytes("03 02 00 00 05"), ascii("token"))),
                WireError.INVALID_PROTOCOL_VERSION);
        assertEquals(2, e.major());
        assertEquals(0, e.minor());
    }

    @Test
    void versionedTokenTryFromWireTooShort() {
        for (String b : new String[] {"03", "03 01", "03 01 03", "03 01 03 00", "03 01 03 02 00 ff"}) {
            assertFrameError(auth(bytes(b)), WireError.INSUFFICIENT_DATA);
        }
    }

    @Test
    void versionedTokenTryFromWireTooLong() {
        assertFrameError(auth(concat(bytes("03 01 03 05 42"), repeat('t', 1346))), WireError.FIELD_TOO_LARGE);
    }

    @Test
    void versionedTokenTryFromWireInvalidUtf8() {
        assertFrameError(auth(bytes("03 01 03 00 02 c3 28")), WireError.INVALID_STRING_ENCODING);
    }

    @Test
    void versionedTokenRoundTripToWire() {
        assertEncodes(req(new VersionedToken(Version.V1_2, "token")), auth(concat(bytes("03 01 02 00 05"), ascii("token"))));
    }

    @Test
    void versionedTokenRoundTripFromWire() {
        assertDecodes(auth(concat(bytes("03 01 02 00 05"), ascii("token"))), req(new VersionedToken(Version.V1_2, "token")));
    }

    @Test
    void versionedTokenMaxLengthRoundTrip() {
        assertVector(auth(concat(bytes("03 01 01 05 41"), repeat('t', 1345))),
                () -> req(new VersionedToken(Version.V1_1, "t".repeat(1345))));
    }

    @Test
    void versionedTokenConstructorLimits() {
        assertThrows(IllegalArgumentException.class, () -> new VersionedToken(Version.V1_3, "t".repeat(1346)));
        assertThrows(IllegalArgumentException.class, () -> new VersionedToken(new Version(1, 0), "t"));
    }

    // ---- CustomCallback -------------------------------------------------------------------------

    @Test
    void callbackMaxLengthToWire() {
        assertEncodes(req(new CustomCallback(repeat('d', 1347))), auth(concat(bytes("17 05 43"), repeat('d', 1347))));
    }

    @Test
    void callbackMaxLengthFromWire() {
        assertDecodes(auth(concat(bytes("17 05 43"), repeat('d', 1347))), req(new CustomCallback(repeat('d', 1347))));
    }

    @Test
    void callbackTryFromWireTooLong() {
        assertFrameError(auth(concat(bytes("17 05 44"), new byte[1348])), WireError.FIELD_TOO_LARGE);
    }

    @Test
    void callbackTryFromWireTooShort() {
        assertFrameError(auth(bytes("17")), WireError.INSUFFICIENT_DATA);
        assertFrameError(auth(bytes("17 00")), WireError.INSUFFICIENT_DATA);
        assertFrameError(auth(bytes("17 02 00 ff")), WireError.INSUFFICIENT_DATA);
    }

    @Test
    void callbackConstructorLimitAndCopy() {
        assertThrows(IllegalArgumentException.class, () -> new CustomCallback(new byte[1348]));
        byte[] d = {1, 2};
        CustomCallback c = new CustomCallback(d);
        d[0] = 7;
        c.data()[1] = 7;
        assertEquals(new CustomCallback(new byte[] {1, 2}), c);
        assertEquals(new CustomCallback(new byte[] {1, 2}).hashCode(), c.hashCode());
    }

    // ---- redaction ------------------------------------------------------------------------------

    @Test
    void debugOutputRedactsSecrets() {
        String up = req(new UserPass("alice", "hunter2")).toString();
        assertTrue(up.contains("alice"), up);
        assertFalse(up.contains("hunter2"), up);
        String tok = req(new Token("eyJsecret")).toString();
        assertFalse(tok.contains("eyJsecret"), tok);
        String vt = req(new VersionedToken(Version.V1_3, "eyJsecret")).toString();
        assertFalse(vt.contains("eyJsecret"), vt);
        assertTrue(vt.contains("1.3"), vt);
        String cb = req(new CustomCallback(ascii("SECRETDATA"))).toString();
        assertFalse(cb.contains("SECRETDATA"), cb);
        assertFalse(cb.contains("[83"), cb); // no array dump either
    }
}
