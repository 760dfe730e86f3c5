package org.lightwayj.tun;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;

/**
 * The few libc calls a TUN device needs, bound with JNA direct mapping (no per-call reflection or
 * argument boxing). Buffers are passed as raw addresses ({@code long}), which is what lets the read and
 * write paths run without allocating; this assumes a 64-bit Linux (checked by {@link TunDevice#open}).
 * A failing call throws {@link LastErrorException} carrying {@code errno}.
 */
final class LibC {
    static final int O_RDWR = 0x2;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int EFD_NONBLOCK = 0x800;
    static final int EFD_CLOEXEC = 0x80000;
    static final int AF_INET = 2;
    static final int SOCK_DGRAM = 2;
    static final short POLLIN = 0x1;
    static final short POLLERR = 0x8;
    static final short POLLHUP = 0x10;
    static final short POLLNVAL = 0x20;
    static final int EINTR = 4;
    static final int EAGAIN = 11;

    static {
        Native.register(LibC.class, "c");
    }

    private LibC() {
    }

    static native int open(String path, int flags) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    /** {@code ioctl(fd, request, struct ifreq *)}; JNA copies the array in and back out. */
    static native int ioctl(int fd, long request, byte[] ifreq) throws LastErrorException;

    static native long read(int fd, long buf, long count) throws LastErrorException;

    static native long write(int fd, long buf, long count) throws LastErrorException;

    /** {@code poll(struct pollfd *fds, nfds_t nfds, int timeout)}. */
    static native int poll(long fds, long nfds, int timeoutMillis) throws LastErrorException;

    static native int eventfd(int initval, int flags) throws LastErrorException;

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    /** {@return the error's name and number, e.g. "EPERM (errno 1)", for messages} */
    static String describe(LastErrorException e) {
        return switch (e.getErrorCode()) {
            case 1 -> "EPERM (errno 1: not permitted; TUN devices need root or CAP_NET_ADMIN)";
            case 2 -> "ENOENT (errno 2)";
            case 13 -> "EACCES (errno 13)";
            case 16 -> "EBUSY (errno 16: the name is in use)";
            case 19 -> "ENODEV (errno 19)";
            case 22 -> "EINVAL (errno 22)";
            default -> "errno " + e.getErrorCode();
        };
    }
}
