#if canImport(Glibc)
    import Glibc
#endif

/// Ends the thread pool that OpenBLAS starts when it is loaded, before it wastes a core.
///
/// libigraph links BLAS, and on Debian that is usually OpenBLAS with its own threads. On the
/// 2-core build machine its extra thread called `sched_yield` in a loop for the first 0.2 s
/// of every `hearsay` process (measured with `perf record`). So every agent process of
/// `hearsay run` wasted that at start-up, and `simulate --threads 2` shared its second core.
///
/// OpenBLAS calls `blas_thread_shutdown_` itself before a fork, and starts a new pool when a
/// later BLAS call needs one. The symbol is looked up at run time, so with another BLAS
/// nothing happens.
enum IdleLibraryThreads {
    /// Ends the pool if the process has loaded OpenBLAS.
    static func stop() {
        #if canImport(Glibc)
            // A null handle is glibc's RTLD_DEFAULT: search every library already loaded.
            guard let symbol = dlsym(nil, "blas_thread_shutdown_") else { return }
            let shutDown = unsafeBitCast(symbol, to: (@convention(c) () -> Int32).self)
            _ = shutDown()
        #endif
    }
}
