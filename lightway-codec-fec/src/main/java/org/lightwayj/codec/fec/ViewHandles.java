package org.lightwayj.codec.fec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The byte-array view {@code VarHandle} behind {@link LittleEndian}. Android before API 33 has no
 * {@code VarHandle}: this class is touched only through {@link LittleEndian}'s guarded probe (a
 * {@code LinkageError} there selects the byte-store fallback).
 */
@JvmOnly
final class ViewHandles {
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private ViewHandles() {
    }

    static void putLongLE(byte[] b, int off, long v) {
        LONG_LE.set(b, off, v);
    }
}
