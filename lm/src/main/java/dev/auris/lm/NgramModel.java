package dev.auris.lm;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import dev.auris.frontend.io.AtomicFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A back-off n-gram model ready for decoding: per order an open-addressing table of 64-bit n-gram
 * hashes with float log10 probability and back-off (KenLM's "probing" layout), so a query is a few
 * array probes with no boxing or allocation. Saved in a compact binary form (the n-grams, no empty
 * slots) from which loading rebuilds the tables. Immutable and thread-safe.
 */
public final class NgramModel {

    /**
     * Version 3 stores sorted word ids and one-byte quantised values; version 2 stored the listed n-grams'
     * hashes and float values; version 1 the whole hash table, two thirds of it empty. All three load.
     */
    private static final byte[] MAGIC = "AURISLM3".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MAGIC_V2 = "AURISLM2".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MAGIC_V1 = "AURISLM1".getBytes(StandardCharsets.US_ASCII);

    private final Vocabulary vocabulary;
    private final int order;
    /**
     * Per order a table of slot pairs: the n-gram's hash, then its log10 probability's bits (high half)
     * and back-off's bits (low half), side by side so that a probe touches one cache line, not three.
     */
    private final long[][] tables;
    private final int[] masks;

    private NgramModel(Vocabulary vocabulary, int order, long[][] tables) {
        this.vocabulary = vocabulary;
        this.order = order;
        this.tables = tables;
        this.masks = new int[order];
        for (int n = 0; n < order; n++) {
            masks[n] = tables[n].length / 2 - 1;
        }
        // Arpa.read gives a model without <unk> (SRILM without -unk) one at -99; a binary file lists it too,
        // unless damaged: then the same, rather than a query that fails. The table (load <= 0.5) has room.
        if (find(0, mixWord(Vocabulary.UNK_ID)) < 0) {
            put(tables[0], mixWord(Vocabulary.UNK_ID), pack(-99f, 0f));
        }
    }

    public static NgramModel of(ArpaModel arpa) {
        int order = arpa.order();
        long[][] tables = new long[order][];
        for (int n = 1; n <= order; n++) {
            Map<Ngram, ArpaModel.Entry> m = arpa.entries(n);
            long[] hashes = new long[m.size()];
            long[] values = new long[m.size()];
            int i = 0;
            for (Map.Entry<Ngram, ArpaModel.Entry> e : m.entrySet()) {
                hashes[i] = hash(e.getKey().ids(), 0, e.getKey().ids().length);
                values[i++] = pack(e.getValue().logProb(), e.getValue().logBackoff());
            }
            tables[n - 1] = fill(hashes, values, m.size());
        }
        return new NgramModel(arpa.vocabulary(), order, tables);
    }

    private static long[] newTable(int entries) {
        return new long[2 * capacity(entries)];
    }

    /** Table size for {@code entries} n-grams: a power of two at load factor <= 0.5. */
    private static int capacity(int entries) {
        return Integer.highestOneBit(Math.max(4, entries * 2 - 1)) << 1;
    }

    /** Linear probing from the key's home slot. */
    private static void put(long[] table, long key, long values) {
        int mask = table.length / 2 - 1;
        int slot = (int) key & mask;
        while (table[2 * slot] != 0) {
            slot = (slot + 1) & mask;
        }
        table[2 * slot] = key;
        table[2 * slot + 1] = values;
    }

    private static long pack(float prob, float backoff) {
        return ((long) Float.floatToRawIntBits(prob) << 32) | (Float.floatToRawIntBits(backoff) & 0xFFFFFFFFL);
    }

    /**
     * A table of these n-grams, filled region by region: the entries are first grouped (one counting-sort
     * pass) by which 64 KB stretch of the table their home slot lies in, so the inserts of a group stay in
     * the caches. Inserting in file order, each insert was a cache and TLB miss: 0.2 us apiece, a second
     * for the 4.34 M n-grams of the shipped 4-gram.
     */
    private static long[] fill(long[] hashes, long[] values, int count) {
        long[] table = newTable(count);
        int slots = table.length / 2;
        int mask = slots - 1;
        int shift = Math.min(12, Integer.numberOfTrailingZeros(slots)); // 4096 slots of 16 bytes per region
        int regions = slots >>> shift;
        int[] next = new int[regions + 1];
        for (int i = 0; i < count; i++) {
            next[(int) ((hashes[i] & mask) >>> shift) + 1]++;
        }
        for (int r = 0; r < regions; r++) {
            next[r + 1] += next[r];
        }
        long[] groupedHashes = new long[count];
        long[] groupedValues = new long[count];
        for (int i = 0; i < count; i++) {
            int at = next[(int) ((hashes[i] & mask) >>> shift)]++;
            groupedHashes[at] = hashes[i];
            groupedValues[at] = values[i];
        }
        for (int i = 0; i < count; i++) {
            put(table, groupedHashes[i], groupedValues[i]);
        }
        return table;
    }

    private static float prob(long values) {
        return Float.intBitsToFloat((int) (values >>> 32));
    }

    private static float backoff(long values) {
        return Float.intBitsToFloat((int) values);
    }

    public int order() {
        return order;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /**
     * log10 p(word | history[from..to)), history oldest first; only the last order-1 words matter.
     * Follows the ARPA back-off rule: the longest listed n-gram ending in {@code word}, plus the
     * back-offs of the longer contexts that were not listed with it.
     */
    public float logProb10(int word, int[] history, int from, int to) {
        int maxContext = Math.min(order - 1, to - from);
        long h = mixWord(word);
        int at = find(0, h);
        float p = prob(tables[0][at >= 0 ? at : find(0, mixWord(Vocabulary.UNK_ID))]);
        int matched = 0; // context words of the longest listed n-gram
        for (int k = 1; k <= maxContext; k++) {
            h = extend(h, history[to - k]);
            int q = find(k, h);
            if (q < 0) {
                break;
            }
            p = prob(tables[k][q]);
            matched = k;
        }
        float backoff = 0f;
        long c = 0;
        for (int k = 1; k <= maxContext; k++) {
            c = k == 1 ? mixWord(history[to - 1]) : extend(c, history[to - k]);
            if (k > matched) {
                int b = find(k - 1, c);
                if (b < 0) {
                    break; // a context not listed has back-off 1, and so have all longer ones
                }
                backoff += backoff(tables[k - 1][b]);
            }
        }
        return p + backoff;
    }

    /** log10 probability of a whole sentence, {@code </s>} included. */
    public double sentenceLogProb10(String[] words) {
        int[] ids = new int[words.length + 2];
        ids[0] = Vocabulary.BOS_ID;
        for (int i = 0; i < words.length; i++) {
            ids[i + 1] = vocabulary.id(words[i]);
        }
        ids[ids.length - 1] = Vocabulary.EOS_ID;
        double sum = 0;
        for (int i = 1; i < ids.length; i++) {
            sum += logProb10(ids[i], ids, 0, i);
        }
        return sum;
    }

    /** The index of the values of the n-gram with this hash in table n, or -1 if it is not listed. */
    private int find(int n, long key) {
        long[] t = tables[n];
        int mask = masks[n];
        int slot = (int) key & mask;
        while (true) {
            long v = t[2 * slot];
            if (v == key) {
                return 2 * slot + 1;
            }
            if (v == 0) {
                return -1;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** Hash of ids[from..to) built from the last word backwards, as queries extend contexts. */
    static long hash(int[] ids, int from, int to) {
        long h = mixWord(ids[to - 1]);
        for (int i = to - 2; i >= from; i--) {
            h = extend(h, ids[i]);
        }
        return h;
    }

    private static long mixWord(int id) {
        return nonZero(mix64(id + 0x9E3779B97F4A7C15L));
    }

    private static long extend(long h, int id) {
        return nonZero(mix64(h * 0x100000001B3L + id));
    }

    private static long nonZero(long h) {
        return h == 0 ? 1 : h;
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // ---- compact binary form ----

    /**
     * Writes the model in the binary form, version 3 (about 4 bytes per n-gram; version 2, 12-16 bytes,
     * forced the 4-gram to drop its singleton 3-grams to fit the 40 MB bundle). Magic, order and
     * vocabulary, then per order: the n-gram count; the log-probability codebook (its size, then its
     * levels) and, below the highest order, the back-off codebook ({@link ValueQuantizer}, one byte per
     * value); the n-grams sorted by word ids (numbered for the file by {@link #idsByUse}), each as
     * varint(delta * n + p) where p is the first position at which it differs from the previous one and
     * delta the rise of the id there, then its ids after p as varints; then one probability code per
     * n-gram and one back-off code per n-gram.
     */
    public static void save(ArpaModel model, Path file) throws IOException {
        int order = model.order();
        int[] newId = idsByUse(model);
        List<String> words = model.vocabulary().words();
        String[] byNewId = new String[words.size()];
        for (int i = 0; i < byNewId.length; i++) {
            byNewId[newId[i]] = words.get(i);
        }
        AtomicFiles.write(file, tmp -> {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20))) {
                out.write(MAGIC);
                out.writeInt(order);
                out.writeInt(byNewId.length);
                for (String w : byNewId) {
                    out.writeUTF(w);
                }
                for (int n = 1; n <= order; n++) {
                    int count = model.count(n);
                    int[][] grams = new int[count][];
                    float[] p = new float[count];
                    float[] b = new float[count];
                    Integer[] sorted = new Integer[count];
                    int k = 0;
                    for (var e : model.entries(n).entrySet()) {
                        int[] ids = e.getKey().ids().clone();
                        for (int j = 0; j < ids.length; j++) {
                            ids[j] = newId[ids[j]];
                        }
                        grams[k] = ids;
                        p[k] = e.getValue().logProb();
                        b[k] = e.getValue().logBackoff();
                        sorted[k] = k;
                        k++;
                    }
                    java.util.Arrays.sort(sorted, (x, y) -> java.util.Arrays.compare(grams[x], grams[y]));
                    boolean backoffs = n < order;
                    ValueQuantizer qp = ValueQuantizer.fit(p);
                    ValueQuantizer qb = backoffs ? ValueQuantizer.fit(b) : null;
                    out.writeInt(count);
                    writeCodebook(out, qp);
                    if (backoffs) {
                        writeCodebook(out, qb);
                    }
                    int[] prev = new int[n];
                    java.util.Arrays.fill(prev, -1);
                    for (int i : sorted) {
                        int[] ids = grams[i];
                        int at = java.util.Arrays.mismatch(prev, ids);
                        writeVarint(out, (long) (ids[at] - prev[at]) * n + at);
                        for (int j = at + 1; j < n; j++) {
                            writeVarint(out, ids[j]);
                        }
                        prev = ids;
                    }
                    for (int i : sorted) {
                        out.writeByte(qp.code(p[i]));
                    }
                    if (backoffs) {
                        for (int i : sorted) {
                            out.writeByte(qb.code(b[i]));
                        }
                    }
                }
            }
        });
    }

    /**
     * New word ids for the file: the three markers keep theirs, the other words are numbered by how many
     * listed n-grams they occur in, most first, so the words most n-grams hold get one-byte varints.
     */
    private static int[] idsByUse(ArpaModel model) {
        int size = model.vocabulary().size();
        long[] uses = new long[size];
        for (int n = 1; n <= model.order(); n++) {
            for (Ngram g : model.entries(n).keySet()) {
                for (int id : g.ids()) {
                    uses[id]++;
                }
            }
        }
        Integer[] rank = new Integer[size - 3];
        for (int i = 0; i < rank.length; i++) {
            rank[i] = i + 3;
        }
        java.util.Arrays.sort(rank, (x, y) -> uses[x] != uses[y] ? Long.compare(uses[y], uses[x]) : Integer.compare(x, y));
        int[] newId = {0, 1, 2};
        newId = java.util.Arrays.copyOf(newId, size);
        for (int i = 0; i < rank.length; i++) {
            newId[rank[i]] = i + 3;
        }
        return newId;
    }

    /**
     * Copies a model file as it is if it is in a binary form, or writes an ARPA file's model in the
     * binary form; either way it is loaded first, so a damaged file is refused, not copied.
     */
    public static void copyAsBinary(Path lm, Path out) throws IOException {
        if (isBinary(lm)) {
            load(lm);
            AtomicFiles.write(out, tmp -> Files.copy(lm, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING));
        } else {
            save(Arpa.read(lm), out);
        }
    }

    private static void writeCodebook(DataOutputStream out, ValueQuantizer q) throws IOException {
        out.writeShort(q.size());
        for (float v : q.levels()) {
            out.writeFloat(v);
        }
    }

    private static void writeVarint(DataOutputStream out, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    private static boolean isBinary(Path file) throws IOException {
        return binaryMagic(file) != null;
    }

    /** The file's magic if it is one of the binary forms' (version 3, 2 or 1), else null. */
    private static byte[] binaryMagic(Path file) throws IOException {
        byte[] head = new byte[MAGIC.length];
        try (var in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, head.length);
            for (byte[] magic : new byte[][] {MAGIC, MAGIC_V2, MAGIC_V1}) {
                if (n == head.length && java.util.Arrays.equals(head, magic)) {
                    return magic;
                }
            }
            return null;
        } catch (NoSuchFileException e) {
            throw new LmException(file, 0, "no such file");
        }
    }

    /** Loads the binary form (any version), or an ARPA file (recognised by its text header). */
    public static NgramModel load(Path file) throws IOException {
        byte[] magic = binaryMagic(file);
        if (magic == null) {
            return of(Arpa.read(file));
        }
        if (magic == MAGIC) {
            return loadVersion3(file);
        }
        boolean v1 = magic == MAGIC_V1;
        long fileBytes = Files.size(file);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            in.skipNBytes(MAGIC.length);
            int order = in.readInt();
            List<String> words = readWords(file, in, order);
            long[][] tables = new long[order][];
            for (int n = 0; n < order; n++) {
                int count = in.readInt();
                if (v1 ? count <= 0 || Integer.bitCount(count) != 1 : count < 0 || 12L * count > fileBytes) {
                    throw new LmException(file, 0, "damaged language model table");
                }
                long[] k = readLongs(in, count);
                float[] p = readFloats(in, count);
                float[] b = v1 || n < order - 1 ? readFloats(in, count) : new float[count];
                int listed = 0; // version 1 stored the whole table, empty slots (hash 0) included
                for (long key : k) {
                    listed += key != 0 ? 1 : 0;
                }
                if (!v1 && listed != count) {
                    throw new LmException(file, 0, "damaged language model table");
                }
                long[] hashes = new long[listed];
                long[] values = new long[listed];
                for (int i = 0, j = 0; i < count; i++) {
                    if (k[i] != 0) {
                        hashes[j] = k[i];
                        values[j++] = pack(p[i], b[i]);
                    }
                }
                tables[n] = fill(hashes, values, listed);
            }
            Vocabulary v = new Vocabulary(words.subList(3, words.size()));
            return new NgramModel(v, order, tables);
        } catch (EOFException e) {
            throw new LmException(file, 0, "truncated language model file");
        }
    }

    private static List<String> readWords(Path file, DataInputStream in, int order) throws IOException {
        int size = in.readInt();
        if (order < 1 || order > 9 || size < 3) {
            throw new LmException(file, 0, "damaged language model header");
        }
        List<String> words = new ArrayList<>(Math.min(size, 1 << 20));
        for (int i = 0; i < size; i++) {
            words.add(in.readUTF());
        }
        return words;
    }

    /**
     * Version 3 (see {@link #save}): the n-grams' hashes are recomputed from their ids as the tables fill. A
     * skim over the ids first finds where each order's section starts (varint ends only, about a twentieth of
     * decoding them), so the orders are then decoded and their tables filled at once, one thread each up to
     * the processors there are: one after another they were the longest part of a cold start (1.2-1.9 s for
     * the shipped 4.4 M n-grams) while the network loaded beside them.
     */
    private static NgramModel loadVersion3(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        var in = new DataInputStream(new java.io.ByteArrayInputStream(all));
        int order;
        List<String> words;
        int[] starts;
        try {
            in.readFully(new byte[MAGIC.length]);
            order = in.readInt();
            words = readWords(file, in, order);
            starts = new int[order + 1];
            starts[0] = all.length - in.available();
            for (int n = 1; n <= order; n++) {
                starts[n] = skipSection(file, all, starts[n - 1], n, n < order);
            }
        } catch (EOFException | java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new LmException(file, 0, "truncated language model file");
        }
        if (starts[order] != all.length) {
            throw new LmException(file, 0, "damaged language model table");
        }
        int vocabularySize = words.size();
        int threads = Math.min(order, Runtime.getRuntime().availableProcessors());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "auris-ngram-order");
            t.setDaemon(true);
            return t;
        });
        try {
            List<java.util.concurrent.Future<long[]>> tables = new ArrayList<>(java.util.Collections.nCopies(order, null));
            for (int n = order; n >= 1; n--) { // the higher orders first: they are the larger
                int section = n;
                tables.set(n - 1, pool.submit(() -> readSection(file, all, starts[section - 1], section,
                        section < order, vocabularySize)));
            }
            Vocabulary v = new Vocabulary(words.subList(3, words.size()));
            long[][] filled = new long[order][];
            for (int n = 0; n < order; n++) { // a damaged file names the lowest order's problem, as read in turn
                filled[n] = tables.get(n).get();
            }
            return new NgramModel(v, order, filled);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading " + file);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof java.nio.BufferUnderflowException
                    || e.getCause() instanceof IndexOutOfBoundsException) {
                throw new LmException(file, 0, "truncated language model file");
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw (Error) e.getCause();
        } finally {
            pool.shutdownNow();
        }
    }

    /** Where the section of the n-grams of order n that starts at {@code pos} ends, without decoding their ids. */
    private static int skipSection(Path file, byte[] all, int pos, int n, boolean hasBackoffs) throws LmException {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(all);
        buf.position(pos);
        int count = buf.getInt();
        if (count < 0 || (long) count * (hasBackoffs ? 3 : 2) > buf.remaining()) {
            throw new LmException(file, 0, "damaged language model table");
        }
        readCodebook(file, buf);
        if (hasBackoffs) {
            readCodebook(file, buf);
        }
        for (int i = 0; i < count; i++) {
            for (int more = n - 1 - (int) (readVarint(file, buf) % n); more > 0; more--) { // the first tells how many follow
                while (buf.get() < 0) {
                    // a varint ends on a byte below 0x80
                }
            }
        }
        long end = buf.position() + (long) count * (hasBackoffs ? 2 : 1);
        if (end > all.length) {
            throw new LmException(file, 0, "truncated language model file");
        }
        return (int) end;
    }

    /** The table of the n-grams of order n, from their section at {@code pos}. */
    private static long[] readSection(Path file, byte[] all, int pos, int n, boolean hasBackoffs, int vocabularySize)
            throws LmException {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(all);
        buf.position(pos);
        int count = buf.getInt();
        ValueQuantizer qp = readCodebook(file, buf);
        ValueQuantizer qb = hasBackoffs ? readCodebook(file, buf) : null;
        long[] hashes = new long[count];
        int[] prev = new int[n];
        java.util.Arrays.fill(prev, -1);
        for (int i = 0; i < count; i++) {
            long v = readVarint(file, buf);
            int at = (int) (v % n);
            long id = prev[at] + v / n;
            if (v / n == 0 || id >= vocabularySize || (at > 0 && prev[at - 1] < 0)) {
                throw new LmException(file, 0, "damaged language model table");
            }
            prev[at] = (int) id;
            for (int j = at + 1; j < n; j++) {
                long w = readVarint(file, buf);
                if (w >= vocabularySize) {
                    throw new LmException(file, 0, "damaged language model table");
                }
                prev[j] = (int) w;
            }
            hashes[i] = hash(prev, 0, n);
        }
        int codes = buf.position();
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            int cp = all[codes + i] & 0xff;
            int cb = hasBackoffs ? all[codes + count + i] & 0xff : 0;
            if (cp >= qp.size() || (hasBackoffs && cb >= qb.size())) {
                throw new LmException(file, 0, "damaged language model table");
            }
            values[i] = pack(qp.value(cp), hasBackoffs ? qb.value(cb) : 0f);
        }
        return fill(hashes, values, count);
    }

    private static ValueQuantizer readCodebook(Path file, java.nio.ByteBuffer buf) throws LmException {
        int size = buf.getShort() & 0xffff;
        if (size < 1 || size > ValueQuantizer.LEVELS) {
            throw new LmException(file, 0, "damaged language model table");
        }
        float[] levels = new float[size];
        for (int i = 0; i < size; i++) {
            levels[i] = buf.getFloat();
        }
        try {
            return ValueQuantizer.of(levels);
        } catch (IllegalArgumentException e) {
            throw new LmException(file, 0, "damaged language model table");
        }
    }

    private static long readVarint(Path file, java.nio.ByteBuffer buf) throws LmException {
        long v = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            int b = buf.get();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new LmException(file, 0, "damaged language model table");
    }

    private static long[] readLongs(DataInputStream in, int count) throws IOException {
        long[] out = new long[count];
        readBytes(in, count, Long.BYTES).asLongBuffer().get(out);
        return out;
    }

    private static float[] readFloats(DataInputStream in, int count) throws IOException {
        float[] out = new float[count];
        readBytes(in, count, Float.BYTES).asFloatBuffer().get(out);
        return out;
    }

    /** count values of the given width, read in one go (big-endian, as DataOutputStream wrote them). */
    private static java.nio.ByteBuffer readBytes(DataInputStream in, int count, int width) throws IOException {
        byte[] buf = new byte[Math.multiplyExact(count, width)];
        in.readFully(buf);
        return java.nio.ByteBuffer.wrap(buf);
    }
}
