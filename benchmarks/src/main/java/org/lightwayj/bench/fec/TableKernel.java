package org.lightwayj.bench.fec;

/**
 * The classic baseline: a 64 KiB GF(2⁸) multiplication table and one pass over the data per
 * (output, input) pair, i.e. {@code out[i] ^= MUL[c][in[i]]}. Same field (0x11D) and the same
 * coefficients as {@code ReedSolomon}, so its output is byte-identical.
 */
final class TableKernel {
    static final byte[] MUL = new byte[256 * 256];

    static {
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                MUL[(a << 8) | b] = (byte) slowMul(a, b);
            }
        }
    }

    private TableKernel() {
    }

    static int slowMul(int a, int b) {
        int p = 0;
        while (b != 0) {
            if ((b & 1) != 0) {
                p ^= a;
            }
            a <<= 1;
            if ((a & 0x100) != 0) {
                a ^= 0x11D;
            }
            b >>>= 1;
        }
        return p;
    }

    static int inv(int a) {
        for (int x = 1; x < 256; x++) {
            if (slowMul(a, x) == 1) {
                return x;
            }
        }
        throw new ArithmeticException("no inverse of " + a);
    }

    /** out[q] = Σ_j c[q][j]·in[j], one pass per (q, j). */
    static void apply(int[][] c, byte[][] in, int nIn, byte[][] out, int nOut, int len) {
        for (int q = 0; q < nOut; q++) {
            byte[] o = out[q];
            java.util.Arrays.fill(o, 0, len, (byte) 0);
            for (int j = 0; j < nIn; j++) {
                mulAdd(c[q][j], in[j], o, len);
            }
        }
    }

    private static void mulAdd(int coef, byte[] in, byte[] out, int len) {
        int base = coef << 8;
        for (int i = 0; i < len; i++) {
            out[i] ^= MUL[base + (in[i] & 0xFF)];
        }
    }

    /** Gauss–Jordan inverse of an n×n matrix (returns a new matrix). */
    static int[][] invert(int[][] a, int n) {
        int[][] m = new int[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n + i] = 1;
        }
        for (int col = 0; col < n; col++) {
            int p = col;
            while (m[p][col] == 0) {
                p++;
            }
            int[] t = m[p];
            m[p] = m[col];
            m[col] = t;
            int s = inv(m[col][col]);
            for (int j = 0; j < 2 * n; j++) {
                m[col][j] = slowMul(m[col][j], s);
            }
            for (int r = 0; r < n; r++) {
                int f = m[r][col];
                if (r != col && f != 0) {
                    for (int j = 0; j < 2 * n; j++) {
                        m[r][j] ^= slowMul(f, m[col][j]);
                    }
                }
            }
        }
        int[][] out = new int[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], n, out[i], 0, n);
        }
        return out;
    }
}
