package dev.auris.cli;

import dev.auris.acoustic.NetworkShape;
import dev.auris.frontend.audio.SincResampler;
import dev.auris.frontend.features.FeatureExtractor;
import dev.auris.frontend.features.FrontendConfig;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Speed benchmarks. Every figure is a ratio measured in the same run (here, multiples of real
 * time), because absolute timings on a shared 2-core machine drift from run to run.
 */
@Command(name = "bench", description = "Measures the speed of Auris' stages.", mixinStandardHelpOptions = true,
        subcommands = {BenchCommand.Frontend.class, BenchCommand.Train.class, BenchCommand.Acoustic.class,
                BenchCommand.Decoder.class, BenchCommand.Beam.class, BenchCommand.Rescoring.class, BenchCommand.Transcribe.class})
final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** "w512_" for the paper's cell, "lstm_w512_" for the LSTM: the simple cell's keys stay as they always were. */
    static String keyPrefix(int width, NetworkShape.Cell cell) {
        return keyPrefix(width, cell, width);
    }

    /** As above, with "r320_" after the width when the recurrent layer is narrower or wider than the dense ones. */
    static String keyPrefix(int width, NetworkShape.Cell cell, int recurrentWidth) {
        return (cell == NetworkShape.Cell.SIMPLE ? "" : cell.name().toLowerCase(Locale.ROOT) + "_") + "w" + width + "_"
                + (recurrentWidth == width ? "" : "r" + recurrentWidth + "_");
    }

    @Command(name = "frontend", mixinStandardHelpOptions = true,
            description = "Front-end speed on one thread as a multiple of real time (goal: 1000x).")
    static final class Frontend implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--seconds", description = "length of the synthetic test audio (default ${DEFAULT-VALUE})")
        int seconds = 60;

        @Option(names = "--json", description = "print one JSON object with stable keys")
        boolean json;

        @Override
        public Integer call() {
            if (seconds < 1 || seconds > 3600) {
                throw new UserErrors.CliException("--seconds must be 1..3600, got " + seconds);
            }
            float[] audio16k = syntheticSpeechLike(16000, seconds);
            float[] audio44k = syntheticSpeechLike(44100, seconds);
            FeatureExtractor logMel = new FeatureExtractor(FrontendConfig.defaults());
            FeatureExtractor mfcc = new FeatureExtractor(FrontendConfig.mfcc().withDeltaOrder(2));
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("bench", "frontend");
            r.put("audio_seconds", seconds);
            r.put("threads", 1);
            r.put("logmel_x_realtime", seconds / Timing.medianSeconds(() -> logMel.extract(audio16k)));
            r.put("mfcc_deltas_x_realtime", seconds / Timing.medianSeconds(() -> mfcc.extract(audio16k)));
            r.put("resample_44100_to_16000_x_realtime",
                    seconds / Timing.medianSeconds(() -> SincResampler.resample(audio44k, 44100, 16000)));
            r.put("goal_x_realtime", 1000);
            Timing.print(spec.commandLine().getOut(), r, json);
            return 0;
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true, description = {
            "Training throughput at width 256 and 512 (batch 16 x 4 s utterances), with the 2-thread",
            "float32 gemm ceiling measured in the same run and the share of it reached (goal at 512: 50%%)."})
    static final class Train implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "print one JSON object with stable keys")
        boolean json;

        @Option(names = "--batch", description = "utterances per batch (default ${DEFAULT-VALUE})")
        int batch = 16;

        @Option(names = "--cells", split = ",", paramLabel = "CELL,CELL...",
                description = "recurrent cells to measure, SIMPLE and/or LSTM (default: SIMPLE); LSTM keys start lstm_")
        NetworkShape.Cell[] cells = {NetworkShape.Cell.SIMPLE};

        @Override
        public Integer call() {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("bench", "train");
            double ceiling = dev.auris.acoustic.AcousticBenchmark.gemmCeilingGflops();
            r.put("gemm_ceiling_gflops", ceiling);
            var speeds = new java.util.ArrayList<dev.auris.acoustic.AcousticBenchmark.TrainSpeed>();
            for (NetworkShape.Cell cell : cells) {
                for (int width : new int[] {256, 512}) {
                    speeds.add(dev.auris.acoustic.AcousticBenchmark.trainSpeed(width, cell, batch, 400));
                }
            }
            ceiling = Math.max(ceiling, dev.auris.acoustic.AcousticBenchmark.gemmCeilingGflops()); // before and after
            r.put("gemm_ceiling_gflops", ceiling);
            for (var s : speeds) {
                String key = keyPrefix(s.width(), s.cell());
                r.put(key + "seconds_per_step", s.secondsPerStep());
                r.put(key + "frames_per_second", s.framesPerSecond());
                r.put(key + "gflops", s.gflops());
                r.put(key + "share_of_ceiling", s.gflops() / ceiling);
            }
            r.put("goal_w512_share_of_ceiling", 0.5);
            Timing.print(spec.commandLine().getOut(), r, json);
            return 0;
        }
    }

    @Command(name = "acoustic", mixinStandardHelpOptions = true, description = {
            "Acoustic inference real-time factor on one 10 s utterance at batch 1, width 256 and 512,",
            "with the gemm ceiling measured in the same run (goal: RTF at most 0.01); with --models, trained",
            "networks on the samples, each beside random weights of its shape."})
    static final class Acoustic implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--widths", split = ",", paramLabel = "W,W...",
                description = "network widths to measure (default: 256,512), e.g. to price a wider model")
        int[] widths = {256, 512};

        @Option(names = "--cells", split = ",", paramLabel = "CELL,CELL...",
                description = "recurrent cells to measure, SIMPLE and/or LSTM (default: SIMPLE); LSTM keys start lstm_")
        NetworkShape.Cell[] cells = {NetworkShape.Cell.SIMPLE};

        @Option(names = "--warps", split = ",", paramLabel = "F,F...", description = {
                "also measure each width hearing the utterance warped by these factors, all in one batch",
                "(default: 1.1,1.2; keys w<W>_warps<N>_...; 'cost_in_passes' is its time over the plain pass's)"})
        List<Double> warps = List.of(1.1, 1.2);

        @Option(names = "--recurrent-widths", split = ",", paramLabel = "R,R...", description = {
                "units each way in the recurrent layer, as train's --recurrent-width (default 0: each width itself;",
                "keys gain r<R>_ after the width otherwise), e.g. 0,320 to set the 768/320 LSTM beside the shipped shape"})
        int[] recurrentWidths = {0};

        @Option(names = "--models", split = ",", paramLabel = "DIR,DIR...", description = {
                "trained models or bundles to time on the --samples audio, one pass each, beside an untrained network",
                "of the same shape, plain and with --warps (keys model<N>_..., model<N>_warps<K>_...); the",
                "random-weight widths run only when --widths is given too"})
        List<java.nio.file.Path> models = List.of();

        @Option(names = "--samples", paramLabel = "DIR", description = "audio for --models (default ${DEFAULT-VALUE})")
        java.nio.file.Path samples = java.nio.file.Path.of(System.getProperty("auris.home", ".")).resolve("samples");

        @Option(names = "--json", description = "print one JSON object with stable keys")
        boolean json;

        @Override
        public Integer call() throws Exception {
            for (int rw : recurrentWidths) {
                if (rw < 0) {
                    throw new UserErrors.CliException("--recurrent-widths: a width must be at least 1 (or 0: each width), got " + rw);
                }
            }
            try {
                dev.auris.acoustic.AcousticModel.checkWarps(warps);
            } catch (IllegalArgumentException e) {
                throw new UserErrors.CliException("--warps: " + e.getMessage());
            }
            for (int width : widths) {
                if (width < 1) {
                    throw new UserErrors.CliException("--widths: a width must be at least 1, got " + width);
                }
            }
            var audio = models.isEmpty() ? List.<dev.auris.frontend.audio.Audio>of() : sampleAudio(samples);
            var loaded = new java.util.ArrayList<dev.auris.acoustic.AcousticModel>();
            for (var m : models) {
                loaded.add(dev.auris.acoustic.AcousticModel.load(m));
            }
            boolean sweep = models.isEmpty() || spec.commandLine().getParseResult().hasMatchedOption("--widths");
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("bench", "acoustic");
            double ceiling = dev.auris.acoustic.AcousticBenchmark.gemmCeilingGflops();
            r.put("gemm_ceiling_gflops", ceiling);
            var speeds = new java.util.ArrayList<dev.auris.acoustic.AcousticBenchmark.InferenceSpeed>();
            var warped = new java.util.ArrayList<dev.auris.acoustic.AcousticBenchmark.InferenceSpeed>();
            var trained = new java.util.ArrayList<dev.auris.acoustic.AcousticBenchmark.ModelSpeed>();
            for (var m : loaded) {
                int rate = m.frontend().sampleRate();
                trained.add(dev.auris.acoustic.AcousticBenchmark.modelSpeed(m,
                        audio.stream().map(a -> a.resampledTo(rate)).toList(), warps));
            }
            for (NetworkShape.Cell cell : sweep ? cells : new NetworkShape.Cell[0]) {
                for (int width : widths) {
                    for (int rw : java.util.Arrays.stream(recurrentWidths).map(w -> w == 0 ? width : w).distinct().toArray()) {
                        speeds.add(dev.auris.acoustic.AcousticBenchmark.inferenceSpeed(width, cell, rw, 10.0, List.of()));
                        if (!warps.isEmpty()) {
                            warped.add(dev.auris.acoustic.AcousticBenchmark.inferenceSpeed(width, cell, rw, 10.0, warps));
                        }
                    }
                }
            }
            ceiling = Math.max(ceiling, dev.auris.acoustic.AcousticBenchmark.gemmCeilingGflops()); // before and after
            r.put("gemm_ceiling_gflops", ceiling);
            for (var s : speeds) {
                String key = keyPrefix(s.width(), s.cell(), s.recurrentWidth());
                r.put(key + "real_time_factor", s.realTimeFactor());
                r.put(key + "gflops", s.gflops());
                r.put(key + "share_of_ceiling", s.gflops() / ceiling);
            }
            for (int i = 0; i < warped.size(); i++) {
                var s = warped.get(i);
                String key = keyPrefix(s.width(), s.cell(), s.recurrentWidth()) + "warps" + warps.size() + "_";
                r.put(key + "real_time_factor", s.realTimeFactor());
                r.put(key + "gflops", s.gflops());
                r.put(key + "cost_in_passes", s.seconds() / speeds.get(i).seconds());
            }
            for (int i = 0; i < trained.size(); i++) {
                var t = trained.get(i);
                String key = "model" + (i + 1) + "_";
                r.put(key + "path", models.get(i).toString());
                r.put(key + "cell", t.shape().cell().name());
                r.put(key + "width", t.shape().width());
                r.put(key + "recurrent_width", t.shape().recurrentWidth());
                r.put(key + "audio_seconds", t.audioSeconds());
                r.put(key + "real_time_factor", t.realTimeFactor());
                r.put(key + "untrained_real_time_factor", t.untrainedRealTimeFactor());
                r.put(key + "trained_over_untrained", t.seconds() / t.untrainedSeconds());
                if (!warps.isEmpty()) {
                    String wkey = key + "warps" + warps.size() + "_";
                    r.put(wkey + "real_time_factor", t.warpedRealTimeFactor());
                    r.put(wkey + "untrained_real_time_factor", t.untrainedWarpedRealTimeFactor());
                    r.put(wkey + "cost_in_passes", t.warpedSeconds() / t.seconds());
                }
            }
            r.put("goal_real_time_factor", 0.01);
            Timing.print(spec.commandLine().getOut(), r, json);
            return 0;
        }

        private static List<dev.auris.frontend.audio.Audio> sampleAudio(java.nio.file.Path dir) throws Exception {
            var audio = new java.util.ArrayList<dev.auris.frontend.audio.Audio>();
            for (var f : audioFiles(dir)) {
                audio.add(dev.auris.frontend.audio.AudioDecoder.read(f));
            }
            return audio;
        }
    }

    /** Every WAV, FLAC or MP3 file in {@code dir} (--samples), in name order; none is a one-line error. */
    static List<java.nio.file.Path> audioFiles(java.nio.file.Path dir) throws java.io.IOException {
        if (!java.nio.file.Files.isDirectory(dir)) {
            throw new UserErrors.CliException(dir + ": not a folder of audio files (--samples)");
        }
        List<java.nio.file.Path> files;
        try (var s = java.nio.file.Files.list(dir)) {
            files = s.filter(p -> p.toString().matches(".*\\.(wav|flac|mp3)$")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new UserErrors.CliException(dir + ": no audio files to measure on");
        }
        return files;
    }

    @Command(name = "decoder", mixinStandardHelpOptions = true, description = {
            "Beam-search frames per second with a 4-gram LM at beam 32, 128 and 512 (and 128 without LM look-ahead), on one thread (goal: 10,000 at 32).",
            "The LM is estimated from --text (first 20,000 sentences); the last 300 sentences, held out, are decoded",
            "from model-like posteriors. 'agreement' is the share decoded back to their sentence."})
    static final class Decoder implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--text", paramLabel = "FILE", description = "sentences (default ${DEFAULT-VALUE}; see corpus prompts)")
        java.nio.file.Path text = java.nio.file.Path.of("work/prompts.txt");

        @Option(names = "--json", description = "print one JSON object with stable keys")
        boolean json;

        @Override
        public Integer call() throws Exception {
            java.util.List<String> all = LmCommand.sentences(text);
            if (all.size() < 400) {
                throw new UserErrors.CliException(text + ": needs at least 400 sentences, has " + all.size());
            }
            java.util.List<String> train = all.subList(0, Math.min(20_000, all.size() - 300));
            java.util.List<String> test = all.subList(all.size() - 300, all.size());
            var lm = dev.auris.lm.NgramModel.of(dev.auris.lm.KneserNeyEstimator.estimate(train,
                    dev.auris.lm.KneserNeyEstimator.Options.of(4)));
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("bench", "decoder");
            r.put("lm_order", 4);
            r.put("threads", 1);
            // the shipped bundle's beam is 512; beam 128 without LM look-ahead shows what look-ahead costs and gains
            var d = dev.auris.decoder.DecoderConfig.defaults();
            var configs = new LinkedHashMap<String, dev.auris.decoder.DecoderConfig>();
            configs.put("beam32", d.withBeamWidth(32));
            configs.put("beam128", d.withBeamWidth(128));
            configs.put("beam512", d.withBeamWidth(512));
            configs.put("beam128_no_lookahead", d.withBeamWidth(128).withLmLookahead(false));
            for (var c : configs.entrySet()) {
                String key = c.getKey();
                var s = dev.auris.decoder.DecoderBenchmark.measure(lm, test, c.getValue());
                r.put(key + "_frames_per_second", s.framesPerSecond());
                r.put(key + "_real_time_factor", 1.0 / (s.framesPerSecond() * 0.02));
                r.put(key + "_agreement", s.agreement());
            }
            r.put("goal_beam32_frames_per_second", 10000);
            Timing.print(spec.commandLine().getOut(), r, json);
            return 0;
        }
    }

    @Command(name = "beam", mixinStandardHelpOptions = true, description = {
            "The bundle's decoding (n-gram LM, tuned weights, label priors) at several beam widths over real network",
            "output, side by side in one run: the network runs once per utterance of --manifest and every width",
            "decodes its output. WER, CER and real-time factor (network + search, one thread) per width, and each",
            "width's real-time factor as a multiple of the first's. A width's search alone is its real-time factor",
            "less the network's ('search_real_time_factor')."})
    static final class Beam implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--model", paramLabel = "DIR", description = "bundle (default: models/default)")
        java.nio.file.Path model = java.nio.file.Path.of(System.getProperty("auris.home", ".")).resolve("models/default");

        @Option(names = "--manifest", required = true, paramLabel = "CORPUS", description = "corpus to decode and score")
        java.nio.file.Path manifest;

        @Option(names = "--beams", split = ",", paramLabel = "N,...", description = "beam widths (default ${DEFAULT-VALUE})")
        int[] beams = {512, 1024, 2048};

        @picocli.CommandLine.Mixin
        DecodingOptions decoding;

        @Option(names = "--json", description = "print one JSON object with stable keys")
        boolean json;

        @Override
        public Integer call() throws Exception {
            for (int b : beams) {
                dev.auris.decoder.DecoderConfig.defaults().withBeamWidth(b); // a bad width fails before the network runs
            }
            if (decoding.greedy || decoding.models.beam != null) {
                throw new UserErrors.CliException("bench beam decodes at the widths of --beams; --greedy and --beam do not apply");
            }
            decoding.models.inheritFrom(model);
            var ngram = decoding.models.loadNgram();
            if (ngram == null) {
                throw new UserErrors.CliException(model + ": the bundle has no n-gram LM; give one with --lm");
            }
            var setups = new java.util.LinkedHashMap<String, DecodingOptions.Setup>();
            for (int b : beams) {
                setups.put("beam" + b, decoding.beamSearch(ngram, b));
            }
            var stages = ModelEvaluation.stages(manifest,
                    decoding.models.hearing(dev.auris.acoustic.AcousticModel.load(model)),
                    setups, false);
            var reports = stages.reports();
            double network = stages.networkRealTimeFactor();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("bench", "beam");
            r.put("utterances", reports.values().iterator().next().utterances().size());
            r.put("network_real_time_factor", network);
            double first = reports.values().iterator().next().realTimeFactor();
            reports.forEach((k, rep) -> {
                r.put(k + "_wer", rep.words().rate());
                r.put(k + "_cer", rep.characters().rate());
                r.put(k + "_real_time_factor", rep.realTimeFactor());
                r.put(k + "_search_real_time_factor", rep.realTimeFactor() - network);
                r.put(k + "_time_ratio", rep.realTimeFactor() / first);
            });
            Timing.print(spec.commandLine().getOut(), r, json);
            return 0;
        }
    }

    @Command(name = "rescoring", mixinStandardHelpOptions = true, description = {
            "Recurrent LM rescoring of 8-best lists (the last 20 sentences of --text, each with 7 one-word edits):",
            "sentences per second by the network's padded forward pass per list (DL4J's for a character model) and",
            "by Auris' plain-Java scorer (shared prefixes computed once), side by side, and their largest",
            "difference in ln P (they must agree)."})
    static final class Rescoring implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--rnnlm", paramLabel = "FILE", description = "character or word RNN LM (default: the default bundle's)")
        java.nio.file.Path rnnlm;

        @Option(names = "--text", paramLabel = "FILE", description = "sentences (default ${DEFAULT-VALUE}; see corpus prompts)")
        java.nio.file.Path text = java.nio.file.Path.of("work/prompts.txt");

        @Option(names = "--json", description = "print one JSON object with stable keys")
        boolean json;

        @Override
        public Integer call() throws Exception {
            java.nio.file.Path file = rnnlm;
            if (file == null) {
                java.nio.file.Path bundle = java.nio.file.Path.of(System.getProperty("auris.home", ".")).resolve("models/default");
                file = dev.auris.recognizer.ModelBundle.read(bundle).rnnlm();
                if (file == null) {
                    throw new UserErrors.CliException(bundle + ": has no recurrent LM; name one with --rnnlm");
                }
            }
            var lm = dev.auris.lm.RecurrentLanguageModel.load(file);
            java.util.List<String> all = LmCommand.sentences(text);
            if (all.size() < 20) {
                throw new UserErrors.CliException(text + ": needs at least 20 sentences, has " + all.size());
            }
            java.util.List<java.util.List<String>> lists = new java.util.ArrayList<>();
            java.util.Random r = new java.util.Random(7);
            for (String sentence : all.subList(all.size() - 20, all.size())) {
                lists.add(nBestLike(sentence, 8, r));
            }
            int sentences = lists.size() * 8;
            double network = Timing.medianSeconds(dev.auris.lm.RescoringBenchmark.networkPass(lm, lists));
            double scorer = Timing.medianSeconds(dev.auris.lm.RescoringBenchmark.scorerPass(lm, lists));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("bench", "rescoring");
            out.put("lists", lists.size());
            out.put("list_size", 8);
            out.put("network_sentences_per_second", sentences / network);
            out.put("scorer_sentences_per_second", sentences / scorer);
            out.put("scorer_speedup", network / scorer);
            out.put("max_abs_difference_ln_p", dev.auris.lm.RescoringBenchmark.maxAbsDifference(lm, lists));
            Timing.print(spec.commandLine().getOut(), out, json);
            return 0;
        }

        /** The sentence and n-1 distinct one-word edits of it (a word dropped, doubled or swapped with its neighbour). */
        static java.util.List<String> nBestLike(String sentence, int n, java.util.Random r) {
            String[] w = sentence.split(" ");
            java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
            out.add(sentence);
            for (int tries = 0; out.size() < n && tries < 1000; tries++) {
                java.util.List<String> e = new java.util.ArrayList<>(java.util.List.of(w));
                int i = r.nextInt(e.size());
                switch (r.nextInt(3)) {
                    case 0 -> { if (e.size() > 1) { e.remove(i); } }
                    case 1 -> e.add(i, e.get(i));
                    default -> { if (i + 1 < e.size()) { java.util.Collections.swap(e, i, i + 1); } }
                }
                out.add(String.join(" ", e));
            }
            while (out.size() < n) {
                out.add(sentence + " " + "a".repeat(out.size()));
            }
            return java.util.List.copyOf(out);
        }
    }

    @Command(name = "transcribe", mixinStandardHelpOptions = true, description = {
            "The whole pipeline (decoding audio, features, network, beam search with the bundle's LMs) on the",
            "samples: real-time factor on one process (goal 0.025), cold start to first transcript (goal 3 s),",
            "and heap after 10 s and 60 s of audio (memory flat in audio length)."})
    static final class Transcribe implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--model", paramLabel = "DIR", description = "bundle (default: models/default)")
        java.nio.file.Path model;

        @Option(names = "--samples", paramLabel = "DIR", description = "audio files to transcribe (default ${DEFAULT-VALUE})")
        java.nio.file.Path samples = java.nio.file.Path.of(System.getProperty("auris.home", ".")).resolve("samples");

        @Option(names = "--json", description = "print one JSON object with stable keys")
        boolean json;

        @Override
        public Integer call() throws Exception {
            java.util.List<java.nio.file.Path> files = audioFiles(samples);
            var recognizer = model == null ? dev.auris.recognizer.Recognizer.loadDefault()
                    : dev.auris.recognizer.Recognizer.load(model);
            recognizer.transcribe(files.get(0));
            // from the JVM's start (class loading, native libraries, model loading) to the first transcript
            double coldStart = (System.currentTimeMillis()
                    - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
            double audio = 0;
            double busy = 0;
            // round 0 warms the JIT up and is not counted; then at least 5 rounds and 180 s of audio, so
            // that a second of noise on this shared machine moves the ratio by under a percent
            for (int round = 0; round <= 5 || audio < 180; round++) {
                for (var f : files) {
                    var a = dev.auris.frontend.audio.AudioDecoder.read(f);
                    long s0 = System.nanoTime();
                    recognizer.transcribe(f);
                    if (round > 0) {
                        busy += (System.nanoTime() - s0) / 1e9;
                        audio += a.durationSeconds();
                    }
                }
            }
            var first = dev.auris.frontend.audio.AudioDecoder.read(files.get(0)).resampledTo(16000).samples();
            double heap10 = heapAfter(recognizer, first, 10);
            double heap60 = heapAfter(recognizer, first, 60);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("bench", "transcribe");
            r.put("files", files.size());
            r.put("audio_seconds", audio);
            r.put("real_time_factor", busy / audio);
            r.put("cold_start_to_first_transcript_seconds", coldStart);
            r.put("heap_mb_after_10s", heap10);
            r.put("heap_mb_after_60s", heap60);
            r.put("goal_real_time_factor", 0.025);
            r.put("goal_cold_start_seconds", 3.0);
            Timing.print(spec.commandLine().getOut(), r, json);
            return 0;
        }

        /** Used heap (MB) after transcribing the sample repeated to {@code seconds}, after a GC. */
        private static double heapAfter(dev.auris.recognizer.Recognizer r, float[] sample, int seconds) {
            float[] x = new float[seconds * 16000];
            for (int i = 0; i < x.length; i++) {
                x[i] = sample[i % sample.length];
            }
            r.transcribe(x, 16000);
            System.gc();
            Runtime rt = Runtime.getRuntime();
            return (rt.totalMemory() - rt.freeMemory()) / 1048576.0;
        }
    }

    /** A voiced, pitch-gliding, amplitude-modulated signal with noise: the front end's work does not depend on content. */
    static float[] syntheticSpeechLike(int rate, int seconds) {
        float[] x = new float[rate * seconds];
        java.util.Random noise = new java.util.Random(42);
        double phase = 0;
        for (int i = 0; i < x.length; i++) {
            double t = i / (double) rate;
            double f0 = 110 + 40 * Math.sin(2 * Math.PI * 0.5 * t);
            phase += 2 * Math.PI * f0 / rate;
            double v = 0;
            for (int h = 1; h <= 12; h++) {
                v += Math.sin(h * phase) / h;
            }
            x[i] = (float) (0.1 * v * (0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t)) + 0.003 * noise.nextGaussian());
        }
        return x;
    }

    /** Shared timing and reporting for the bench subcommands. */
    static final class Timing {

        private Timing() {
        }

        /** Warms up, then runs until at least 2 s and 5 runs have passed; returns the median seconds per run. */
        static double medianSeconds(Runnable task) {
            for (int i = 0; i < 3; i++) {
                task.run();
            }
            double[] runs = new double[200];
            int n = 0;
            long start = System.nanoTime();
            while (n < runs.length && (n < 5 || System.nanoTime() - start < 2_000_000_000L)) {
                long t0 = System.nanoTime();
                task.run();
                runs[n++] = (System.nanoTime() - t0) / 1e9;
            }
            double[] sorted = Arrays.copyOf(runs, n);
            Arrays.sort(sorted);
            return sorted[n / 2];
        }

        static void print(PrintWriter out, Map<String, Object> results, boolean json) {
            if (json) {
                StringBuilder sb = new StringBuilder("{");
                for (Map.Entry<String, Object> e : results.entrySet()) {
                    if (sb.length() > 1) {
                        sb.append(", ");
                    }
                    sb.append('"').append(e.getKey()).append("\": ");
                    Object v = e.getValue();
                    sb.append(v instanceof String ? "\"" + v + "\"" : format(v));
                }
                out.println(sb.append('}'));
            } else {
                for (Map.Entry<String, Object> e : results.entrySet()) {
                    out.printf(Locale.ROOT, "%-40s %s%n", e.getKey(), format(e.getValue()));
                }
            }
            out.flush();
        }

        private static String format(Object v) {
            if (v instanceof Double d) {
                return Math.abs(d) >= 100 ? String.format(Locale.ROOT, "%.1f", d) : String.format(Locale.ROOT, "%.4g", d);
            }
            return String.valueOf(v);
        }
    }
}
