package org.lightwayj.codec.fec;

/**
 * A systematic Reed–Solomon erasure code over GF(2⁸): K source symbols plus R repair symbols, any K
 * of the K+R rebuild the K sources.
 *
 * <h2>Matrix</h2>
 * Repair symbol r is {@code Σ_j P[r][j]·source[j]} where P is a normalised Cauchy matrix fixed for
 * all K ≤ 64 and R ≤ 64: {@code P[r][j] = a_r · b_j / ((64 + r) ⊕ j)} with the column factors b_j
 * chosen so that row 0 is all ones (a single loss is rebuilt by XOR alone) and the row factors a_r
 * so that column 0 is all ones. Every square submatrix of a Cauchy matrix is nonsingular, and
 * scaling rows and columns keeps it so, hence any K of the K+R symbols decode. Because P does not
 * depend on K, a block closed early with K′ &lt; K sources uses the first K′ columns.
 *
 * <h2>Kernel and plans</h2>
 * Encode and decode both run {@link CodingPlan}'s packed-table kernel. Decode plans (the inverted
 * submatrix compiled to tables) are cached per erasure pattern in a fixed number of slots with
 * least-recently-used replacement, so a repeated pattern costs a probe and no allocation.
 *
 * <p>Symbols are plain {@code byte[]} of at least {@code len} bytes. Instances are not thread-safe;
 * use one per thread (a codec holds one per encoder or decoder).
 */
public final class ReedSolomon {
    /** The largest number of source symbols per block. */
    public static final int MAX_K = 64;
    /** The largest number of repair symbols per block. */
    public static final int MAX_R = 64;

    /** The normalised Cauchy matrix, [r][j]. */
    private static final int[][] P = new int[MAX_R][MAX_K];

    static {
        for (int r = 0; r < MAX_R; r++) {
            for (int j = 0; j < MAX_K; j++) {
                P[r][j] = GF256.inv((MAX_K + r) ^ j);
            }
        }
        // Columns: make row 0 all ones.
        for (int j = 0; j < MAX_K; j++) {
            int s = GF256.inv(P[0][j]);
            for (int r = 0; r < MAX_R; r++) {
                P[r][j] = GF256.mul(P[r][j], s);
            }
        }
        // Rows: make column 0 all ones (row 0 already is).
        for (int r = 1; r < MAX_R; r++) {
            int s = GF256.inv(P[r][0]);
            for (int j = 0; j < MAX_K; j++) {
                P[r][j] = GF256.mul(P[r][j], s);
            }
        }
    }

    private static final int CACHE_SLOTS = 32;

    private final int k;
    private final int r;
    private final CodingPlan encodePlan = new CodingPlan();

    // Decode plan cache: parallel arrays, fixed size.
    private final CodingPlan[] plans = new CodingPlan[CACHE_SLOTS];
    private final int[] planK = new int[CACHE_SLOTS];
    private final long[] planPresent = new long[CACHE_SLOTS];
    private final long[] planRepairs = new long[CACHE_SLOTS];
    private final long[] planStamp = new long[CACHE_SLOTS];
    private long stamp;
    private long planMisses;

    // Decode scratch, sized for the worst case on the first decode (encoders never need it).
    private int[][] b;
    private int[][] work;
    private int[][] c;
    private int[] missing;
    private int[] used;
    private byte[][] in;
    private byte[][] out;

    /**
     * @param k source symbols per full block, 1..64
     * @param r repair symbols per block, 0..64
     * @throws IllegalArgumentException when k or r is out of range
     */
    public ReedSolomon(int k, int r) {
        if (k < 1 || k > MAX_K) {
            throw new IllegalArgumentException("k must be in 1.." + MAX_K + ": " + k);
        }
        if (r < 0 || r > MAX_R) {
            throw new IllegalArgumentException("r must be in 0.." + MAX_R + ": " + r);
        }
        this.k = k;
        this.r = r;
        if (r > 0) {
            encodePlan.build(P, r, k);
        }
    }

    /** {@return source symbols per full block} */
    public int k() {
        return k;
    }

    /** {@return repair symbols per block} */
    public int r() {
        return r;
    }

    /**
     * The coefficient of source {@code j} in repair {@code row}: the wire-format matrix (docs/fec.md).
     *
     * @param row repair index, 0..63
     * @param j source index, 0..63
     * @return a value in 1..255
     */
    public static int coefficient(int row, int j) {
        return P[row][j];
    }

    /**
     * Computes the r() repair symbols of a block.
     *
     * @param sources the source symbols; {@code sources[0..count)} are read, each ≥ len bytes
     * @param count the block's actual number of sources, 1..k() (a block closed early has fewer)
     * @param repairs {@code repairs[0..r())} are written, each ≥ len bytes
     * @param len the symbol length in bytes
     */
    public void encode(byte[][] sources, int count, byte[][] repairs, int len) {
        if (count < 1 || count > k) {
            throw new IllegalArgumentException("count must be in 1.." + k + ": " + count);
        }
        if (r > 0) {
            encodePlan.apply(sources, count, repairs, len);
        }
    }

    /**
     * Rebuilds the missing sources of a block in place.
     *
     * @param count the block's number of sources, 1..64
     * @param sources {@code sources[j]} for j &lt; count: the symbol when bit j of
     *        {@code sourcePresent} is set; otherwise a buffer of ≥ len bytes that receives the rebuilt
     *        symbol (must not alias any other symbol)
     * @param sourcePresent bit j set when source j is present
     * @param repairs {@code repairs[t]} is repair t when bit t of {@code repairPresent} is set
     * @param repairPresent bit t set when repair t is present (t &lt; 64)
     * @param len the symbol length in bytes
     * @return how many sources were rebuilt (0 when none was missing), or −1 when fewer symbols than
     *         {@code count} are present (nothing is written then)
     */
    public int decode(int count, byte[][] sources, long sourcePresent, byte[][] repairs, long repairPresent,
            int len) {
        if (count < 1 || count > MAX_K) {
            throw new IllegalArgumentException("count must be in 1.." + MAX_K + ": " + count);
        }
        long all = count == 64 ? -1L : (1L << count) - 1;
        long present = sourcePresent & all;
        int m = count - Long.bitCount(present);
        if (m == 0) {
            return 0;
        }
        if (Long.bitCount(repairPresent) < m) {
            return -1;
        }
        if (m == 1 && (repairPresent & 1) != 0) {
            // Row 0 is all ones: the missing source is the XOR of repair 0 and all present sources.
            int miss = Long.numberOfTrailingZeros(~present & all);
            byte[] o = sources[miss];
            System.arraycopy(repairs[0], 0, o, 0, len);
            for (int j = 0; j < count; j++) {
                if (j != miss) {
                    xorInto(o, sources[j], len);
                }
            }
            return 1;
        }
        // Use the lowest-numbered m repairs.
        long use = 0;
        long rp = repairPresent;
        for (int t = 0; t < m; t++) {
            long low = rp & -rp;
            use |= low;
            rp ^= low;
        }
        if (in == null) {
            b = new int[MAX_R][MAX_R];
            work = new int[MAX_R][MAX_R];
            c = new int[MAX_R][MAX_K];
            missing = new int[MAX_K];
            used = new int[MAX_R];
            in = new byte[MAX_K][];
            out = new byte[MAX_R][];
        }
        CodingPlan plan = plan(count, present, use, m);
        int n = 0;
        for (int j = 0; j < count; j++) {
            if ((present & (1L << j)) != 0) {
                in[n++] = sources[j];
            }
        }
        int o = 0;
        for (long u = use; u != 0; u &= u - 1) {
            in[n++] = repairs[Long.numberOfTrailingZeros(u)];
        }
        for (long mm = ~present & all; mm != 0; mm &= mm - 1) {
            out[o++] = sources[Long.numberOfTrailingZeros(mm)];
        }
        plan.apply(in, count, out, len);
        for (int i = 0; i < count; i++) {
            in[i] = null;
        }
        for (int i = 0; i < m; i++) {
            out[i] = null;
        }
        return m;
    }

    /** Decode plans built so far (cache misses), for tests and metrics. */
    long planMisses() {
        return planMisses;
    }

    private static void xorInto(byte[] o, byte[] s, int len) {
        for (int i = 0; i < len; i++) {
            o[i] ^= s[i];
        }
    }

    private CodingPlan plan(int count, long present, long use, int m) {
        stamp++;
        int victim = 0;
        for (int s = 0; s < CACHE_SLOTS; s++) {
            if (plans[s] != null && planK[s] == count && planPresent[s] == present && planRepairs[s] == use) {
                planStamp[s] = stamp;
                return plans[s];
            }
            if (planStamp[s] < planStamp[victim]) {
                victim = s;
            }
        }
        planMisses++;
        // B[t][i] = P[used t][missing i]; rebuilt = B⁻¹ · (repairs + P[used][present] · present sources).
        int mi = 0;
        for (int j = 0; j < count; j++) {
            if ((present & (1L << j)) == 0) {
                missing[mi++] = j;
            }
        }
        int ui = 0;
        for (long u = use; u != 0; u &= u - 1) {
            used[ui++] = Long.numberOfTrailingZeros(u);
        }
        for (int t = 0; t < m; t++) {
            for (int i = 0; i < m; i++) {
                b[t][i] = P[used[t]][missing[i]];
            }
        }
        if (!GF256.invert(b, work, m)) {
            throw new IllegalStateException("singular Cauchy submatrix"); // impossible: MDS
        }
        for (int i = 0; i < m; i++) {
            int col = 0;
            for (int j = 0; j < count; j++) {
                if ((present & (1L << j)) != 0) {
                    int v = 0;
                    for (int t = 0; t < m; t++) {
                        v ^= GF256.mul(b[i][t], P[used[t]][j]);
                    }
                    c[i][col++] = v;
                }
            }
            for (int t = 0; t < m; t++) {
                c[i][col++] = b[i][t];
            }
        }
        CodingPlan p = plans[victim];
        if (p == null) {
            p = new CodingPlan();
            plans[victim] = p;
        }
        p.build(c, m, count);
        planK[victim] = count;
        planPresent[victim] = present;
        planRepairs[victim] = use;
        planStamp[victim] = stamp;
        return p;
    }
}
