//! Keeping the process's memory low and flat with glibc's allocator (no-ops elsewhere).
//!
//! glibc gives each thread that allocates its own arena (up to 8 per core), and pages freed
//! inside an arena stay with the process. A run interleaves short-lived per-document buffers
//! with long-lived state, so without these two calls its resident memory creeps up with the
//! corpus even though the live heap does not.
//!
//! glibc also raises its mmap threshold (up to 32 MB) each time a large block is freed, after
//! which batch-sized buffers (document texts, table columns, encoded pages) come from the arenas
//! and leave holes there. A fixed threshold keeps them in mappings of their own, returned whole
//! when freed: 20 M words peaked at 136 MB with the moving threshold and 124 MB with 512 KiB,
//! at the same speed (256 KiB saved 1 MB more but cost about 5% of the speed).

/// Blocks from this size up get a mapping of their own (see the module comment).
const MMAP_THRESHOLD_BYTES: i32 = 512 * 1024;

/// Two arenas for the whole process and a fixed mmap threshold. Call before any other thread
/// starts.
pub fn limit_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES);
    }
}

/// Give free pages inside the arenas back to the system (called between batches).
pub fn release_free_pages() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases memory the allocator holds free.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The allocator's view, for `TEXTMILL_TRACE`: bytes in use, free inside the arenas (held by
/// the process, the cost of fragmentation) and in mappings of their own, in MB.
pub fn allocator_summary() -> Option<String> {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallinfo2 only reads the allocator's counters.
        let info = unsafe { libc::mallinfo2() };
        let mb = |bytes: usize| bytes as f64 / 1_048_576.0;
        return Some(format!("heap in use {:.1} MB, free in arenas {:.1} MB, mapped {:.1} MB", mb(info.uordblks), mb(info.fordblks), mb(info.hblkhd)));
    }
    #[allow(unreachable_code)]
    None
}
