#!/bin/bash
# Submit a textmill run over N shards: a job array of N tasks, then a merge job that starts when
# every task has succeeded. Usage: deploy/slurm/submit.sh N [extra sbatch options...]
# Run it from the directory that holds pipeline.toml (or set TEXTMILL_CONFIG); see docs/scaling.md
# for choosing N.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
shards="${1:?usage: submit.sh N [sbatch options...] (N = number of shards)}"
shift
export TEXTMILL_SHARDS="$shards"
array=$(sbatch --parsable --array="0-$((shards - 1))" "$@" "$here/shard.sbatch")
array="${array%%;*}" # --parsable prints "jobid[;cluster]"
merge=$(sbatch --parsable --dependency="afterok:$array" "$@" "$here/merge.sbatch")
echo "submitted shards as job $array (${shards} tasks) and the merge as job ${merge%%;*}"
