//! The recipes in deploy/ run: their commands, with the environment a scheduler gives them set
//! by hand, make the tables of one run over the corpus.

use std::path::{Path, PathBuf};
use std::process::Command;

use yaml_rust2::{Yaml, YamlLoader};

use crate::{assert_same_tables, make_corpus, repo_root, textmill};

/// A project directory as users have one: pipeline.toml naming `input`, and the whole-corpus
/// tables of a plain run to compare with, in `whole`.
fn project() -> (tempfile::TempDir, PathBuf) {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("input");
    make_corpus(&input, 40);
    std::fs::write(input.join("feed.jsonl"), "{\"id\":\"x1\",\"text\":\"Ministers met in Brussels.\"}\n{\"id\":\"x2\",\"text\":\"\"}\n").unwrap();
    std::fs::write(work.path().join("pipeline.toml"), "[input]\npaths = [\"input\"]\n\n[output]\nformat = \"both\"\n").unwrap();
    let whole = work.path().join("whole");
    textmill().current_dir(work.path()).args(["run", "-q", "--output"]).arg(&whole).assert().code(1);
    (work, whole)
}

/// A directory with `textmill` (this build) on it, to put first on PATH.
fn bin_dir(work: &Path) -> PathBuf {
    let dir = work.join("bin");
    std::fs::create_dir_all(&dir).unwrap();
    std::os::unix::fs::symlink(assert_cmd::cargo::cargo_bin("textmill"), dir.join("textmill")).unwrap();
    dir
}

fn path_with(dir: &Path) -> String {
    format!("{}:{}", dir.display(), std::env::var("PATH").unwrap_or_default())
}

/// A stand-in for `sbatch` that runs the script at once: an array task by task with the
/// variables Slurm sets (SLURM_ARRAY_TASK_ID/MIN/COUNT, SLURM_CPUS_PER_TASK), failing when a
/// task fails, as `afterok` would stop the merge. It logs each call.
const FAKE_SBATCH: &str = r#"#!/bin/bash
set -u
echo "$*" >> "$SBATCH_LOG"
array="" ; script=""
for arg in "$@"; do
  case "$arg" in
    --array=*) array="${arg#--array=}" ;;
    --*) ;;
    *) script="$arg" ;;
  esac
done
job=$((RANDOM + 1000))
if [ -n "$array" ]; then
  min="${array%-*}"; max="${array#*-}"
  for ((task = min; task <= max; task++)); do
    SLURM_ARRAY_JOB_ID=$job SLURM_ARRAY_TASK_ID=$task SLURM_ARRAY_TASK_MIN=$min SLURM_ARRAY_TASK_MAX=$max \
      SLURM_ARRAY_TASK_COUNT=$((max - min + 1)) SLURM_CPUS_PER_TASK=1 bash "$script" || exit 1
  done
else
  SLURM_JOB_ID=$job SLURM_CPUS_PER_TASK=1 bash "$script" || exit 1
fi
echo "$job"
"#;

#[test]
fn the_slurm_recipe_makes_the_tables_of_one_run() {
    let (work, whole) = project();
    let bin = bin_dir(work.path());
    std::fs::write(bin.join("sbatch"), FAKE_SBATCH).unwrap();
    std::process::Command::new("chmod").arg("+x").arg(bin.join("sbatch")).status().unwrap();
    let log = work.path().join("sbatch.log");
    let submit = |shards: &str| {
        let output = Command::new("bash")
            .arg(repo_root().join("deploy/slurm/submit.sh"))
            .arg(shards)
            .current_dir(work.path())
            .env("PATH", path_with(&bin))
            .env("SBATCH_LOG", &log)
            .output()
            .unwrap();
        assert!(output.status.success(), "submit.sh {shards}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    let said = submit("3");
    assert!(said.contains("3 tasks"), "{said}");
    let calls = std::fs::read_to_string(&log).unwrap();
    assert!(calls.lines().next().unwrap().contains("--array=0-2"), "{calls}");
    assert!(calls.lines().nth(1).unwrap().contains("--dependency=afterok:"), "{calls}");
    let merged = work.path().join("output/merged");
    assert_same_tables(&whole, &merged);
    assert!(work.path().join("output/shards/3/2/.textmill/manifest.jsonl").exists());
    // Sources change; the array and the merge run again and agree with a fresh run.
    std::fs::write(work.path().join("input/doc_00007.txt"), "Flooding closed the port of Antwerp on Tuesday.").unwrap();
    std::fs::remove_file(work.path().join("input/doc_00011.txt")).unwrap();
    submit("3");
    let fresh = work.path().join("fresh");
    textmill().current_dir(work.path()).args(["run", "-q", "--output"]).arg(&fresh).assert().code(1);
    assert_same_tables(&fresh, &merged);
    // A shard lost, submitted again on its own as docs/scaling.md says, then the merge.
    // (Regression: `sbatch --array=1` ran the whole corpus as shard 0 of 1.)
    std::fs::remove_dir_all(work.path().join("output/shards/3/1")).unwrap();
    for (options, script) in [("--array=1", "shard.sbatch"), ("", "merge.sbatch")] {
        let status = Command::new("sbatch")
            .args([options].into_iter().filter(|o| !o.is_empty()))
            .arg(repo_root().join("deploy/slurm").join(script))
            .current_dir(work.path())
            .env("PATH", path_with(&bin))
            .env("SBATCH_LOG", &log)
            .env("TEXTMILL_SHARDS", "3")
            .status()
            .unwrap();
        assert!(status.success(), "{script}");
    }
    assert!(!work.path().join("output/shards/1").exists());
    assert_same_tables(&fresh, &merged);
}

fn yaml(path: &str) -> Yaml {
    let text = std::fs::read_to_string(repo_root().join(path)).unwrap();
    YamlLoader::load_from_str(&text).unwrap().remove(0)
}

/// The container's shell script and its environment variables.
fn container(job: &Yaml) -> (String, Vec<(String, String)>) {
    let container = &job["spec"]["template"]["spec"]["containers"][0];
    assert_eq!(container["command"][0].as_str(), Some("/bin/sh"));
    let script = container["args"][0].as_str().unwrap().to_string();
    let env = container["env"].as_vec().unwrap().iter().map(|var| (var["name"].as_str().unwrap().to_string(), var["value"].as_str().unwrap().to_string())).collect();
    (script, env)
}

#[test]
fn the_kubernetes_recipe_makes_the_tables_of_one_run() {
    let (work, whole) = project();
    let bin = bin_dir(work.path());
    let (shards, merge) = (yaml("deploy/k8s/shards.yaml"), yaml("deploy/k8s/merge.yaml"));
    assert_eq!(shards["spec"]["completionMode"].as_str(), Some("Indexed"));
    let completions = shards["spec"]["completions"].as_i64().unwrap();
    let run = |script: &str, env: &[(String, String)], index: Option<i64>| {
        let mut command = Command::new("sh");
        command.arg("-c").arg(script).current_dir(work.path()).env("PATH", path_with(&bin));
        for (name, value) in env {
            // The volume is the working directory (workingDir: /data): its paths become relative.
            command.env(name, value.strip_prefix("/data/").unwrap_or(value));
        }
        if let Some(index) = index {
            command.env("JOB_COMPLETION_INDEX", index.to_string());
        }
        let output = command.output().unwrap();
        assert!(output.status.success(), "{script}: {}", String::from_utf8_lossy(&output.stderr));
    };
    let (shard_script, shard_env) = container(&shards);
    let (merge_script, merge_env) = container(&merge);
    let count = |env: &[(String, String)]| env.iter().find(|(name, _)| name == "TEXTMILL_SHARD_COUNT").map(|(_, v)| v.parse::<i64>().unwrap());
    assert_eq!(count(&shard_env), Some(completions), "TEXTMILL_SHARD_COUNT must equal completions");
    assert_eq!(count(&merge_env), Some(completions), "the merge must name the same number of shards");
    for index in 0..completions {
        run(&shard_script, &shard_env, Some(index));
    }
    run(&merge_script, &merge_env, None);
    assert_same_tables(&whole, &work.path().join("output/merged"));
}
