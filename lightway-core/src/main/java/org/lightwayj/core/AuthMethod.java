package org.lightwayj.core;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Objects;
import org.lightwayj.core.wire.Wire;

/**
 * The credentials carried by an AuthRequest frame (spec §2.4): one method-kind byte, then a
 * method-specific body. {@code toString()} of every method redacts the secret (password, token,
 * callback data).
 */
public sealed interface AuthMethod {
    /** Method kind of {@link UserPass}. */
    int USER_PASS_KIND = 1;
    /** Method kind of {@link Token}. */
    int TOKEN_KIND = 2;
    /** Method kind of {@link VersionedToken} (not known to C servers). */
    int VERSIONED_TOKEN_KIND = 3;
    /** Method kind of {@link CustomCallback}. */
    int CUSTOM_CALLBACK_KIND = 23;

    /** @return the method-kind byte */
    int methodKind();

    /** @return encoded size, method-kind byte included */
    int encodedLength();

    /**
     * Appends the method-kind byte and the body to {@code out}.
     *
     * @param out the destination; the caller keeps ownership
     */
    void encode(ByteBuf out);

    /**
     * User name and password (kind 1): {@code user_len u8, pass_len u8, user[50], password[50]},
     * each slot zero-padded; a fixed 102-byte body.
     *
     * @param user the user name, at most 50 UTF-8 bytes
     * @param password the password, at most 50 UTF-8 bytes
     */
    record UserPass(String user, String password) implements AuthMethod {
        /** Maximum UTF-8 length of each field, and the size of its slot. */
        public static final int MAX_FIELD = 50;
        /** Body size after the method-kind byte. */
        public static final int BODY_SIZE = 2 + 2 * MAX_FIELD;

        /**
         * Validates the field sizes.
         *
         * @param user the user name, at most 50 UTF-8 bytes
         * @param password the password, at most 50 UTF-8 bytes
         * @throws IllegalArgumentException if a field exceeds 50 UTF-8 bytes or is not well-formed
         */
        public UserPass {
            Wire.checkString(user, "user", MAX_FIELD);
            Wire.checkString(password, "password", MAX_FIELD);
        }

        @Override
        public int methodKind() {
            return USER_PASS_KIND;
        }

        @Override
        public int encodedLength() {
            return 1 + BODY_SIZE;
        }

        @Override
        public void encode(ByteBuf out) {
            int ul = Wire.utf8Length(user, "user");
            int pl = Wire.utf8Length(password, "password");
            out.writeByte(USER_PASS_KIND);
            out.writeByte(ul);
            out.writeByte(pl);
            Wire.writeUtf8(out, user);
            out.writeZero(MAX_FIELD - ul);
            Wire.writeUtf8(out, password);
            out.writeZero(MAX_FIELD - pl);
        }

        @Override
        public String toString() {
            return "UserPass[user=" + user + ", password=<redacted>]";
        }
    }

    /**
     * A token (kind 2), typically a JWT: {@code token_len u16, token}.
     *
     * @param token the token, at most 1347 UTF-8 bytes
     */
    record Token(String token) implements AuthMethod {
        /** Maximum UTF-8 length of the token. */
        public static final int MAX_LENGTH = 1347;

        /**
         * Validates the size.
         *
         * @param token the token, at most 1347 UTF-8 bytes
         * @throws IllegalArgumentException if the token exceeds 1347 UTF-8 bytes or is not well-formed
         */
        public Token {
            Wire.checkString(token, "token", MAX_LENGTH);
        }

        @Override
        public int methodKind() {
            return TOKEN_KIND;
        }

        @Override
        public int encodedLength() {
            return 3 + Wire.utf8Length(token, "token");
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(TOKEN_KIND);
            out.writeShort(Wire.utf8Length(token, "token"));
            Wire.writeUtf8(out, token);
        }

        @Override
        public String toString() {
            return "Token[token=<redacted>]";
        }
    }

    /**
     * A token with the protocol version the client wants (kind 3, Rust only):
     * {@code major u8, minor u8, token_len u16, token}.
     *
     * @param version a valid protocol version
     * @param token the token, at most 1345 UTF-8 bytes
     */
    record VersionedToken(Version version, String token) implements AuthMethod {
        /** Maximum UTF-8 length of the token. */
        public static final int MAX_LENGTH = 1345;

        /**
         * Validates the version and size.
         *
         * @param version a valid protocol version
         * @param token the token, at most 1345 UTF-8 bytes
         * @throws IllegalArgumentException if the version is unsupported or the token too long
         */
        public VersionedToken {
            Objects.requireNonNull(version, "version");
            if (!version.isValid()) {
                throw new IllegalArgumentException("unsupported version " + version);
            }
            Wire.checkString(token, "token", MAX_LENGTH);
        }

        @Override
        public int methodKind() {
            return VERSIONED_TOKEN_KIND;
        }

        @Override
        public int encodedLength() {
            return 5 + Wire.utf8Length(token, "token");
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(VERSIONED_TOKEN_KIND);
            out.writeByte(version.major());
            out.writeByte(version.minor());
            out.writeShort(Wire.utf8Length(token, "token"));
            Wire.writeUtf8(out, token);
        }

        @Override
        public String toString() {
            return "VersionedToken[version=" + version + ", token=<redacted>]";
        }
    }

    /**
     * Opaque data for a server-side auth callback (kind 23): {@code data_len u16, data}. The array is
     * copied on construction and by {@link #data()}.
     *
     * @param data the data, at most 1347 bytes
     */
    record CustomCallback(byte[] data) implements AuthMethod {
        /** Maximum data length. */
        public static final int MAX_LENGTH = 1347;

        /**
         * Validates the size and copies.
         *
         * @param data the data, at most 1347 bytes
         * @throws IllegalArgumentException if the data exceeds 1347 bytes
         */
        public CustomCallback {
            Objects.requireNonNull(data, "data");
            if (data.length > MAX_LENGTH) {
                throw new IllegalArgumentException("data is " + data.length + " bytes, maximum " + MAX_LENGTH);
            }
            data = data.clone();
        }

        /** @return a copy of the data */
        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public int methodKind() {
            return CUSTOM_CALLBACK_KIND;
        }

        @Override
        public int encodedLength() {
            return 3 + data.length;
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(CUSTOM_CALLBACK_KIND);
            out.writeShort(data.length);
            out.writeBytes(data);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CustomCallback c && Arrays.equals(c.data, data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "CustomCallback[data=<redacted " + data.length + " bytes>]";
        }
    }
}
