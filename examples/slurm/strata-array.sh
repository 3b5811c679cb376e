#!/bin/bash
# A SLURM job array that splits one NUTS run over array tasks: task t runs chains t*K+1 .. t*K+K with the
# random streams they have in one big run, checkpoints before the time limit and is requeued to resume.
# Submit:   MODEL=model.stan DATA=data.json sbatch --array=0-15 examples/slurm/strata-array.sh --warmup 1000 --samples 1000
# Merge:    strata summary runs/chains_*      (checks program, data and settings; R-hat/ESS over all chains)
# Locally:  SLURM_ARRAY_TASK_ID=0 MODEL=... DATA=... bash examples/slurm/strata-array.sh --warmup 200
#SBATCH --job-name=strata-chains
#SBATCH --cpus-per-task=4
#SBATCH --time=04:00:00
#SBATCH --signal=B:USR1@120
#SBATCH --requeue
#SBATCH --open-mode=append
#SBATCH --output=strata-%A_%a.log
set -uo pipefail

STRATA=${STRATA:-strata}
MODEL=${MODEL:?set MODEL to a .stan file or builtin:NAME}
DATA=${DATA:?set DATA to the CmdStan JSON data file}
CHAINS_PER_TASK=${CHAINS_PER_TASK:-4}
SEED=${SEED:-1}
OUT=${OUT:-runs}
TASK=${SLURM_ARRAY_TASK_ID:?not an array task: set SLURM_ARRAY_TASK_ID}

first=$(( TASK * CHAINS_PER_TASK + 1 ))
last=$(( first + CHAINS_PER_TASK - 1 ))
dir="$OUT/chains_${first}-${last}"
checkpoint="$OUT/chains_${first}-${last}.ckpt"
mkdir -p "$OUT"

# Finished earlier (e.g. the job was requeued after this task completed): nothing to do.
if [ ! -f "$checkpoint" ] && ls "$dir"/*_"$first".csv >/dev/null 2>&1; then
    echo "chains $first-$last already finished in $dir"
    exit 0
fi
resume=()
if [ -f "$checkpoint" ]; then resume=(--resume "$checkpoint"); fi

"$STRATA" sample "$MODEL" --data "$DATA" --seed "$SEED" --chain-ids "$first-$last" \
    --threads "${SLURM_CPUS_PER_TASK:-$CHAINS_PER_TASK}" --output "$dir" \
    --checkpoint "$checkpoint" --checkpoint-every "${CHECKPOINT_EVERY:-600}" --progress json "${resume[@]}" "$@" &
pid=$!
# SLURM signals the batch shell (B:USR1 above, SIGTERM at the limit): pass it on so strata checkpoints.
trap 'kill -USR1 "$pid" 2>/dev/null' USR1
trap 'kill -TERM "$pid" 2>/dev/null' TERM
status=0
while true; do
    wait "$pid"; status=$?
    # wait returns early (status > 128) when a trapped signal arrives; keep waiting while strata runs.
    if kill -0 "$pid" 2>/dev/null; then continue; fi
    break
done

if [ "$status" -eq 85 ]; then
    echo "chains $first-$last checkpointed to $checkpoint"
    if [ -n "${SLURM_JOB_ID:-}" ] && command -v scontrol >/dev/null; then
        scontrol requeue "${SLURM_ARRAY_JOB_ID:-$SLURM_JOB_ID}_${TASK}"
    fi
    exit 0
fi
exit "$status"
