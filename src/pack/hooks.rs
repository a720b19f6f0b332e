//! Fault injection for the tests that kill a run at each step of putting its
//! pack in place. Only in a build with the `test-hooks` feature (`make test`
//! enables it); in any other build these are empty and read no environment.

/// The environment variable that makes a run die at one step of putting its pack
/// in place (`swap:aside`, `swap:place`, `swap:delete`, `swap:deleting`,
/// `recover`), as a kill at that moment would.
#[cfg(feature = "test-hooks")]
pub const CRASH_AT: &str = "JIXIAO_TEST_CRASH_AT";

/// The environment variable that makes a run stop right before its swap: the
/// run writes the named marker file and waits (at most a minute) to be killed.
#[cfg(feature = "test-hooks")]
pub const PAUSE_BEFORE_SWAP: &str = "JIXIAO_TEST_PAUSE_BEFORE_SWAP";

/// Dies here when [`CRASH_AT`] names this step.
#[cfg(feature = "test-hooks")]
pub fn crash_point(step: &str) {
    if std::env::var_os(CRASH_AT).is_some_and(|s| s == step) {
        std::process::abort();
    }
}

/// Nothing: a build without the test hooks never dies on purpose.
#[cfg(not(feature = "test-hooks"))]
#[inline(always)]
pub fn crash_point(_step: &str) {}

/// Waits to be killed when [`PAUSE_BEFORE_SWAP`] names a marker file.
#[cfg(feature = "test-hooks")]
pub fn pause_before_swap() {
    let Some(marker) = std::env::var_os(PAUSE_BEFORE_SWAP) else {
        return;
    };
    if std::fs::write(&marker, b"staged").is_ok() {
        std::thread::sleep(std::time::Duration::from_secs(60));
    }
}

/// Nothing: a build without the test hooks never pauses.
#[cfg(not(feature = "test-hooks"))]
#[inline(always)]
pub fn pause_before_swap() {}
