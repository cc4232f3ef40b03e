//! The allocator's controls and counters. The binary (src/main.rs) makes jemalloc the global
//! allocator with the settings below; the library only asks it to purge and reads its state.
//!
//! A run interleaves short-lived per-document and per-batch buffers (texts, tokens, table
//! columns, encoded pages) with long-lived state (model weights, caches). With glibc's malloc
//! the freed pages stayed inside its arenas, fragmented, and peak RSS crept up with the corpus
//! (+7 MB from 2 M to 20 M words, even with two arenas, a fixed mmap threshold and a trim after
//! every batch). jemalloc keeps size classes apart, so fragmentation stays low, and returns
//! freed pages to the system after `dirty_decay_ms`; the README has the figures.
//!
//! `dirty_decay_ms:0` (return every page at once) was flatter still but cost 10x the page
//! faults and about 7% of the speed; 50 ms cost nothing measurable. `muzzy_decay_ms:0` because
//! pages merely marked free (MADV_FREE) still count as resident until the kernel needs them.
//! `_RJEM_MALLOC_CONF` in the environment overrides these settings (for experiments).

/// jemalloc's options as the binary compiles them in (see the module comment).
pub const JEMALLOC_SETTINGS: &std::ffi::CStr = c"narenas:2,dirty_decay_ms:50,muzzy_decay_ms:0";

/// Give the pages freed by a batch back to the system now rather than at the next decay tick
/// (called between batches). Does nothing if jemalloc is not the allocator.
pub fn release_free_pages() {
    #[cfg(not(target_env = "msvc"))]
    // SAFETY: a void mallctl with no arguments; MALLCTL_ARENAS_ALL (4096) names every arena.
    unsafe {
        tikv_jemalloc_sys::mallctl(c"arena.4096.purge".as_ptr(), std::ptr::null_mut(), std::ptr::null_mut(), std::ptr::null_mut(), 0);
    }
}

/// The options jemalloc runs with, for `TEXTMILL_TRACE` (so a build that lost them shows).
pub fn allocator_settings() -> Option<String> {
    #[cfg(not(target_env = "msvc"))]
    {
        use tikv_jemalloc_ctl::raw::read;
        // SAFETY: reading options of their documented types (unsigned, ssize_t, ssize_t).
        let (narenas, dirty, muzzy) = unsafe { (read::<u32>(b"opt.narenas\0").ok()?, read::<isize>(b"opt.dirty_decay_ms\0").ok()?, read::<isize>(b"opt.muzzy_decay_ms\0").ok()?) };
        return Some(format!("jemalloc narenas:{narenas},dirty_decay_ms:{dirty},muzzy_decay_ms:{muzzy}"));
    }
    #[allow(unreachable_code)]
    None
}

/// The allocator's view, for `TEXTMILL_TRACE`: bytes the program holds, in pages in use, and
/// resident, in MB.
pub fn allocator_summary() -> Option<String> {
    #[cfg(not(target_env = "msvc"))]
    {
        use tikv_jemalloc_ctl::{epoch, stats};
        // The counters are snapshots refreshed by advancing the epoch.
        epoch::advance().ok()?;
        let mb = |bytes: usize| bytes as f64 / 1_048_576.0;
        return Some(format!(
            "allocated {:.1} MB, active pages {:.1} MB, resident {:.1} MB",
            mb(stats::allocated::read().ok()?),
            mb(stats::active::read().ok()?),
            mb(stats::resident::read().ok()?)
        ));
    }
    #[allow(unreachable_code)]
    None
}
