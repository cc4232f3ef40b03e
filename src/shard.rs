//! Shards: `textmill run --shard I/N` processes the documents whose id hashes to I modulo N, so
//! that N processes (a Slurm job array, a Kubernetes Indexed Job) share a corpus without talking
//! to each other; `textmill merge` then combines their outputs. A document's shard depends on its
//! id alone: adding documents never moves the others.

use std::fmt;

/// Shard `index` of `count` (0-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// `"I/N"`, with 0 ≤ I < N.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let expected = || format!("`{text}` is not a shard: expected I/N with 0 <= I < N <= {MAX_SHARDS} (such as 0/4)");
        let (index, count) = text.trim().split_once('/').ok_or_else(expected)?;
        let (index, count) = (index.trim().parse::<u32>().map_err(|_| expected())?, count.trim().parse::<u32>().map_err(|_| expected())?);
        Shard::new(index, count).ok_or_else(expected)
    }

    pub fn new(index: u32, count: u32) -> Option<Shard> {
        (count > 0 && count <= MAX_SHARDS && index < count).then_some(Shard { index, count })
    }

    /// The shard a scheduler gives this process: a Slurm job array (`SLURM_ARRAY_TASK_ID`, less
    /// `SLURM_ARRAY_TASK_MIN`, of `SLURM_ARRAY_TASK_COUNT`; with a `count` of other size than
    /// the array, the task id itself: tasks submitted again) or a Kubernetes Indexed Job
    /// (`JOB_COMPLETION_INDEX`, of `count`, which the job passes from its `completions`).
    pub fn from_env(count: Option<u32>, var: impl Fn(&str) -> Option<String>) -> Result<Shard, String> {
        let number = |name: &str| -> Result<Option<u32>, String> {
            var(name).map(|value| value.trim().parse::<u32>().map_err(|_| format!("{name}={value} is not a whole number"))).transpose()
        };
        let (index, count) = if let Some(task) = number("SLURM_ARRAY_TASK_ID")? {
            // An array with a step (--array=0-30:3) numbers its tasks sparsely: not shards.
            if let Some(step) = number("SLURM_ARRAY_TASK_STEP")?.filter(|&step| step > 1) {
                return Err(format!("the job array has a step of {step} (SLURM_ARRAY_TASK_STEP): submit shards as --array=0-<N-1>"));
            }
            let min = number("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
            let tasks = number("SLURM_ARRAY_TASK_COUNT")?;
            // Fewer tasks than their numbers span (`sbatch --array=3,5`): shards submitted again.
            let max = number("SLURM_ARRAY_TASK_MAX")?;
            let sparse = matches!((max, tasks), (Some(max), Some(tasks)) if max.checked_sub(min).map(|span| span + 1) != Some(tasks));
            match (count, tasks) {
                // An array of other size than the shards: some tasks submitted again
                // (`sbatch --array=3` redoes shard 3), the task id is the shard.
                (Some(count), tasks) if tasks != Some(count) => (task, count),
                // A one-task array is a retry too; without the count its shard is unknown
                // (shard 0 of 1 would be the whole corpus).
                (None, Some(tasks)) if sparse => {
                    let max = max.unwrap_or(min);
                    return Err(format!(
                        "a job array of {tasks} tasks numbered {min} to {max} (SLURM_ARRAY_TASK_COUNT, _MIN, _MAX): shards submitted again; to redo shard {task} of N, give --shard-count N"
                    ));
                }
                (None, Some(1)) if task > 0 => {
                    return Err(format!(
                        "a job array of one task (SLURM_ARRAY_TASK_ID={task}, SLURM_ARRAY_TASK_COUNT=1): to redo shard {task} of N, give --shard-count N"
                    ))
                }
                (count, tasks) => {
                    let count = count.or(tasks).ok_or("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not; give --shard-count N")?;
                    (task.checked_sub(min).ok_or(format!("SLURM_ARRAY_TASK_ID={task} is below SLURM_ARRAY_TASK_MIN={min}"))?, count)
                }
            }
        } else if let Some(index) = number("JOB_COMPLETION_INDEX")? {
            let count = match count {
                Some(count) => count,
                None => number("TEXTMILL_SHARD_COUNT")?.ok_or("JOB_COMPLETION_INDEX is set but the number of shards is not: give --shard-count N or TEXTMILL_SHARD_COUNT")?,
            };
            (index, count)
        } else {
            return Err("--shard-from-env: neither SLURM_ARRAY_TASK_ID (Slurm job array) nor JOB_COMPLETION_INDEX (Kubernetes Indexed Job) is set".into());
        };
        Shard::new(index, count).ok_or_else(|| format!("the scheduler's task {index} is not below the number of shards {count} (at most {MAX_SHARDS})"))
    }

    /// Whether the document `doc_id` belongs to this shard. Bytes 8..16 of its blake3 hash:
    /// the first 8 already place dataset parts' boundaries, and a shard must not hold only
    /// the documents that end parts.
    pub fn holds(&self, doc_id: &str) -> bool {
        let hash = blake3::hash(doc_id.as_bytes());
        let value = u64::from_le_bytes(hash.as_bytes()[8..16].try_into().expect("8 bytes"));
        value % u64::from(self.count) == u64::from(self.index)
    }
}

/// More shards than any cluster runs tasks: a mistyped number (a merge keeps one slot per shard).
pub const MAX_SHARDS: u32 = 100_000;

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
    }

    #[test]
    fn parses_i_of_n() {
        assert_eq!(Shard::parse("2/7"), Ok(Shard { index: 2, count: 7 }));
        for bad in ["7/7", "1/0", "x/3", "3", "-1/4", "", "0/4294967295"] {
            assert!(Shard::parse(bad).unwrap_err().contains("expected I/N"), "{bad}");
        }
    }

    #[test]
    fn every_document_is_in_exactly_one_shard_and_shards_are_even() {
        for count in [1, 2, 3, 7] {
            let mut sizes = vec![0u32; count as usize];
            for i in 0..7_000 {
                let id = format!("news/{i}.txt");
                let holders: Vec<u32> = (0..count).filter(|&index| Shard { index, count }.holds(&id)).collect();
                assert_eq!(holders.len(), 1, "{id} in shards {holders:?} of {count}");
                sizes[holders[0] as usize] += 1;
            }
            let expected = 7_000 / count;
            assert!(sizes.iter().all(|&n| n.abs_diff(expected) < expected / 5 + 10), "{count} shards: {sizes:?}");
        }
    }

    #[test]
    fn schedulers_environment() {
        let slurm = [("SLURM_ARRAY_TASK_ID", "5"), ("SLURM_ARRAY_TASK_MIN", "1"), ("SLURM_ARRAY_TASK_COUNT", "8")];
        assert_eq!(Shard::from_env(None, env(&slurm)), Ok(Shard { index: 4, count: 8 }));
        // Regression (a hunt): `sbatch --array=3,5` without the count ran task 3 as shard 0 of 2.
        let retry = [("SLURM_ARRAY_TASK_ID", "3"), ("SLURM_ARRAY_TASK_MIN", "3"), ("SLURM_ARRAY_TASK_MAX", "5"), ("SLURM_ARRAY_TASK_COUNT", "2")];
        assert!(Shard::from_env(None, env(&retry)).is_err_and(|message| message.contains("--shard-count N")));
        assert_eq!(Shard::from_env(Some(8), env(&retry)), Ok(Shard { index: 3, count: 8 }));
        let whole = [("SLURM_ARRAY_TASK_ID", "5"), ("SLURM_ARRAY_TASK_MIN", "1"), ("SLURM_ARRAY_TASK_MAX", "8"), ("SLURM_ARRAY_TASK_COUNT", "8")];
        assert_eq!(Shard::from_env(None, env(&whole)), Ok(Shard { index: 4, count: 8 }));
        let slurm_from_zero = [("SLURM_ARRAY_TASK_ID", "0"), ("SLURM_ARRAY_TASK_COUNT", "3")];
        assert_eq!(Shard::from_env(None, env(&slurm_from_zero)), Ok(Shard { index: 0, count: 3 }));
        let k8s = [("JOB_COMPLETION_INDEX", "6")];
        assert_eq!(Shard::from_env(Some(7), env(&k8s)), Ok(Shard { index: 6, count: 7 }));
        assert!(Shard::from_env(None, env(&k8s)).unwrap_err().contains("--shard-count"));
        let k8s_count = [("JOB_COMPLETION_INDEX", "1"), ("TEXTMILL_SHARD_COUNT", "2")];
        assert_eq!(Shard::from_env(None, env(&k8s_count)), Ok(Shard { index: 1, count: 2 }));
        assert!(Shard::from_env(Some(3), env(&[("JOB_COMPLETION_INDEX", "3")])).unwrap_err().contains("not below"));
        assert!(Shard::from_env(None, env(&[])).unwrap_err().contains("neither"));
        // (Regression: `sbatch --array=3`, the way to redo task 3, ran shard 0 of 1, the whole
        // corpus; with --shard-count 8 it ran shard 0 of 8.)
        let retry = [("SLURM_ARRAY_TASK_ID", "3"), ("SLURM_ARRAY_TASK_MIN", "3"), ("SLURM_ARRAY_TASK_COUNT", "1")];
        assert_eq!(Shard::from_env(Some(8), env(&retry)), Ok(Shard { index: 3, count: 8 }));
        assert!(Shard::from_env(None, env(&retry)).unwrap_err().contains("--shard-count N"));
        let some_again = [("SLURM_ARRAY_TASK_ID", "5"), ("SLURM_ARRAY_TASK_MIN", "4"), ("SLURM_ARRAY_TASK_COUNT", "3")];
        assert_eq!(Shard::from_env(Some(8), env(&some_again)), Ok(Shard { index: 5, count: 8 }));
        assert_eq!(Shard::from_env(Some(8), env(&slurm)), Ok(Shard { index: 4, count: 8 }));
        let stepped = [("SLURM_ARRAY_TASK_ID", "3"), ("SLURM_ARRAY_TASK_STEP", "3"), ("SLURM_ARRAY_TASK_COUNT", "4")];
        assert!(Shard::from_env(None, env(&stepped)).unwrap_err().contains("step of 3"));
        assert!(Shard::from_env(None, env(&[("SLURM_ARRAY_TASK_ID", "x")])).unwrap_err().contains("not a whole number"));
    }
}
