import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Two builds of Auris transcribing the same files side by side in one JVM (run by {@code scripts/ab-transcribe}).
 * The third-party jars are loaded once, from the first checkout; each checkout's own module jars get a class
 * loader of their own, so each build has its own classes and JIT profiles while the machine, the heap and the
 * moment are shared. Rounds alternate A B B A; the first two are warm-up. On this noisy machine single
 * {@code bench transcribe} runs of one build ranged over 30%, where these ratios repeat within about 5%.
 */
public final class AbTranscribe {

    private AbTranscribe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: AbTranscribe CHECKOUT_A CHECKOUT_B MODEL ROUNDS AUDIO...");
            System.exit(2);
        }
        Path[] roots = {Path.of(args[0]), Path.of(args[1])};
        Path model = Path.of(args[2]);
        int rounds = Integer.parseInt(args[3]);
        List<Path> files = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            files.add(Path.of(args[i]));
        }
        try {
            compare(roots, model, rounds, files);
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("ab-transcribe: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void compare(Path[] roots, Path model, int rounds, List<Path> files) throws Exception {
        ClassLoader shared = new URLClassLoader(jars(roots[0], false), ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(shared); // ND4J finds its backend through this loader
        Object[] recognizers = new Object[2];
        Method[] transcribe = new Method[2];
        for (int v = 0; v < 2; v++) {
            ClassLoader own = new URLClassLoader(jars(roots[v], true), shared);
            Class<?> recognizer = Class.forName("dev.auris.recognizer.Recognizer", true, own);
            recognizers[v] = call(recognizer.getMethod("load", Path.class), null, model);
            transcribe[v] = recognizer.getMethod("transcribe", Path.class);
        }
        double[] busy = new double[2];
        double audio = 0;
        for (int round = 0; round < rounds + 2; round++) {
            for (int k = 0; k < 2; k++) {
                int v = round % 2 == 0 ? k : 1 - k;
                long start = System.nanoTime();
                for (Path f : files) {
                    call(transcribe[v], recognizers[v], f);
                }
                if (round >= 2) {
                    busy[v] += (System.nanoTime() - start) / 1e9;
                }
            }
        }
        System.out.printf(Locale.ROOT, "A %s: %.2f s%nB %s: %.2f s%ntime ratio A/B over %d rounds: %.3f%n",
                roots[0], busy[0], roots[1], busy[1], rounds, busy[0] / busy[1]);
    }

    /** The checkout's Auris module jars ({@code own}) or its third-party ones, from {@code cli/target/lib}. */
    private static URL[] jars(Path root, boolean own) throws IOException {
        Path lib = root.resolve("cli/target/lib");
        if (!Files.isDirectory(lib)) {
            throw new IOException(lib + ": no such folder (build the checkout first: mvn -q -DskipTests package)");
        }
        List<URL> urls = new ArrayList<>();
        try (var s = Files.list(lib)) {
            for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                if (p.getFileName().toString().startsWith("auris-") == own) {
                    urls.add(p.toUri().toURL());
                }
            }
        }
        return urls.toArray(new URL[0]);
    }

    private static Object call(Method m, Object target, Object arg) throws Exception {
        try {
            return m.invoke(target, arg);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }
}
