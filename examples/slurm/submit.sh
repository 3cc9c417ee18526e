#!/bin/bash
# Submits the sweep as a job array and the merge as a job that starts when every
# array task has finished (requeued tasks included: a requeued task has not
# finished until its last attempt ends):
#   examples/slurm/submit.sh        (from the nc-check checkout, after npm ci)
# afterany rather than afterok: if a shard fails for good (bad usage, exit 2),
# the merge still runs and says which shard is missing instead of waiting forever.
set -euo pipefail
mkdir -p results
sweep=$(sbatch --parsable examples/slurm/sweep.sbatch)
sbatch --dependency="afterany:${sweep%%;*}" examples/slurm/merge.sbatch
