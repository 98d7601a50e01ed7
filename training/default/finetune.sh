#!/usr/bin/env bash
# Stage 2 of the default model: fine-tunes the stage-1 model (run.sh, best epoch 13) on twice the
# audio -- the 25 h corpus plus a 30 h one with the same seed, so the same held-out voice variants
# and no dev or test sentence of synth25 -- with vocal tract length perturbation (warp within 10%)
# and band limiting on a fifth of the utterances, to generalise to voices training never hears.
# Resumes when work/train-ft holds a checkpoint.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
scripts/install-system-deps
scripts/fetch-prompt-text
[ -f work/prompts.txt ] || ./auris corpus prompts --out work/prompts.txt
[ -f work/synth25/summary.json ] || ./auris corpus synth --text work/prompts.txt --out work/synth25 --hours 25 --seed 1
[ -f work/synth30/summary.json ] || ./auris corpus synth --text work/prompts.txt --out work/synth30 --hours 30 --seed 1
# one manifest over both training splits (paths relative to work/)
[ -f work/train-55h.tsv ] || for c in synth25 synth30; do sed "s|^|$c/|" work/$c/train.tsv; done > work/train-55h.tsv
run=work/train-ft
args=(train --train work/train-55h.tsv --dev work/synth25/dev.tsv --out "$run" --epochs ${EPOCHS:-5} --lr 3e-4
      --decay 0.8 --width 512 --checkpoint-minutes 10 --patience 2 --no-specaugment --warp 0.1 --band-limit 0.2)
if [ -d "$run/checkpoint" ]; then
  args+=(--resume)
else
  args+=(--init "${INIT:-work/train-default/model}")
fi
exec ./auris "${args[@]}"
