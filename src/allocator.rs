//! How the process's memory allocator is set up for candle.
//!
//! candle allocates a fresh buffer for every tensor operation, and training runs hundreds of
//! thousands of them. With glibc's defaults, each buffer above 128 KiB is mapped on `malloc`
//! and unmapped on `free`, so the kernel maps and zeroes those pages again and again: a
//! training step spent about as long in the kernel as in the model. [`keep_freed_memory`]
//! serves large buffers from the heap and stops glibc from handing freed memory back. On
//! `cargo bench --bench train_throughput` an epoch then takes 58–64 s instead of 92–93 s
//! (kernel time 22–26 s instead of 72 s) for 10 % more peak memory, and the weights trained
//! are bit for bit the same. Tagging gains nothing that stands out of the machine's noise
//! and peaks 250 MB higher, so only `train` calls it (README, "Speed").

/// Tells glibc to keep freed memory in the process; returns whether it accepted.
///
/// Call it before any thread starts (`main` does, for `train`). Other platforms' allocators
/// are left as they are (and this returns `false`).
pub fn keep_freed_memory() -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallopt only changes the allocator's parameters; the caller runs it before
        // other threads allocate.
        unsafe {
            // No mapped chunks: large buffers come from the heap and are reused.
            let heap_only = libc::mallopt(libc::M_MMAP_MAX, 0) == 1;
            // Never trim the heap's top back to the kernel.
            let no_trim = libc::mallopt(libc::M_TRIM_THRESHOLD, i32::MAX) == 1;
            heap_only && no_trim
        }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[test]
    fn glibc_accepts_the_settings_and_large_buffers_still_work() {
        assert!(keep_freed_memory());
        // A buffer far above the default mapping threshold, written, freed and taken again.
        for round in 0..3u8 {
            let mut buf = vec![round; 64 << 20];
            buf[(64 << 20) - 1] = round.wrapping_add(1);
            assert_eq!(buf[0], round);
            assert_eq!(buf[(64 << 20) - 1], round.wrapping_add(1));
        }
    }
}
