package dev.auris.cli;

import dev.auris.acoustic.Posteriors;
import dev.auris.decoder.CtcDecoder;
import dev.auris.decoder.CtcMatrix;
import dev.auris.decoder.DecoderConfig;
import dev.auris.decoder.LabelPriors;
import dev.auris.decoder.Hypothesis;
import dev.auris.decoder.NBestRescorer;
import dev.auris.lm.NgramModel;
import dev.auris.lm.RecurrentLanguageModel;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Option;

/** How posteriors become text: greedy, or beam search with an optional n-gram LM and RNN LM rescoring. */
final class DecodingOptions {

    @picocli.CommandLine.Mixin
    LanguageModelOptions models;

    @Option(names = "--greedy", description = "best-path decoding, no beam and no LM")
    boolean greedy;

    /** The decoding set up once: models loaded, decoder built. */
    record Setup(CtcDecoder decoder, RecurrentLanguageModel rnn, NBestRescorer.Weights rescoring, boolean greedy) {

        List<Hypothesis> decode(Posteriors p, int nBest) {
            CtcMatrix m = matrix(p);
            if (greedy) {
                return List.of(new Hypothesis(CtcDecoder.greedy(m), List.of(), 0, 0, 0));
            }
            boolean rescore = rnn != null && rescoring.active();
            List<Hypothesis> n = decoder.decodeBeams(m, rescore ? Math.max(nBest, rescoring.listSize()) : nBest);
            if (rescore) {
                n = NBestRescorer.rescore(n, NBestRescorer.SentenceModel.of(rnn), rescoring);
            }
            return n.subList(0, Math.min(nBest, n.size()));
        }

        String text(Posteriors p) {
            return decode(p, 1).get(0).text();
        }
    }

    static CtcMatrix matrix(Posteriors p) {
        return new CtcMatrix(p.frames(), p.classes(), p.logProbs(), p.frameSeconds());
    }

    Setup setup() throws IOException {
        return setup(models.loadNgram(), models.loadRnn(), greedy);
    }

    /**
     * The decoding stages these options reach, each adding one model to the one before: greedy,
     * beam search alone (no LM weights), beam search with the n-gram LM, then RNN LM rescoring.
     */
    java.util.LinkedHashMap<String, Setup> stages() throws IOException {
        NgramModel ngram = models.loadNgram();
        RecurrentLanguageModel rnn = models.loadRnn();
        var stages = new java.util.LinkedHashMap<String, Setup>();
        stages.put("greedy", setup(null, null, true));
        stages.put("beam", setup(null, null, false));
        if (ngram != null) {
            stages.put("beam+ngram", setup(ngram, null, false));
            if (rnn != null) {
                stages.put("beam+ngram+rnnlm", setup(ngram, rnn, false));
            }
        }
        return stages;
    }

    /** Beam search with the n-gram LM and these options' weights at the given width (no RNN LM). */
    Setup beamSearch(NgramModel ngram, int beamWidth) {
        return setup(ngram, null, false, beamWidth);
    }

    private Setup setup(NgramModel ngram, RecurrentLanguageModel rnn, boolean best) {
        return setup(ngram, rnn, best, models.beam());
    }

    private Setup setup(NgramModel ngram, RecurrentLanguageModel rnn, boolean best, int beamWidth) {
        DecoderConfig config = DecoderConfig.defaults().withBeamWidth(beamWidth)
                .withWeights(ngram == null ? 0 : models.alpha(), ngram == null ? 0 : models.beta())
                .withBlankPenalty(ngram == null ? 0 : models.blankPenalty()) // both tuned with the LM weights
                .withLabelPriors(ngram == null ? LabelPriors.NONE : models.labelPriors());
        CtcDecoder decoder = ngram == null ? CtcDecoder.beamSearch(config) : CtcDecoder.beamSearch(config, ngram);
        return new Setup(decoder, rnn, models.rescoring(), best);
    }
}
