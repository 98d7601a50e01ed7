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

    /** Version 2 stores the listed n-grams only; version 1 stored the whole hash table, two thirds of it empty. */
    private static final byte[] MAGIC = "AURISLM2".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MAGIC_V1 = "AURISLM1".getBytes(StandardCharsets.US_ASCII);
    private static final float MISSING = Float.NaN;

    private final Vocabulary vocabulary;
    private final int order;
    private final long[][] keys;
    private final float[][] probs;
    private final float[][] backoffs;
    private final int[] masks;

    private NgramModel(Vocabulary vocabulary, int order, long[][] keys, float[][] probs, float[][] backoffs) {
        this.vocabulary = vocabulary;
        this.order = order;
        this.keys = keys;
        this.probs = probs;
        this.backoffs = backoffs;
        this.masks = new int[order];
        for (int n = 0; n < order; n++) {
            masks[n] = keys[n].length - 1;
        }
    }

    public static NgramModel of(ArpaModel arpa) {
        int order = arpa.order();
        long[][] keys = new long[order][];
        float[][] probs = new float[order][];
        float[][] backoffs = new float[order][];
        for (int n = 1; n <= order; n++) {
            Map<Ngram, ArpaModel.Entry> m = arpa.entries(n);
            int capacity = capacity(m.size());
            keys[n - 1] = new long[capacity];
            probs[n - 1] = new float[capacity];
            backoffs[n - 1] = new float[capacity];
            for (Map.Entry<Ngram, ArpaModel.Entry> e : m.entrySet()) {
                put(keys[n - 1], probs[n - 1], backoffs[n - 1], hash(e.getKey().ids(), 0, e.getKey().ids().length),
                        e.getValue().logProb(), e.getValue().logBackoff());
            }
        }
        return new NgramModel(arpa.vocabulary(), order, keys, probs, backoffs);
    }

    /** Table size for {@code entries} n-grams: a power of two at load factor <= 0.5. */
    private static int capacity(int entries) {
        return Integer.highestOneBit(Math.max(4, entries * 2 - 1)) << 1;
    }

    /** Linear probing from the key's home slot. */
    private static void put(long[] keys, float[] probs, float[] backoffs, long key, float prob, float backoff) {
        int mask = keys.length - 1;
        int slot = (int) key & mask;
        while (keys[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        probs[slot] = prob;
        backoffs[slot] = backoff;
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
        float p = find(0, h, probs);
        if (Float.isNaN(p)) {
            p = find(0, mixWord(Vocabulary.UNK_ID), probs);
        }
        int matched = 0; // context words of the longest listed n-gram
        for (int k = 1; k <= maxContext; k++) {
            h = extend(h, history[to - k]);
            float q = find(k, h, probs);
            if (Float.isNaN(q)) {
                break;
            }
            p = q;
            matched = k;
        }
        float backoff = 0f;
        long c = 0;
        for (int k = 1; k <= maxContext; k++) {
            c = k == 1 ? mixWord(history[to - 1]) : extend(c, history[to - k]);
            if (k > matched) {
                float b = find(k - 1, c, backoffs);
                if (Float.isNaN(b)) {
                    break; // a context not listed has back-off 1, and so have all longer ones
                }
                backoff += b;
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

    private float find(int n, long key, float[][] values) {
        long[] k = keys[n];
        int mask = masks[n];
        int slot = (int) key & mask;
        while (true) {
            long v = k[slot];
            if (v == key) {
                return values[n][slot];
            }
            if (v == 0) {
                return MISSING;
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
     * Binary form, version 2: magic, order, vocabulary, then per order the number of n-grams and their
     * hashes, log10 probabilities and (below the highest order) back-offs, in table order.
     */
    public void save(Path file) throws IOException {
        AtomicFiles.write(file, tmp -> {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20))) {
                out.write(MAGIC);
                out.writeInt(order);
                out.writeInt(vocabulary.size());
                for (String w : vocabulary.words()) {
                    out.writeUTF(w);
                }
                for (int n = 0; n < order; n++) {
                    long[] k = keys[n];
                    int count = 0;
                    for (long key : k) {
                        count += key != 0 ? 1 : 0;
                    }
                    out.writeInt(count);
                    for (long key : k) {
                        if (key != 0) {
                            out.writeLong(key);
                        }
                    }
                    for (int i = 0; i < k.length; i++) {
                        if (k[i] != 0) {
                            out.writeFloat(probs[n][i]);
                        }
                    }
                    for (int i = 0; n < order - 1 && i < k.length; i++) { // the highest order has no back-offs
                        if (k[i] != 0) {
                            out.writeFloat(backoffs[n][i]);
                        }
                    }
                }
            }
        });
    }

    /** Loads the binary form, or an ARPA file (recognised by its text header). */
    public static NgramModel load(Path file) throws IOException {
        byte[] head = new byte[MAGIC.length];
        try (var in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, head.length);
            if (n < head.length || !(java.util.Arrays.equals(head, MAGIC) || java.util.Arrays.equals(head, MAGIC_V1))) {
                return of(Arpa.read(file));
            }
        } catch (NoSuchFileException e) {
            throw new LmException(file, 0, "no such file");
        }
        boolean tables = java.util.Arrays.equals(head, MAGIC_V1);
        long fileBytes = Files.size(file);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            in.readFully(head);
            int order = in.readInt();
            int size = in.readInt();
            if (order < 1 || order > 9 || size < 3) {
                throw new LmException(file, 0, "damaged language model header");
            }
            List<String> words = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                words.add(in.readUTF());
            }
            long[][] keys = new long[order][];
            float[][] probs = new float[order][];
            float[][] backoffs = new float[order][];
            for (int n = 0; n < order; n++) {
                int count = in.readInt();
                if (tables ? count <= 0 || Integer.bitCount(count) != 1 : count < 0 || 12L * count > fileBytes) {
                    throw new LmException(file, 0, "damaged language model table");
                }
                long[] k = readLongs(in, count);
                float[] p = readFloats(in, count);
                float[] b = tables || n < order - 1 ? readFloats(in, count) : new float[count];
                if (tables) { // version 1: the table itself
                    keys[n] = k;
                    probs[n] = p;
                    backoffs[n] = b;
                    continue;
                }
                int capacity = capacity(count);
                keys[n] = new long[capacity];
                probs[n] = new float[capacity];
                backoffs[n] = new float[capacity];
                for (int i = 0; i < count; i++) {
                    if (k[i] == 0) {
                        throw new LmException(file, 0, "damaged language model table");
                    }
                    put(keys[n], probs[n], backoffs[n], k[i], p[i], b[i]);
                }
            }
            Vocabulary v = new Vocabulary(words.subList(3, words.size()));
            return new NgramModel(v, order, keys, probs, backoffs);
        } catch (EOFException e) {
            throw new LmException(file, 0, "truncated language model file");
        }
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
