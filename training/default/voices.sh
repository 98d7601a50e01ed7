#!/usr/bin/env bash
# Stage 3 of the default model: fine-tunes the shipped model (stage 2) on the 25 h corpus plus a 26 h
# one in which most espeak-ng utterances speak with 300 variants made up at random (formants, pitch,
# voicing, breath, Klatt: `corpus synth --generated-voices`), against overfitting the ~60 stock training
# variants. Same seed, so the same held-out voice variants, and 26 h > 25 h keeps synth25's dev and
# test sentences out of its training split. Resumes when work/train-voices holds a checkpoint.
# AURIS names the command to run (default ./auris); a long run can use a frozen copy of the CLI jar,
# e.g. AURIS="java -Xmx8g -Dauris.home=$PWD -jar work/auris-train/auris-cli.jar", while the sources change.
# Stage 4, the model shipped since session 9, is the same fine-tune with dropout on the dense layers,
# five epochs, in its own run (features from the stage-3 run's cache):
#   RUN=work/train-drop DROPOUT=0.15 EPOCHS=5 INIT=<models/default of commit 792b91b> training/default/voices.sh
# Stage 5, shipped since session 11 (its epoch 4): the stage-4 network (epoch 9, work/train-drop-e9-model)
# widened to 768 units (train --init widens it):
#   RUN=work/train-w768 WIDTH=768 LR=1.5e-4 DECAY=0.85 DROPOUT=0.15 EPOCHS=6 INIT=<stage 4 epoch 9> training/default/voices.sh
# Since session 12 models/default is the mean of that run's epochs 4 and 6 (./auris average). Snapshots to
# average (train keeps every epoch's model in RUN/epochs since session 12), at a constant rate from it:
#   RUN=work/train-swa WIDTH=768 LR=6e-5 DECAY=1 DROPOUT=0.15 EPOCHS=4 PATIENCE=4 INIT=models/default training/default/voices.sh
#   then ./auris average --out work/avg-swa models/default work/train-swa/epochs/epoch-{1,2,3,4} (and bundle.sh)
# Session 13: the same with 300 more made-up voices (voice seed 2), its epochs to average with models/default:
#   RUN=work/train-v2 VOICE_SEEDS=2 WIDTH=768 LR=8e-5 DECAY=0.85 DROPOUT=0.15 EPOCHS=3 PATIENCE=3 INIT=models/default training/default/voices.sh
# Session 14 ships the mean of that run's epochs 2 and 3, and goes on from it with voice seeds 2, 3 and 4 (98.7 h of training audio):
#   RUN=work/train-v234 VOICE_SEEDS="2 3 4" WIDTH=768 LR=6e-5 DECAY=0.85 DROPOUT=0.15 EPOCHS=3 PATIENCE=3 INIT=models/default training/default/voices.sh
# Session 15 ships the mean of session 14's model and that run's epoch 2. INIT above means session 14's models/default:
#   on a fresh machine, git worktree add work/s14 95b97cd and INIT=work/s14/models/default (the same weights as work/avg-e2-e3)
# Session 16 ships the mean of session 15's model and that run's epoch 3, and fine-tunes it on voice seeds 5, 6 and 7:
#   RUN=work/train-v567 VOICE_SEEDS="5 6 7" WIDTH=768 LR=6e-5 DECAY=0.85 DROPOUT=0.15 EPOCHS=3 PATIENCE=3 INIT=models/default training/default/voices.sh
#   (INIT is session 16's models/default, the same weights as work/avg-s16-a, which sessions 17 and 18 still ship).
#   Epoch 2 (session 18): greedy dev CER 16.02%; its mean with avg-s16-a 15.90% (shipped 16.13%), but that mean reads
#   the fox sample as "face" at its dev-tuned weights and ties the shipped network on dev with the decoder: not shipped
# Session 19 fine-tunes the shipped model (session 16's weights) on voice seeds 8, 9 and 10:
#   RUN=work/train-v8910 VOICE_SEEDS="8 9 10" WIDTH=768 LR=6e-5 DECAY=0.85 DROPOUT=0.15 EPOCHS=3 PATIENCE=3 INIT=models/default training/default/voices.sh
#   Session 21 averaged the models of its epochs 2 and 3 along the way (copies of the 10-minute checkpoints); with
#   SNAPSHOT_EVERY=730 the run keeps such points itself, in RUN/snapshots (train --snapshot-every)
# Session 22 ships the mean of 14 such points (work/swa14-s22) and fine-tunes it on 900 WIDE made-up voices
# (corpus synth --variant-spread WIDE, in work/synthgen-w14..16); session 23 ships the mean of its first 11 points:
#   RUN=work/train-w141516 SPREAD=WIDE VOICE_SEEDS="14 15 16" WIDTH=768 LR=6e-5 DECAY=0.85 DROPOUT=0.15 EPOCHS=3 PATIENCE=3 SNAPSHOT_EVERY=730 INIT=work/swa14-s22 training/default/voices.sh
# Session 24 goes on from that run's epoch 3 with a wider VTLP warp (0.2), for flite's held-out rms:
#   RUN=work/train-warp20 SPREAD=WIDE VOICE_SEEDS="14 15 16" WIDTH=768 LR=6e-5 DECAY=0.85 DROPOUT=0.15 EPOCHS=3 PATIENCE=3 SNAPSHOT_EVERY=730 WARP=0.2 INIT=work/train-w141516/epochs/epoch-3 training/default/voices.sh
#   (on a fresh machine, INIT=models/default: epoch 3 is not committed; its figures are in training/default/README.md).
#   Session 25 ships the mean of its epoch-1 points (work/warp8-s25), so on a fresh machine INIT=models/default
#   starts this run again from that mean.
# Session 26 (a fresh machine: the warp-0.2 run's epochs 2-3 were lost) goes on from models/default with a warp of
# 0.3, the widest FeatureAugmentation allows; the same command resumes it from its checkpoint:
#   RUN=work/train-warp30 SPREAD=WIDE VOICE_SEEDS="14 15 16" WIDTH=768 LR=6e-5 DECAY=0.85 DROPOUT=0.15 EPOCHS=3 PATIENCE=3 SNAPSHOT_EVERY=730 WARP=0.3 INIT=models/default training/default/voices.sh
#   Session 27 judged its epoch 1 (the mean of 7 points: dev 15.94% against 16.02%, p 0.68; festival level) and
#   stopped it: not worth starting again.
# Session 28 fine-tunes the shipped network with half the utterances given a random smooth gain over the bands
# (train --equalise), the warp-0.3 run's settings otherwise at warp 0.2; the same command resumes it:
#   RUN=work/train-eq50 SPREAD=WIDE VOICE_SEEDS="14 15 16" WIDTH=768 LR=6e-5 DECAY=0.85 DROPOUT=0.15 EPOCHS=3 PATIENCE=3 SNAPSHOT_EVERY=730 WARP=0.2 EQUALISE=0.5 INIT=models/default training/default/voices.sh
#   Session 29 judged its epoch-1 means level on dev (15.97%, p 0.46); the run was lost with session 28's machine and
#   is not worth starting again (training/default/README.md, sessions 29-30).
# Session 31 (training/default/README.md) judged two fine-tunes of the shipped network level on dev, both run with
# ./auris train directly (--width 768 --lr 6e-5 --decay 0.85 --no-specaugment --warp 0.2 --band-limit 0.2 --dropout 0.15
# --init models/default): on synth25's quiet, dry training utterances alone (--epochs 3 --warmup 100 --snapshot-every 72),
# and on a corpus of training sentences no corpus above speaks (--epochs 3 --warmup 200 --snapshot-every 194), made by
#   ./auris corpus synth --text work/prompts.txt --out work/synthgen-n40 --hours 26 --seed 1 --generated-voices 300 \
#     --voice-seed 40 --variant-spread WIDE --sentence-offset 16000
# Session 32 fine-tuned the shipped network on sentences of the LM's other texts (corpus synth --text
# work/prompts-lmtext.txt --voice-seed 41, training/default/README.md) with synthgen-n40, 2 epochs at --lr 1e-4
# --warmup 200 --snapshot-every 400, the flags above otherwise; level on dev alone, and shipped inside the mean of four
# such fine-tunes (./auris average --out work/soup4 work/c1-snap work/n1-e23 work/cap-768/model work/lt1-e2only).
# Going on from the shipped 768-wide model on a fresh machine (fresh Adam moments, a lower rate):
#   RUN=work/train-w768b WIDTH=768 LR=8e-5 DECAY=0.85 DROPOUT=0.15 EPOCHS=4 INIT=models/default training/default/voices.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
scripts/install-system-deps
scripts/fetch-prompt-text
auris=(${AURIS:-./auris})
[ -f work/prompts.txt ] || "${auris[@]}" corpus prompts --out work/prompts.txt
[ -f work/synth25/summary.json ] || "${auris[@]}" corpus synth --text work/prompts.txt --out work/synth25 --hours 25 --seed 1
[ -f work/synthgen/summary.json ] || "${auris[@]}" corpus synth --text work/prompts.txt --out work/synthgen --hours 26 --seed 1 \
  --generated-voices 300
# one manifest over both training splits (paths relative to work/)
[ -f work/train-voices.tsv ] || for c in synth25 synthgen; do sed "s|^|$c/|" work/$c/train.tsv; done > work/train-voices.tsv
train=work/train-voices.tsv
# VOICE_SEEDS="2 3": the same 26 h corpus spoken again by 300 other made-up voices per seed (corpus synth
# --voice-seed; same sentences, same held-out dev and test voices), added to the training manifest
# WARP=0.2: a wider VTLP warp than the default 0.1 (session 23's diagnosis: flite's held-out rms is heard better
# with its spectrum scaled up; training/default/README.md)
# SPREAD=WIDE: made-up variants that also reach the stock files' tails (corpus synth --variant-spread WIDE),
# in work/synthgen-wN instead of work/synthgen-vN
if [ -n "${VOICE_SEEDS:-}" ]; then
  spread=${SPREAD:-NARROW}
  tag=$([ "$spread" = WIDE ] && echo w || echo v)
  train=work/train-voices-$tag${VOICE_SEEDS// /-}.tsv
  corpora=(synth25 synthgen)
  for v in $VOICE_SEEDS; do
    [ -f work/synthgen-$tag$v/summary.json ] || "${auris[@]}" corpus synth --text work/prompts.txt --out work/synthgen-$tag$v \
      --hours 26 --seed 1 --generated-voices 300 --voice-seed $v --variant-spread $spread
    corpora+=(synthgen-$tag$v)
  done
  [ -f "$train" ] || for c in "${corpora[@]}"; do sed "s|^|$c/|" work/$c/train.tsv; done > "$train"
fi
run=${RUN:-work/train-voices}
args=(train --train "$train" --dev work/synth25/dev.tsv --out "$run" --epochs ${EPOCHS:-4} --lr ${LR:-3e-4}
      --decay ${DECAY:-0.8} --width ${WIDTH:-512} --checkpoint-minutes 10 --patience ${PATIENCE:-2} --no-specaugment --warp ${WARP:-0.1} --band-limit ${BAND_LIMIT:-0.2}
      ${EQUALISE:+--equalise $EQUALISE}
      --cache work/train-voices/cache ${DROPOUT:+--dropout $DROPOUT} ${SNAPSHOT_EVERY:+--snapshot-every $SNAPSHOT_EVERY})
if [ -d "$run/checkpoint" ]; then
  args+=(--resume)
else
  args+=(--init "${INIT:-models/default}")
fi
exec "${auris[@]}" "${args[@]}"
