package org.lightwayj.codec.fec;

/**
 * A coefficient matrix (nOut × nIn over GF(2⁸)) compiled into packed-output lookup tables, and the
 * kernel that applies it: {@code out[q] = Σ_j c[q][j]·in[j]} for every byte position.
 *
 * <h2>Kernel (docs/fec.md, design notes §2 g)</h2>
 * For each input j one 256-entry table packs the products c[q][j]·x of up to 4 outputs into an
 * {@code int} (nOut ≤ 4) or up to 8 outputs into a {@code long} (larger nOut runs in passes of ≤ 8
 * outputs). One lookup per input byte then serves every output of the pass. Eight byte positions are
 * processed per step in eight accumulators, which a byte transpose turns into one 8-byte
 * little-endian store per output. A length that is not a multiple of 8 redoes the last step at
 * {@code len − 8}: outputs are assigned, never accumulated, so recomputing them is harmless.
 *
 * <p>Instances are reused: {@link #build} grows the tables only when a bigger plan comes along, so a
 * warmed-up plan never allocates. Not thread-safe.
 */
@SuppressWarnings("fallthrough")
final class CodingPlan {
    /**
     * Whether the Vector API kernel is available: the application started with
     * {@code --add-modules jdk.incubator.vector} and did not set
     * {@code -Dorg.lightwayj.fec.noVector=true}. {@link VectorKernel} is never loaded otherwise.
     */
    static final boolean VECTOR = detectVector();

    private static boolean detectVector() {
        if (Boolean.getBoolean("org.lightwayj.fec.noVector")
                || !BootModules.has("jdk.incubator.vector")) { // never on Android
            return false;
        }
        try {
            return VectorKernel.VLEN >= 16;
        } catch (LinkageError e) {
            return false;
        }
    }

    private final boolean useVector;
    private int vlen;
    /** Vector nibble tables, [q][j·2·VLEN ..] (only when useVector). */
    private byte[][] vecTab = new byte[0][];

    /** A plan that uses the Vector API kernel when {@link #VECTOR} is on. */
    CodingPlan() {
        this(VECTOR);
    }

    /** @param useVector use the Vector API kernel (only honoured when {@link #VECTOR} is on) */
    CodingPlan(boolean useVector) {
        this.useVector = useVector && VECTOR;
    }

    private int nIn;
    private int nOut;
    /** The coefficients, row-major [q][j], kept for the scalar path. */
    private int[][] coef = new int[0][];
    /** nOut ≤ 4: [j][x]. */
    private int[][] intTab = new int[0][];
    /** nOut > 4: [pass][j][x]. */
    private long[][][] longTab = new long[0][][];
    private int passes;
    private final int[] passStart = new int[8];
    private final int[] passSize = new int[8];

    int inputs() {
        return nIn;
    }

    int outputs() {
        return nOut;
    }

    /**
     * Compiles {@code c} (rows q &lt; nOut, columns j &lt; nIn). Allocates only when the plan grows
     * beyond every earlier one.
     */
    void build(int[][] c, int nOut, int nIn) {
        if (nOut < 1 || nOut > 64 || nIn < 1 || nIn > 64) {
            throw new IllegalArgumentException("plan " + nOut + "x" + nIn);
        }
        this.nIn = nIn;
        this.nOut = nOut;
        if (coef.length < nOut || (nOut > 0 && coef[0].length < nIn)) {
            int rows = Math.max(nOut, coef.length);
            int cols = Math.max(nIn, coef.length == 0 ? 0 : coef[0].length);
            coef = new int[rows][cols];
        }
        for (int q = 0; q < nOut; q++) {
            System.arraycopy(c[q], 0, coef[q], 0, nIn);
        }
        if (useVector) {
            buildVector(c);
        }
        if (nOut <= 4) {
            passes = 0;
            if (intTab.length < nIn) {
                intTab = grow(intTab, nIn);
            }
            for (int j = 0; j < nIn; j++) {
                int[] t = intTab[j];
                for (int x = 0; x < 256; x++) {
                    int v = 0;
                    for (int q = 0; q < nOut; q++) {
                        v |= GF256.mul(c[q][j], x) << (8 * q);
                    }
                    t[x] = v;
                }
            }
            return;
        }
        // Balanced passes of at most 8 outputs (10 → 5+5, not 8+2: the cost is per pass).
        passes = (nOut + 7) / 8;
        int base = nOut / passes;
        int extra = nOut % passes;
        int start = 0;
        for (int p = 0; p < passes; p++) {
            passStart[p] = start;
            passSize[p] = base + (p < extra ? 1 : 0);
            start += passSize[p];
        }
        if (longTab.length < passes) {
            long[][][] g = new long[passes][][];
            System.arraycopy(longTab, 0, g, 0, longTab.length);
            for (int p = longTab.length; p < passes; p++) {
                g[p] = new long[0][];
            }
            longTab = g;
        }
        for (int p = 0; p < passes; p++) {
            if (longTab[p].length < nIn) {
                long[][] g = new long[nIn][];
                System.arraycopy(longTab[p], 0, g, 0, longTab[p].length);
                for (int j = longTab[p].length; j < nIn; j++) {
                    g[j] = new long[256];
                }
                longTab[p] = g;
            }
            int s = passStart[p];
            int n = passSize[p];
            for (int j = 0; j < nIn; j++) {
                long[] t = longTab[p][j];
                for (int x = 0; x < 256; x++) {
                    long v = 0;
                    for (int q = 0; q < n; q++) {
                        v |= (long) GF256.mul(c[s + q][j], x) << (8 * q);
                    }
                    t[x] = v;
                }
            }
        }
    }

    private void buildVector(int[][] c) {
        vlen = VectorKernel.VLEN;
        int size = nIn * 2 * vlen;
        if (vecTab.length < nOut) {
            byte[][] g = new byte[nOut][];
            System.arraycopy(vecTab, 0, g, 0, vecTab.length);
            vecTab = g;
        }
        for (int q = 0; q < nOut; q++) {
            if (vecTab[q] == null || vecTab[q].length < size) {
                vecTab[q] = new byte[size];
            }
            for (int j = 0; j < nIn; j++) {
                VectorKernel.table(vecTab[q], j * 2 * vlen, c[q][j]);
            }
        }
    }

    private static int[][] grow(int[][] old, int n) {
        int[][] g = new int[n][];
        System.arraycopy(old, 0, g, 0, old.length);
        for (int j = old.length; j < n; j++) {
            g[j] = new int[256];
        }
        return g;
    }

    /**
     * Computes {@code out[q][0..len) = Σ_j c[q][j]·in[j][0..len)} for q &lt; outputs().
     *
     * @param in inputs(); each at least {@code len} long; none of them may be an output
     * @param out outputs(); each at least {@code len} long
     * @param usedIn how many inputs to use (≤ inputs()); the missing columns count as zero
     *        symbols, which is how a partial block reuses the full block's encode plan
     */
    void apply(byte[][] in, int usedIn, byte[][] out, int len) {
        if (useVector && len >= vlen) {
            VectorKernel.apply(vecTab, in, usedIn, out, nOut, len);
        } else if (len < 8) {
            applyScalar(in, usedIn, out, len);
        } else if (passes == 0) {
            applyInt(intTab, in, usedIn, out, nOut, len);
        } else {
            for (int p = 0; p < passes; p++) {
                applyLong(longTab[p], in, usedIn, out, passStart[p], passSize[p], len);
            }
        }
    }

    private void applyScalar(byte[][] in, int usedIn, byte[][] out, int len) {
        for (int q = 0; q < nOut; q++) {
            byte[] o = out[q];
            for (int i = 0; i < len; i++) {
                int v = 0;
                for (int j = 0; j < usedIn; j++) {
                    v ^= GF256.MUL[(coef[q][j] << 8) | (in[j][i] & 0xFF)];
                }
                o[i] = (byte) v;
            }
        }
    }

    private static void applyInt(int[][] tab, byte[][] in, int nIn, byte[][] out, int nOut, int len) {
        int last = len - 8;
        for (int i = 0; ; i += 8) {
            if (i > last) {
                i = last;
            }
            int a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
            for (int j = 0; j < nIn; j++) {
                byte[] s = in[j];
                int[] t = tab[j];
                a0 ^= t[s[i] & 0xFF];
                a1 ^= t[s[i + 1] & 0xFF];
                a2 ^= t[s[i + 2] & 0xFF];
                a3 ^= t[s[i + 3] & 0xFF];
                a4 ^= t[s[i + 4] & 0xFF];
                a5 ^= t[s[i + 5] & 0xFF];
                a6 ^= t[s[i + 6] & 0xFF];
                a7 ^= t[s[i + 7] & 0xFF];
            }
            // Row p (= position) of a 4×4 byte matrix per half; transpose so word q = output q.
            long l0 = (a0 & 0xFFFFFFFFL) | ((long) a4 << 32);
            long l1 = (a1 & 0xFFFFFFFFL) | ((long) a5 << 32);
            long l2 = (a2 & 0xFFFFFFFFL) | ((long) a6 << 32);
            long l3 = (a3 & 0xFFFFFFFFL) | ((long) a7 << 32);
            long t;
            t = ((l0 >>> 8) ^ l1) & 0x00FF00FF00FF00FFL;
            l1 ^= t;
            l0 ^= t << 8;
            t = ((l2 >>> 8) ^ l3) & 0x00FF00FF00FF00FFL;
            l3 ^= t;
            l2 ^= t << 8;
            t = ((l0 >>> 16) ^ l2) & 0x0000FFFF0000FFFFL;
            l2 ^= t;
            l0 ^= t << 16;
            t = ((l1 >>> 16) ^ l3) & 0x0000FFFF0000FFFFL;
            l3 ^= t;
            l1 ^= t << 16;
            LittleEndian.putLong(out[0], i, l0);
            if (nOut > 1) {
                LittleEndian.putLong(out[1], i, l1);
                if (nOut > 2) {
                    LittleEndian.putLong(out[2], i, l2);
                    if (nOut > 3) {
                        LittleEndian.putLong(out[3], i, l3);
                    }
                }
            }
            if (i == last) {
                return;
            }
        }
    }

    private static void applyLong(long[][] tab, byte[][] in, int nIn, byte[][] out, int first, int n, int len) {
        int last = len - 8;
        for (int i = 0; ; i += 8) {
            if (i > last) {
                i = last;
            }
            long a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
            for (int j = 0; j < nIn; j++) {
                byte[] s = in[j];
                long[] t = tab[j];
                a0 ^= t[s[i] & 0xFF];
                a1 ^= t[s[i + 1] & 0xFF];
                a2 ^= t[s[i + 2] & 0xFF];
                a3 ^= t[s[i + 3] & 0xFF];
                a4 ^= t[s[i + 4] & 0xFF];
                a5 ^= t[s[i + 5] & 0xFF];
                a6 ^= t[s[i + 6] & 0xFF];
                a7 ^= t[s[i + 7] & 0xFF];
            }
            // 8×8 byte transpose: afterwards a_q holds output q's 8 bytes.
            long t;
            t = ((a0 >>> 8) ^ a1) & 0x00FF00FF00FF00FFL; a1 ^= t; a0 ^= t << 8;
            t = ((a2 >>> 8) ^ a3) & 0x00FF00FF00FF00FFL; a3 ^= t; a2 ^= t << 8;
            t = ((a4 >>> 8) ^ a5) & 0x00FF00FF00FF00FFL; a5 ^= t; a4 ^= t << 8;
            t = ((a6 >>> 8) ^ a7) & 0x00FF00FF00FF00FFL; a7 ^= t; a6 ^= t << 8;
            t = ((a0 >>> 16) ^ a2) & 0x0000FFFF0000FFFFL; a2 ^= t; a0 ^= t << 16;
            t = ((a1 >>> 16) ^ a3) & 0x0000FFFF0000FFFFL; a3 ^= t; a1 ^= t << 16;
            t = ((a4 >>> 16) ^ a6) & 0x0000FFFF0000FFFFL; a6 ^= t; a4 ^= t << 16;
            t = ((a5 >>> 16) ^ a7) & 0x0000FFFF0000FFFFL; a7 ^= t; a5 ^= t << 16;
            t = ((a0 >>> 32) ^ a4) & 0x00000000FFFFFFFFL; a4 ^= t; a0 ^= t << 32;
            t = ((a1 >>> 32) ^ a5) & 0x00000000FFFFFFFFL; a5 ^= t; a1 ^= t << 32;
            t = ((a2 >>> 32) ^ a6) & 0x00000000FFFFFFFFL; a6 ^= t; a2 ^= t << 32;
            t = ((a3 >>> 32) ^ a7) & 0x00000000FFFFFFFFL; a7 ^= t; a3 ^= t << 32;
            switch (n) {
                case 8: LittleEndian.putLong(out[first + 7], i, a7); // fall through
                case 7: LittleEndian.putLong(out[first + 6], i, a6); // fall through
                case 6: LittleEndian.putLong(out[first + 5], i, a5); // fall through
                case 5: LittleEndian.putLong(out[first + 4], i, a4); // fall through
                case 4: LittleEndian.putLong(out[first + 3], i, a3); // fall through
                case 3: LittleEndian.putLong(out[first + 2], i, a2); // fall through
                case 2: LittleEndian.putLong(out[first + 1], i, a1); // fall through
                default: LittleEndian.putLong(out[first], i, a0);
            }
            if (i == last) {
                return;
            }
        }
    }
}
