#!/usr/bin/env bash
# Trains (or resumes) the default acoustic model. Everything generated goes to work/ (never
# committed) and is rebuilt here when missing; the checkpoint to resume from is committed beside
# this script so a fresh machine carries on where the last session stopped.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
scripts/install-system-deps
scripts/fetch-prompt-text
[ -f work/prompts.txt ] || ./auris corpus prompts --out work/prompts.txt
[ -f work/synth25/summary.json ] || ./auris corpus synth --text work/prompts.txt --out work/synth25 --hours 25 --seed 1
run=work/train-default
if [ ! -d "$run/checkpoint" ] && [ -d training/default/checkpoint ]; then
  mkdir -p "$run" && cp -r training/default/checkpoint "$run/checkpoint"
  [ -f training/default/train-log.jsonl ] && cp training/default/train-log.jsonl "$run/"
fi
# epochs 1-5 ran with SpecAugment at lr 5e-4, epoch 6 at lr 1e-3; from epoch 7 on without SpecAugment (the
# model underfitted) at lr 6e-4, decaying 0.9 per epoch
args=(train --train work/synth25/train.tsv --dev work/synth25/dev.tsv --out "$run" --epochs 20 --lr 6e-4
      --width 512 --checkpoint-minutes 10 --patience 3 --no-specaugment)
[ -d "$run/checkpoint" ] && args+=(--resume)
exec ./auris "${args[@]}"
