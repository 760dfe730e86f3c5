package org.lightwayj.codec.fec;

/**
 * Arithmetic in GF(2⁸) with the primitive polynomial x⁸+x⁴+x³+x²+1 (0x11D) and generator α = 2.
 *
 * <p>Addition is XOR. Multiplication uses log/exp tables for table construction and a full 64 KiB
 * product table for the scalar paths. The polynomial is part of the wire format (docs/fec.md).
 */
final class GF256 {
    static final int POLY = 0x11D;

    /** EXP[i] = α^i for i in 0..509 (doubled so LOG[a]+LOG[b] needs no reduction). */
    static final byte[] EXP = new byte[512];
    /** LOG[x] = log_α(x) for x in 1..255; LOG[0] is unused. */
    static final int[] LOG = new int[256];
    /** MUL[(a << 8) | b] = a·b. */
    static final byte[] MUL = new byte[256 * 256];
    /** INV[x] = x⁻¹ for x ≠ 0; INV[0] = 0. */
    static final byte[] INV = new byte[256];

    static {
        int x = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = (byte) x;
            LOG[x] = i;
            x <<= 1;
            if (x >= 256) {
                x ^= POLY;
            }
        }
        for (int i = 255; i < EXP.length; i++) {
            EXP[i] = EXP[i - 255];
        }
        for (int a = 1; a < 256; a++) {
            for (int b = 1; b < 256; b++) {
                MUL[(a << 8) | b] = EXP[LOG[a] + LOG[b]];
            }
            INV[a] = EXP[255 - LOG[a]];
        }
    }

    private GF256() {
    }

    static int add(int a, int b) {
        return a ^ b;
    }

    static int mul(int a, int b) {
        return MUL[(a << 8) | b] & 0xFF;
    }

    /** The multiplicative inverse; {@code a} must not be 0. */
    static int inv(int a) {
        if (a == 0) {
            throw new ArithmeticException("0 has no inverse in GF(256)");
        }
        return INV[a] & 0xFF;
    }

    static int div(int a, int b) {
        return mul(a, inv(b));
    }

    /**
     * Inverts the n×n matrix {@code m} in place (Gauss–Jordan). {@code work} must be n×n scratch.
     *
     * @return false when the matrix is singular (cannot happen for Cauchy submatrices)
     */
    static boolean invert(int[][] m, int[][] work, int n) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                work[i][j] = i == j ? 1 : 0;
            }
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            while (pivot < n && m[pivot][col] == 0) {
                pivot++;
            }
            if (pivot == n) {
                return false;
            }
            if (pivot != col) {
                int[] t = m[pivot];
                m[pivot] = m[col];
                m[col] = t;
                t = work[pivot];
                work[pivot] = work[col];
                work[col] = t;
            }
            int s = inv(m[col][col]);
            for (int j = 0; j < n; j++) {
                m[col][j] = mul(m[col][j], s);
                work[col][j] = mul(work[col][j], s);
            }
            for (int row = 0; row < n; row++) {
                int f = m[row][col];
                if (row != col && f != 0) {
                    for (int j = 0; j < n; j++) {
                        m[row][j] ^= mul(f, m[col][j]);
                        work[row][j] ^= mul(f, work[col][j]);
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(work[i], 0, m[i], 0, n);
        }
        return true;
    }
}
