//! calamine can panic on a corrupt file instead of returning an error. Such a
//! panic is caught and becomes a diagnostic; the panic hook stays silent for it.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Whether this thread is inside [`guarded`].
    static GUARDED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, which may panic on corrupt input; `None` when it panicked.
pub(crate) fn guarded<T>(f: impl FnOnce() -> T) -> Option<T> {
    install_quiet_hook();
    GUARDED.with(|g| g.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(false));
    result.ok()
}

/// Wraps the panic hook once: panics inside [`guarded`] print nothing, all
/// others go to the previous hook as before.
fn install_quiet_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_is_caught_and_the_flag_reset() {
        assert_eq!(guarded(|| 7), Some(7));
        let r: Option<()> = guarded(|| panic!("corrupt"));
        assert_eq!(r, None);
        assert!(!GUARDED.with(Cell::get));
    }
}
