//! What the one status region says: the latest message of the page's stages.
//!
//! Each source (the node check, the wallet, the faucet, the deposit, the withdrawal, the unlock, the
//! pending list) offers its current
//! message on every render; a source whose message changed takes the region. Decided during the
//! render, so the region is never a render late and no effect or extra state is needed.

/// A source's message, with a tag that tells apart two events of the same text (e.g. two fetches
/// with the same result, or two attempts failing alike): a new tag is announced again.
pub type Message = Option<(u64, String)>;

/// The sources, in the order in which they win when several change at once (the later wins).
pub const SOURCES: usize = 7;

/// The region's memory: each source's last message and the text shown.
#[derive(Debug, Default)]
pub struct Announcer {
    last: [Message; SOURCES],
    text: String,
}

impl Announcer {
    /// Takes this render's message of each source and returns the region's text. Rendering again
    /// with the same messages changes nothing; a source that falls silent (`None`) leaves the
    /// text as it was.
    pub fn observe(&mut self, messages: [Message; SOURCES]) -> &str {
        for (last, message) in self.last.iter_mut().zip(messages) {
            if *last != message {
                if let Some((_, text)) = &message {
                    self.text.clone_from(text);
                }
                *last = message;
            }
        }
        &self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn say(tag: u64, text: &str) -> Message {
        Some((tag, text.to_owned()))
    }

    #[test]
    fn the_source_that_changed_takes_the_region() {
        let mut announcer = Announcer::default();
        assert_eq!(announcer.observe([None, None, None, None, None, None, None]), "");
        assert_eq!(announcer.observe([say(0, "Checking"), None, None, None, None, None, None]), "Checking");
        assert_eq!(announcer.observe([say(0, "Ready"), None, None, None, None, None, None]), "Ready");
        // The wallet connects; the node's unchanged message is not repeated.
        assert_eq!(announcer.observe([say(0, "Ready"), say(0, "Connected"), None, None, None, None, None]), "Connected");
        assert_eq!(announcer.observe([say(0, "Ready"), say(0, "Connected"), None, None, None, None, None]), "Connected");
        // A source falling silent keeps the text.
        assert_eq!(announcer.observe([say(0, "Ready"), None, None, None, None, None, None]), "Connected");
    }

    #[test]
    fn the_later_source_wins_when_several_change_at_once() {
        let mut announcer = Announcer::default();
        assert_eq!(announcer.observe([say(0, "node"), None, say(1, "Preparing"), None, None, None, None]), "Preparing");
        assert_eq!(announcer.observe([say(0, "node 2"), None, say(1, "Preparing"), say(5, "2 requests"), None, None, None]), "2 requests");
    }

    #[test]
    fn the_same_text_with_a_new_tag_is_announced_again() {
        let mut announcer = Announcer::default();
        announcer.observe([None, None, say(1, "Refused"), None, None, None, None]);
        assert_eq!(announcer.observe([None, say(0, "Connected"), say(1, "Refused"), None, None, None, None]), "Connected");
        // A second attempt fails with the same words: announced, not swallowed.
        assert_eq!(announcer.observe([None, say(0, "Connected"), say(2, "Refused"), None, None, None, None]), "Refused");
    }
}
