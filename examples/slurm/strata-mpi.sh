#!/bin/bash
# One NUTS run whose chains are spread over the MPI processes of a SLURM job (one process per node here, each
# running its chains on the node's cores); rank 0 writes every chain's CSV into $OUT and prints the summary.
# Build first:  bash scripts/install-deps.sh --mpi && bash scripts/build-mpi.sh
# Submit:       MODEL=model.stan DATA=data.json sbatch --nodes=4 examples/slurm/strata-mpi.sh --chains 16 --samples 1000
# Locally:      MODEL=... DATA=... SLURM_NTASKS=2 bash examples/slurm/strata-mpi.sh --chains 4
#SBATCH --job-name=strata-mpi
#SBATCH --ntasks-per-node=1
#SBATCH --cpus-per-task=4
#SBATCH --time=04:00:00
#SBATCH --output=strata-mpi-%j.log
set -euo pipefail

STRATA_MPI=${STRATA_MPI:-strata-mpi}
MODEL=${MODEL:?set MODEL to a .stan file or builtin:NAME}
DATA=${DATA:?set DATA to the CmdStan JSON data file}
SEED=${SEED:-1}
OUT=${OUT:-run}
RANKS=${SLURM_NTASKS:-2}

# mpirun reads the node list from SLURM (srun --mpi=pmix works too where the cluster supports it). Exit codes are
# those of `strata sample`; every rank exits when one fails, so a bad option never leaves the job hanging.
# --oversubscribe lets a local test start more processes than cores.
exec mpirun --oversubscribe -n "$RANKS" "$STRATA_MPI" sample "$MODEL" --data "$DATA" --seed "$SEED" \
    --threads "${SLURM_CPUS_PER_TASK:-2}" --output "$OUT" "$@"
