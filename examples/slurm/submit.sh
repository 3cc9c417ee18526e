#!/bin/bash
# Submits the sweep as a job array and the merge as a job that depends on it:
#   examples/slurm/submit.sh        (from the nc-check checkout, after npm ci)
set -euo pipefail
mkdir -p results
sweep=$(sbatch --parsable examples/slurm/sweep.sbatch)
sbatch --dependency="afterok:${sweep%%;*}" examples/slurm/merge.sbatch
