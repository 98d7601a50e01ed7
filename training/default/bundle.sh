#!/usr/bin/env bash
# Makes the shipped bundle from the trained run: the n-gram and RNN LMs on the prompt text without
# any dev or test sentence, decoder weights tuned on dev, the test-split table of every decoding
# stage, all assembled into models/default (its manifest carries the table and the corpus summary).
# Usage: training/default/bundle.sh [RUN_DIR|MODEL_DIR] [OUT_DIR]   (defaults: work/train-default models/default-new)
# Session 32's models/default: the same variables as session 28's below, DATA12=work/synthgen-n40/summary.json
#   DATA13=work/synth-lt41/summary.json, BEAM=1536 and LM=models/default/lm.bin RNNLM=models/default/rnnlm.zip, on work/soup4 (the
#   mean of four fine-tunes of session 25's network, training/default/README.md), out work/bundle-s32-b1536.
# models/default was made (session 28) by the command below with BAND_LIMITS=4000 instead of none, on models/default
#   itself (session 25's network) to work/bundle-s28-bl4000 (on a machine without the DATA corpora, their summaries
#   are models/default/manifest.json's data_stage2..11), then copying its manifest.json over models/default's.
# Session 25's (session 23's was the same on work/w11-s23 with LM=work/lm4-mix3-words.bin) by:
#   BEAM=2048 BAND_LIMITS=none DATA2=work/synthgen/summary.json DATA3=work/synthgen-v2/summary.json \
#   DATA4=work/synthgen-v3/summary.json DATA5=work/synthgen-v4/summary.json DATA6=work/synthgen-v8/summary.json \
#   DATA7=work/synthgen-v9/summary.json DATA8=work/synthgen-v10/summary.json DATA9=work/synthgen-w14/summary.json \
#   DATA10=work/synthgen-w15/summary.json DATA11=work/synthgen-w16/summary.json TUNE_GRID="--alphas 1.5 --betas -1 \
#   --blank-penalties 0 --prior-scales 0.8 --weights 0" training/default/bundle.sh work/warp8-s25 work/bundle-s25-warp8
#   (the mean of 8 points along epoch 1 of the wider-warp fine-tune, WARP=0.2 in voices.sh, from epoch 3 of the WIDE
#   voice-seed 14-16 fine-tune; session 23's w11-s23 was the mean of 11 points along that WIDE run;
#   training/default/README.md). Session 22's was the same without DATA9..DATA11 on work/swa14-s22, out
#   work/bundle-s22-swa14; session 21's on work/swa11-s21, out work/bundle-s21-swa11 (means along the voice-seed 8-10 fine-tune; alpha 1.5 is the best dev
#   setting that reads samples/quick-brown-fox.wav right, the dev optimum 1.75 reads "face"; a fresh machine has these
#   weights in models/default: pass it as the model). Session 20's was the same without DATA6..DATA8, with the grid
#   --alphas 1.5,1.75,2 --betas -1,0 and models/default as the model, out work/bundle-s20-words
#   (session 19's network with the word-list LM below; session 19's was the same command with LM=work/lm4-mix3-full.bin,
#   out work/bundle-s19-b2048: session 18's models re-bundled at beam 2048, which the faster search of session 19 affords; on a machine without
#   the synthgen-v2..v4 corpora, their summaries are data_stage3..5 of models/default/manifest.json). Session 18's was:
# BAND_LIMITS=none DATA2=work/synthgen/summary.json DATA3=work/synthgen-v2/summary.json \
#   DATA4=work/synthgen-v3/summary.json DATA5=work/synthgen-v4/summary.json TUNE_GRID="--alphas 1.25,1.5,1.75 --betas -1,0 \
#   --blank-penalties 0 --prior-scales 0.3,0.5,0.8 --weights 0,0.2" training/default/bundle.sh work/avg-s16-a work/bundle-s18-lm
#   (the unpruned n-gram LM below, new in session 18; the acoustic model is session 16's: session 15's model averaged with epoch 3
#   of its fine-tune on voice seeds 2-4, ./auris average --out work/avg-s16-a work/avg-s15-a work/train-v234/epochs/epoch-3,
#   where work/avg-s15-a is the mean of session 14's model and that run's epoch 2; voices.sh with RUN=work/train-v234
#   VOICE_SEEDS="2 3 4", see README.md; a fresh machine has these weights in models/default: pass it as the model)
# A run that also trained on a second corpus (stage 2, finetune.sh) names its summary in DATA2, e.g.
# DATA2=work/synth30/summary.json, and the manifest carries it as data_stage2; a third (voices.sh VOICE_SEEDS)
# in DATA3, e.g. DATA3=work/synthgen-v2/summary.json, as data_stage3; more voice seeds in DATA4, DATA5, ...
# (data_stage4, ...).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
run=${1:-work/train-default}
out=${2:-models/default-new}
# RUN is a training run (its best model in RUN/model) or a model or bundle directory itself
model=$run/model
[ -f "$model/manifest.json" ] || model=$run
corpus=work/synth25
[ -f work/lm-text.txt ] || ./auris corpus prompts --out work/lm-text.txt --exclude $corpus/dev.tsv --exclude $corpus/test.tsv
# the n-gram LM also reads nlp-corpus and fortunes (scripts/fetch-lm-text): whole dev set, beam 128, band
# limit 5500, WER 24.84% against 25.66% on the Brown text alone; 15 MB
scripts/fetch-lm-text
[ -f work/lm-extra.txt ] || ./auris corpus prompts --text work/text/extra-sentences.txt --out work/lm-extra.txt \
  --exclude $corpus/dev.tsv --exclude $corpus/test.tsv
[ -f work/lm-sotu.txt ] || ./auris corpus prompts --text work/text/sotu-sentences.txt --out work/lm-sotu.txt \
  --exclude $corpus/dev.tsv --exclude $corpus/test.tsv
# since session 17 one 4-gram per text (Brown prompts, nlp-corpus + fortunes, State of the Union), mixed with
# weights fitted on the dev sentences (0.67 / 0.24 / 0.10): test perplexity 453 -> 421, and with the same
# acoustic model and tuned weights dev WER 18.68% -> 18.33%, test 12.60% -> 12.53%. Since session 18 unpruned
# (4.34 M n-grams, 18.4 MB in the version-3 binary form; pruned 0,1,1 it had 1.06 M): perplexity dev 433 -> 415,
# test 421 -> 401. Session 17's pruned one is LM=work/lm4-mix3.bin; until session 16 it was one 4-gram of the
# first two texts pooled (LM=work/lm4-plus.bin from work/lm-text-plus.txt)
[ -f work/lm-dev.txt ] || cut -f2 $corpus/dev.tsv > work/lm-dev.txt
# Since session 20 the vocabulary also has the 140 k lower-case words of wamerican-large (scripts/fetch-lm-text),
# unseen, each with the uniform share of the unigram mass (lm train --vocab): 67 k -> 166 k words, 18.4 -> 19.9 MB;
# 80 of the 157 test words the texts lack are in it. With session 19's network and weights, whole dev set, beam
# 2048: 17.78% -> 17.55% (mixing the list in as a fourth text instead: 17.44%, but 21.3 MB, over the 40 MB budget).
# Session 19's LM is LM=work/lm4-mix3-full.bin (the same command without --vocab). Since session 25 the list has
# no possessives (scripts/fetch-lm-text): a word-list possessive sounds like its plural and was a wrong word 44 times
# on dev, never a right one; with session 23's network and weights, dev 16.78% -> 16.63% (18 fewer errors, paired
# sd 8.8, p 0.04). Sessions 20-24's LM (the list with possessives) is LM=work/lm4-mix3-words.bin
lm=${LM:-work/lm4-mix3-words-nopos.bin}
[ -f "$lm" ] || ./auris lm train --order 4 --text work/lm-text.txt --text work/lm-extra.txt \
  --text work/lm-sotu.txt --vocab work/text/words.txt --mix-dev work/lm-dev.txt --out "$lm"
# Since session 37 the recurrent LM is the word LSTM (rnnlm words: embeddings 128, LSTM 256, 20 k words, 2.4 epochs of
# the n-gram's three texts with Brown twice, self-normalised over the last quarter; about 95 minutes, resumable).
# Until session 36 it was the character LSTM (RNNLM=work/rnnlm256.zip: ./auris rnnlm train --text work/lm-text.txt,
# perplexity 4.6/char, about 35 minutes), whose tuned weight was 0
# Since session 39 the shipped word LM is a pair (measured in session 38; training/default/README.md): this network
# and one trained right to left (rnnlm words --backward, about 80 minutes), scored by the mean of their ln P and
# stored in one file with their embedding and output weights in 5 bits (rnnlm combine work/wordlm.bin
# work/wordlm-backward.bin --bits 5 --out work/wordlm-both.bin); pass it as RNNLM=work/wordlm-both.bin. The shipped
# bundle is session 38's work/bundle-s38 (session 37's with that file as its word LM, the weights its dev grid found
# and the test and festival tables of the same bundle), copied into models/default in session 39
rnnlm=${RNNLM:-work/wordlm.bin}
[ -f "$rnnlm" ] || ./auris rnnlm words --text work/lm-text.txt --text work/lm-text.txt --text work/lm-extra.txt \
  --text work/lm-sotu.txt --dev work/lm-dev.txt --epochs 2.4 --out "$rnnlm"
# beam 2048 since session 19: whole dev set, the shipped models and weights, WER 18.16% at 512, 17.93% at 1024,
# 17.78% at 2048 (with the decoder's candidate floor at e^-8); bench transcribe's real-time factor 0.019 at 2048
# (budget 0.025; 0.026 with the old floor of e^-12). Session 7,
# with LM look-ahead: 26.3% at beam 128, 25.9% at 256, 25.4% at 512, 25.1% at 1024
beam=${BEAM:-2048}
# BAND_LIMITS: bandwidths (Hz) the network also hears each chunk cut to, keeping its most confident output,
# or none. Session 28, the shipped network, full decoder: 4000 gives dev 1,857 errors against 1,881 (p 0.42), test
# 1,212 against 1,261 (p 0.003), festival 3,846 against 3,951 (p 0.004); training/default/README.md. Session 8, whole dev set, beam 128, alpha 1.25, beta 0: none 26.31%, 4500 26.14%, 5000 25.75%, 5500 25.66%,
# 4000,5000 25.99%, 4000,5000,6000 25.77% WER
bands=${BAND_LIMITS:-4000}
# BANDWIDTH: the network hears every chunk cut to this bandwidth (Hz) before any band limit, or full.
# Session 12, stage 5 epoch 4, whole dev set, greedy CER: full 17.57%, 7000 16.67%, 6500 16.57%, 6000 17.6%
# (first 400); with the shipped decoder WER full 20.07%, 7000 18.60%, 6500 18.30%
bandwidth=${BANDWIDTH:-full}
# WARPS: vocal tract scale factors the network also hears each chunk warped by (one batch with the plain pass),
# keeping its most confident output, or none
warps=${WARPS:-none}
# TUNE_GRID narrows the search, e.g. "--alphas 0.5,0.75,1 --betas 1,2,3 --weights 0,0.1,0.2"; TUNE_LIMIT
# tunes on the first N dev utterances only (default: all)
# shellcheck disable=SC2086
./auris tune --dev $corpus/dev.tsv ${TUNE_LIMIT:+--limit $TUNE_LIMIT} --beam "$beam" --model "$model" --lm "$lm" \
  --rnnlm "$rnnlm" --band-limits "$bands" --bandwidth "$bandwidth" --warps "$warps" ${TUNE_GRID:-} | tee work/tune.txt
read -r -a weights <<< "$(sed -n 's/^best on [0-9]* utterances: \(.*\) (WER.*/\1/p' work/tune.txt)"
./auris evaluate --stages --force --save work/test-stages.json --manifest $corpus/test.tsv --model "$model" --beam "$beam" \
  --lm "$lm" --rnnlm "$rnnlm" --band-limits "$bands" --bandwidth "$bandwidth" --warps "$warps" "${weights[@]}" \
  | tee work/test-stages.txt
# the same on an engine no training corpus uses: the test sentences in festival's voices (corpus heldout; since
# session 26, manifest key heldout_metrics)
[ -f work/festival-test/test.tsv ] || ./auris corpus heldout --sentences $corpus/test.tsv --out work/festival-test
./auris evaluate --stages --force --save work/heldout-stages.json --manifest work/festival-test/test.tsv --model "$model" \
  --beam "$beam" --lm "$lm" --rnnlm "$rnnlm" --band-limits "$bands" --bandwidth "$bandwidth" --warps "$warps" \
  "${weights[@]}" | tee work/heldout-stages.txt
# the summaries of the other corpora the model trained on: DATA2, DATA3, ... -> data_stage2, data_stage3, ...
stages=()
for i in $(seq 2 20); do
  var=DATA$i
  [ -z "${!var:-}" ] || stages+=(--attach "data_stage$i=${!var}")
done
# HALF=1 keeps the network's weights in half precision (since session 37: the word LM's 8 MB fit the 40 MB so)
./auris bundle --model "$model" --beam "$beam" --lm "$lm" --rnnlm "$rnnlm" --band-limits "$bands" --bandwidth "$bandwidth" \
  --warps "$warps" "${weights[@]}" ${HALF:+--half-precision} \
  --attach data=$corpus/summary.json "${stages[@]}" --attach test_metrics=work/test-stages.json \
  --attach heldout_metrics=work/heldout-stages.json --attach heldout_data=work/festival-test/summary.json \
  --out "$out"
du -sh "$out"
