//! Where a pattern's literals lie in a stretch of text: the hits of the
//! literal pass, and a window over them that tells which literals a
//! stretch holds and whether they come in a pattern's order.

use crate::rule::Groups;

/// Where the literals occur in one text.
pub(super) struct Hits {
    /// `(start, end, literal)` of every hit, sorted by start.
    pub(super) in_text: Vec<(u32, u32, u32)>,
}

impl Hits {
    /// The `(start, end)` of each hit of literal `l` that starts inside
    /// `window`, from the first one on (the window noted where that is).
    /// A window is a sentence or a few: walking its hits is cheaper than
    /// keeping every literal's hits apart.
    pub(super) fn held_by<'h>(
        &'h self,
        window: &Window,
        l: usize,
    ) -> impl Iterator<Item = (u32, u32)> + 'h {
        let to = window.to;
        self.in_text[window.seen[l].1 as usize..]
            .iter()
            .take_while(move |&&(start, _, _)| (start as usize) < to)
            .filter(move |&&(_, _, literal)| literal as usize == l)
            .map(|&(start, end, _)| (start, end))
    }

    /// The first hit of literal `l`, held by `window`, that starts at or
    /// after `at` (not before the window's start).
    fn in_window_from(&self, window: &Window, l: usize, at: usize) -> Option<(u32, u32)> {
        self.held_by(window, l)
            .find(|&(start, _)| start as usize >= at)
    }

    /// Whether `from..to` holds a literal of every group, one after the
    /// other in the groups' order, as every match of a pattern does. Taking
    /// the hit of each group that ends first leaves the most room for the
    /// groups after it, so one pass decides.
    pub(super) fn in_order(&self, groups: Groups, window: &Window) -> bool {
        let mut at = window.from;
        for group in groups.iter() {
            // Most literals of a group do not occur in a sentence at all.
            let end = group
                .iter()
                .filter(|&&l| window.holds(l.into()))
                .filter_map(|&l| self.in_window_from(window, l.into(), at))
                .map(|(_, end)| end as usize)
                .min();
            match end {
                Some(end) if end <= window.to => at = end,
                _ => return false,
            }
        }
        true
    }
}

/// The stretch of text a search looks at, and which literals it holds.
pub(super) struct Window {
    from: usize,
    to: usize,
    /// For each literal, `(stamp, first)`: it occurs inside the window when
    /// `stamp` is the window's (a new window takes a new stamp instead of
    /// clearing the list), and its first hit inside is `first` in
    /// [`Hits::in_text`]. Side by side, both come in one cache line.
    seen: Vec<(u32, u32)>,
    stamp: u32,
    /// Where the first hit inside is in [`Hits::in_text`]: the next window
    /// looks for its own from there.
    first: usize,
}

impl Window {
    pub(super) fn new(literal_count: usize) -> Window {
        Window {
            from: 0,
            to: 0,
            seen: vec![(0, 0); literal_count],
            stamp: 0,
            first: 0,
        }
    }

    /// Moves the window to `from..to` and notes the literals wholly inside.
    pub(super) fn show(&mut self, hits: &Hits, from: usize, to: usize) {
        if (self.from, self.to) == (from, to) && self.stamp != 0 {
            return;
        }
        (self.from, self.to) = (from, to);
        if self.stamp == u32::MAX {
            self.seen.fill((0, 0));
            self.stamp = 0;
        }
        self.stamp += 1;
        let in_text = &hits.in_text;
        let first = first_hit_from(in_text, from, self.first);
        self.first = first;
        let inside = in_text[first..]
            .iter()
            .zip(first as u32..)
            .take_while(|&(&(start, _, _), _)| (start as usize) < to);
        for (&(_, end, literal), at) in inside {
            // Hits of one literal are as long as each other: the first
            // that ends inside is the first inside.
            let literal = literal as usize;
            if end as usize <= to && self.seen[literal].0 != self.stamp {
                self.seen[literal] = (self.stamp, at);
            }
        }
    }

    /// Whether literal `l` occurs inside the window.
    pub(super) fn holds(&self, l: usize) -> bool {
        self.seen[l].0 == self.stamp
    }

    /// Makes the next [`Window::show`] look at the hits, which belong to
    /// another text now. The stamp goes on counting: the literals seen in
    /// the old text hold older stamps.
    pub(super) fn forget(&mut self) {
        self.from = usize::MAX;
    }
}

/// The index of the first of `hits` (sorted by start) that starts at or
/// after `from`, sought outwards from index `near`: windows move on a
/// sentence or two at a time, and a binary search over all the hits of a
/// long mail reads from parts of it that have left the cache.
fn first_hit_from(hits: &[(u32, u32, u32)], from: usize, near: usize) -> usize {
    let before = |i: usize| (hits[i].0 as usize) < from;
    let near = near.min(hits.len());
    // Steps of 1, 2, 4, … find a range the answer lies in.
    let (mut low, mut high) = (0, hits.len());
    let mut step = 1;
    if near < hits.len() && before(near) {
        low = near + 1;
        while near + step < hits.len() {
            if !before(near + step) {
                high = near + step;
                break;
            }
            low = near + step + 1;
            step *= 2;
        }
    } else {
        high = near;
        while step <= near {
            if before(near - step) {
                low = near - step + 1;
                break;
            }
            high = near - step;
            step *= 2;
        }
    }
    low + hits[low..high].partition_point(|&(start, _, _)| (start as usize) < from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::Matcher;
    use crate::rule::Lang;

    proptest::proptest! {
        /// Sought from anywhere, the first hit from a place is the one a
        /// binary search finds.
        #[test]
        fn the_first_hit_is_found_from_anywhere(
            mut starts in proptest::collection::vec(0u32..200, 0..60),
            from in 0usize..210,
            near in 0usize..70,
        ) {
            starts.sort_unstable();
            let hits: Vec<(u32, u32, u32)> = starts.iter().map(|&s| (s, s + 1, 0)).collect();
            let expected = hits.partition_point(|&(start, _, _)| (start as usize) < from);
            proptest::prop_assert_eq!(first_hit_from(&hits, from, near), expected);
        }
    }

    /// A window's stamp runs over: what it held before does not count.
    #[test]
    fn a_window_tells_its_literals_when_its_stamp_runs_over() {
        let matcher = Matcher::get(Lang::En);
        let text = "we can't. sorry. we can't";
        let (hits, _) = matcher.hits(text);
        let mut window = Window::new(matcher.kinds.len());
        window.stamp = u32::MAX - 1;
        for (from, to) in [(0, 9), (10, 16), (17, 25), (0, 9), (10, 16)] {
            window.show(&hits, from, to);
            for &(start, end, literal) in &hits.in_text {
                let inside = from <= start as usize && end as usize <= to;
                let elsewhere = hits
                    .in_text
                    .iter()
                    .any(|&(s, e, l)| l == literal && from <= s as usize && e as usize <= to);
                assert_eq!(window.holds(literal as usize), inside || elsewhere);
            }
        }
    }
}
