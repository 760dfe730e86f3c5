package org.lightwayj.tun;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import io.netty.buffer.ByteBuf;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Linux TUN device ({@code /dev/net/tun}, {@code IFF_TUN | IFF_NO_PI}): every {@link #read} returns one
 * whole IP packet the kernel routed to the interface, every {@link #write} hands one IP packet to the
 * kernel as if it had arrived on the interface.
 *
 * <p>Opening needs root or {@code CAP_NET_ADMIN}. The device does not configure the interface: its
 * address, MTU and routes are the host's business ({@code ip addr add}, {@code ip link set up mtu},
 * {@code ip route add}); {@link #setMtu} exists for hosts that prefer an ioctl. The interface disappears
 * when the device is closed.
 *
 * <p>Threads: one thread at a time reads (concurrent readers are serialized), any thread may write, and
 * {@link #close()} from any thread wakes a reader blocked in {@link #read}, which then returns -1. Reads
 * and writes into direct Netty buffers (or direct NIO buffers) go straight between the kernel and the
 * buffer's memory; heap buffers pass through a scratch buffer.
 */
public final class TunDevice implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(TunDevice.class);
    /** The largest IPv4/IPv6 packet (without jumbograms): what the heap-buffer scratch must hold. */
    private static final int MAX_PACKET = 65535;

    private final String name;
    private final int fd;
    /** Signalled by {@link #close()} so that a reader blocked in poll() wakes up at once. */
    private final int wakeFd;
    /** Readers and writers hold it shared; close() takes it exclusively, so no fd is closed in use. */
    private final ReentrantReadWriteLock inUse = new ReentrantReadWriteLock();
    private final Object readerMonitor = new Object();
    /** Two {@code struct pollfd}: the device, then the wake-up eventfd. Guarded by readerMonitor. */
    private final Memory pollFds = new Memory(16);
    private final Memory wakeValue = new Memory(8);
    /** For heap buffers: native memory and a ByteBuffer view of it, made once on first use. */
    private Scratch readScratch;
    private Scratch writeScratch;
    private volatile boolean closed;

    private TunDevice(String name, int fd, int wakeFd) {
        this.name = name;
        this.fd = fd;
        this.wakeFd = wakeFd;
        pollFds.setInt(0, fd);
        pollFds.setShort(4, LibC.POLLIN);
        pollFds.setInt(8, wakeFd);
        pollFds.setShort(12, LibC.POLLIN);
        wakeValue.setLong(0, 1);
    }

    /**
     * Creates (or attaches to a persistent) TUN interface.
     *
     * @param name the interface name, 1..15 characters (e.g. {@code "lwj0"}); {@code "tun%d"} lets the
     *        kernel pick the number ({@link #name()} tells which)
     * @return the open device
     * @throws IllegalArgumentException when the name is one the kernel would refuse
     * @throws UnsupportedOperationException when not on 64-bit Linux
     * @throws IOException when the kernel refuses (no {@code /dev/net/tun}, not root, name busy…)
     */
    public static TunDevice open(String name) throws IOException {
        IfReq.checkName(Objects.requireNonNull(name, "name"));
        if (!Platform.isLinux() || Native.POINTER_SIZE != 8) {
            throw new UnsupportedOperationException("TUN devices are supported on 64-bit Linux only");
        }
        int fd;
        try {
            fd = LibC.open("/dev/net/tun", LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException("cannot open /dev/net/tun: " + LibC.describe(e), e);
        }
        byte[] ifr = IfReq.withFlags(name, (short) (IfReq.IFF_TUN | IfReq.IFF_NO_PI));
        try {
            LibC.ioctl(fd, IfReq.TUNSETIFF, ifr);
        } catch (LastErrorException e) {
            closeQuietly(fd);
            throw new IOException("TUNSETIFF " + name + " failed: " + LibC.describe(e), e);
        }
        int wake;
        try {
            wake = LibC.eventfd(0, LibC.EFD_NONBLOCK | LibC.EFD_CLOEXEC);
        } catch (LastErrorException e) {
            closeQuietly(fd);
            throw new IOException("eventfd failed: " + LibC.describe(e), e);
        }
        TunDevice d = new TunDevice(IfReq.name(ifr), fd, wake);
        LOG.info("opened TUN device {}", d.name);
        return d;
    }

    /** {@return the interface name the kernel gave the device} */
    public String name() {
        return name;
    }

    /**
     * {@return the interface's current MTU (as {@code ip link set mtu} or {@link #setMtu} left it)}
     *
     * @throws IOException when the interface is gone
     */
    public int mtu() throws IOException {
        byte[] ifr = IfReq.withName(name);
        interfaceIoctl(IfReq.SIOCGIFMTU, ifr);
        return IfReq.mtu(ifr);
    }

    /**
     * Sets the interface's MTU (what {@code ip link set dev NAME mtu N} does).
     *
     * @param mtu 68..65535
     * @throws IOException when the kernel refuses
     */
    public void setMtu(int mtu) throws IOException {
        if (mtu < 68 || mtu > MAX_PACKET) {
            throw new IllegalArgumentException("MTU must be 68..65535: " + mtu);
        }
        interfaceIoctl(IfReq.SIOCSIFMTU, IfReq.withMtu(name, mtu));
        LOG.debug("{}: MTU {}", name, mtu);
    }

    /** SIOC[GS]IF* ioctls go to any socket, not to the TUN fd. */
    private static void interfaceIoctl(long request, byte[] ifr) throws IOException {
        int s;
        try {
            s = LibC.socket(LibC.AF_INET, LibC.SOCK_DGRAM, 0);
        } catch (LastErrorException e) {
            throw new IOException("socket failed: " + LibC.describe(e), e);
        }
        try {
            LibC.ioctl(s, request, ifr);
        } catch (LastErrorException e) {
            throw new IOException("ioctl on " + IfReq.name(ifr) + " failed: " + LibC.describe(e), e);
        } finally {
            closeQuietly(s);
        }
    }

    /**
     * Reads one packet into {@code dst} at its writer index and advances the writer index; blocks until
     * a packet arrives or the device is closed. A packet longer than {@code dst.writableBytes()} is cut
     * short, so give it at least the MTU.
     *
     * @param dst where the packet goes; direct buffers receive it without a copy
     * @return the packet's length, or -1 once the device is closed
     * @throws IOException when the kernel reports an error
     */
    public int read(ByteBuf dst) throws IOException {
        int room = dst.writableBytes();
        if (room == 0) {
            throw new IllegalArgumentException("no room in the buffer");
        }
        int n;
        if (dst.hasMemoryAddress()) {
            n = read(dst.memoryAddress() + dst.writerIndex(), room);
        } else {
            synchronized (readerMonitor) {
                Scratch scratch = readScratch();
                n = read(scratch.address, Math.min(room, MAX_PACKET));
                if (n > 0) {
                    dst.writeBytes(scratch.view(n));
                }
                return n;
            }
        }
        if (n > 0) {
            dst.writerIndex(dst.writerIndex() + n);
        }
        return n;
    }

    /**
     * Reads one packet into {@code dst} at its position and advances the position (see
     * {@link #read(ByteBuf)}). Each call with a direct buffer allocates one small JNA pointer; the
     * {@code ByteBuf} overload does not.
     *
     * @param dst where the packet goes
     * @return the packet's length, or -1 once the device is closed
     * @throws IOException when the kernel reports an error
     */
    public int read(ByteBuffer dst) throws IOException {
        int room = dst.remaining();
        if (room == 0) {
            throw new IllegalArgumentException("no room in the buffer");
        }
        int n;
        if (dst.isDirect()) {
            n = read(Pointer.nativeValue(Native.getDirectBufferPointer(dst)) + dst.position(), room);
        } else {
            synchronized (readerMonitor) {
                Scratch scratch = readScratch();
                n = read(scratch.address, Math.min(room, MAX_PACKET));
                if (n > 0) {
                    dst.put(scratch.view(n));
                }
                return n;
            }
        }
        if (n > 0) {
            dst.position(dst.position() + n);
        }
        return n;
    }

    private Scratch readScratch() {
        if (readScratch == null) {
            readScratch = new Scratch();
        }
        return readScratch;
    }

    /**
     * Native memory for heap buffers to pass through, with one ByteBuffer view made up front
     * ({@code Memory.getByteBuffer} allocates and registers a new view on every call).
     */
    private static final class Scratch {
        final Memory memory = new Memory(MAX_PACKET);
        final long address = Pointer.nativeValue(memory);
        private final ByteBuffer view = memory.getByteBuffer(0, MAX_PACKET);

        /** {@return the view of the first n bytes} */
        ByteBuffer view(int n) {
            return view.clear().limit(n);
        }
    }

    /**
     * read(2) on the non-blocking device; when it has nothing (EAGAIN), poll(device, wake-up) and read
     * again. Under load packets are waiting, so most reads cost one system call and no poll. -1 once
     * closed.
     */
    private int read(long address, int capacity) throws IOException {
        synchronized (readerMonitor) {
            if (!inUse.readLock().tryLock()) {
                return -1; // close() holds it: closing
            }
            try {
                while (!closed) {
                    try {
                        return (int) LibC.read(fd, address, capacity);
                    } catch (LastErrorException e) {
                        if (e.getErrorCode() != LibC.EAGAIN && e.getErrorCode() != LibC.EINTR) {
                            throw new IOException(name + ": read failed: " + LibC.describe(e), e);
                        }
                    }
                    if (!awaitReadable()) {
                        return -1;
                    }
                }
                return -1;
            } finally {
                inUse.readLock().unlock();
            }
        }
    }

    /** Blocks in poll() until the device is readable ({@code true}) or close() signalled ({@code false}). */
    private boolean awaitReadable() throws IOException {
        while (!closed) {
            pollFds.setShort(6, (short) 0);
            pollFds.setShort(14, (short) 0);
            try {
                LibC.poll(Pointer.nativeValue(pollFds), 2, -1);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LibC.EINTR) {
                    continue;
                }
                throw new IOException(name + ": poll failed: " + LibC.describe(e), e);
            }
            if (closed || pollFds.getShort(14) != 0) {
                return false;
            }
            short revents = pollFds.getShort(6);
            if ((revents & (LibC.POLLERR | LibC.POLLHUP | LibC.POLLNVAL)) != 0) {
                throw new IOException(name + ": device error (poll revents 0x"
                        + Integer.toHexString(revents & 0xFFFF) + ")");
            }
            if ((revents & LibC.POLLIN) != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes the readable bytes of {@code src} as one IP packet and advances its reader index. The buffer
     * stays the caller's (it is not released).
     *
     * @param src one whole IPv4 or IPv6 packet
     * @return true if the kernel took it, false if it dropped it for want of queue space
     * @throws IOException when the device is closed or the kernel refuses the packet (for example
     *         {@code EIO} while the interface is down, {@code EINVAL} for a packet that is not IP)
     */
    public boolean write(ByteBuf src) throws IOException {
        int n = src.readableBytes();
        if (n == 0) {
            throw new IllegalArgumentException("empty packet");
        }
        boolean taken;
        if (src.hasMemoryAddress()) {
            taken = write(src.memoryAddress() + src.readerIndex(), n);
        } else {
            synchronized (this) {
                Scratch scratch = writeScratch(n);
                src.getBytes(src.readerIndex(), scratch.view(n));
                taken = write(scratch.address, n);
            }
        }
        src.skipBytes(n);
        return taken;
    }

    /**
     * Writes the remaining bytes of {@code src} as one IP packet and advances its position (see
     * {@link #write(ByteBuf)}).
     *
     * @param src one whole IP packet
     * @return true if the kernel took it, false if it dropped it for want of queue space
     * @throws IOException when the device is closed or the kernel refuses the packet
     */
    public boolean write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        if (n == 0) {
            throw new IllegalArgumentException("empty packet");
        }
        boolean taken;
        if (src.isDirect()) {
            taken = write(Pointer.nativeValue(Native.getDirectBufferPointer(src)) + src.position(), n);
        } else {
            synchronized (this) {
                Scratch scratch = writeScratch(n);
                scratch.view(n).put(src.duplicate());
                taken = write(scratch.address, n);
            }
        }
        src.position(src.position() + n);
        return taken;
    }

    private Scratch writeScratch(int n) {
        if (n > MAX_PACKET) {
            throw new IllegalArgumentException("packet longer than " + MAX_PACKET + " bytes: " + n);
        }
        if (writeScratch == null) {
            writeScratch = new Scratch();
        }
        return writeScratch;
    }

    private boolean write(long address, int length) throws IOException {
        if (!inUse.readLock().tryLock()) {
            throw new IOException(name + " is closed");
        }
        try {
            if (closed) {
                throw new IOException(name + " is closed");
            }
            LibC.write(fd, address, length);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LibC.EAGAIN) {
                return false;
            }
            throw new IOException(name + ": write failed: " + LibC.describe(e), e);
        } finally {
            inUse.readLock().unlock();
        }
    }

    /** {@return whether {@link #close()} was called} */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes the device: a reader blocked in {@link #read} returns -1, later reads return -1 and writes
     * throw. The interface goes away (unless it was made persistent elsewhere). Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            LibC.write(wakeFd, Pointer.nativeValue(wakeValue), 8);
        } catch (LastErrorException e) {
            LOG.debug("{}: wake-up write failed: {}", name, LibC.describe(e));
        }
        inUse.writeLock().lock(); // waits for a reader that is leaving poll() and for writers
        try {
            closeQuietly(fd);
            closeQuietly(wakeFd);
        } finally {
            inUse.writeLock().unlock();
        }
        LOG.info("closed TUN device {}", name);
    }

    private static void closeQuietly(int fd) {
        try {
            LibC.close(fd);
        } catch (LastErrorException e) {
            // nothing left to do with it
        }
    }

    @Override
    public String toString() {
        return "TunDevice[" + name + (closed ? ", closed" : "") + "]";
    }
}
