//! A clock that ticks while it is needed (for countdowns).

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::browser;

/// The time now (ms since the Unix epoch), updated every `period` while `running`; the loop ends
/// when `running` turns false or the component unmounts.
#[hook]
pub fn use_clock(period: Duration, running: bool) -> u64 {
    let now = use_state(browser::now_ms);
    {
        let now = now.clone();
        use_effect_with(running, move |running| {
            let alive = Rc::new(Cell::new(*running));
            if *running {
                // A clock that was stopped starts from the time now, not from when it stopped.
                now.set(browser::now_ms());
                let still = alive.clone();
                spawn_local(async move {
                    while still.get() {
                        yew::platform::time::sleep(period).await;
                        if still.get() {
                            now.set(browser::now_ms());
                        }
                    }
                });
            }
            move || alive.set(false)
        });
    }
    *now
}
