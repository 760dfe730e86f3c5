package org.lightwayj.core.wire;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.lightwayj.core.AuthMethod;
import org.lightwayj.core.Version;

/**
 * Frame kind 4 (§2.4), client to server: the client's credentials. {@code toString()} redacts secrets.
 *
 * @param method the authentication method and its credentials
 */
public record AuthRequest(AuthMethod method) implements Frame {
    /**
     * Validates non-null.
     *
     * @param method the authentication method and its credentials
     */
    public AuthRequest {
        Objects.requireNonNull(method, "method");
    }

    @Override
    public FrameKind kind() {
        return FrameKind.AUTH_REQUEST;
    }

    @Override
    public int encodedLength() {
        return 1 + method.encodedLength();
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(FrameKind.AUTH_REQUEST.id());
        method.encode(out);
    }

    /** Decodes the body; validation order as in §2.4. Atomicity is restored by the caller. */
    static AuthRequest decodeBody(ByteBuf in) throws WireException {
        Wire.need(in, 1);
        int methodKind = in.readUnsignedByte();
        switch (methodKind) {
            case AuthMethod.USER_PASS_KIND: {
                Wire.need(in, AuthMethod.UserPass.BODY_SIZE);
                int ul = in.readUnsignedByte();
                int pl = in.readUnsignedByte();
                if (ul > AuthMethod.UserPass.MAX_FIELD) {
                    throw Wire.tooLarge("user", ul, AuthMethod.UserPass.MAX_FIELD);
                }
                if (pl > AuthMethod.UserPass.MAX_FIELD) {
                    throw Wire.tooLarge("password", pl, AuthMethod.UserPass.MAX_FIELD);
                }
                int i = in.readerIndex();
                String user = Wire.utf8(in, i, ul);
                String pass = Wire.utf8(in, i + AuthMethod.UserPass.MAX_FIELD, pl);
                in.skipBytes(2 * AuthMethod.UserPass.MAX_FIELD);
                return new AuthRequest(new AuthMethod.UserPass(user, pass));
            }
            case AuthMethod.TOKEN_KIND: {
                Wire.need(in, 2);
                int len = in.readUnsignedShort();
                if (len > AuthMethod.Token.MAX_LENGTH) {
                    throw Wire.tooLarge("token", len, AuthMethod.Token.MAX_LENGTH);
                }
                Wire.need(in, len);
                return new AuthRequest(new AuthMethod.Token(Wire.readUtf8(in, len)));
            }
            case AuthMethod.VERSIONED_TOKEN_KIND: {
                Wire.need(in, 4);
                int major = in.readUnsignedByte();
                int minor = in.readUnsignedByte();
                Version v = new Version(major, minor);
                if (!v.isValid()) {
                    throw WireException.invalidVersion(major, minor);
                }
                int len = in.readUnsignedShort();
                if (len > AuthMethod.VersionedToken.MAX_LENGTH) {
                    throw Wire.tooLarge("token", len, AuthMethod.VersionedToken.MAX_LENGTH);
                }
                Wire.need(in, len);
                return new AuthRequest(new AuthMethod.VersionedToken(v, Wire.readUtf8(in, len)));
            }
            case AuthMethod.CUSTOM_CALLBACK_KIND: {
                Wire.need(in, 2);
                int len = in.readUnsignedShort();
                if (len > AuthMethod.CustomCallback.MAX_LENGTH) {
                    throw Wire.tooLarge("callback data", len, AuthMethod.CustomCallback.MAX_LENGTH);
                }
                Wire.need(in, len);
                return new AuthRequest(new AuthMethod.CustomCallback(Wire.readBytes(in, len)));
            }
            default:
                throw WireException.invalidEnum("auth method", methodKind);
        }
    }
}
