//! Keeping the process's memory low and flat with glibc's allocator (no-ops elsewhere).
//!
//! glibc gives each thread that allocates its own arena (up to 8 per core), and pages freed
//! inside an arena stay with the process. A run interleaves short-lived per-document buffers
//! with long-lived state, so without these two calls its resident memory creeps up with the
//! corpus even though the live heap does not.

/// Two arenas for the whole process. Call before any other thread starts.
pub fn limit_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
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
