//! A clock that ticks while the component using it is mounted (for countdowns).

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::browser;

/// The time now (ms since the Unix epoch), updated every `period`; the loop ends on unmount.
#[hook]
pub fn use_clock(period: Duration) -> u64 {
    let now = use_state(browser::now_ms);
    {
        let now = now.clone();
        use_effect_with((), move |_| {
            let alive = Rc::new(Cell::new(true));
            let still = alive.clone();
            spawn_local(async move {
                while still.get() {
                    yew::platform::time::sleep(period).await;
                    if still.get() {
                        now.set(browser::now_ms());
                    }
                }
            });
            move || alive.set(false)
        });
    }
    *now
}
