//! Grouping by a small key in one pass (a counting sort): what the rule
//! tables need where a map per key would allocate at every key; and a
//! small stable sort.

/// Groups `items` by key, keeping their order within each group:
/// `key_value` gives each item's key, below `keys`, and what to keep of it.
/// The values of key `k` are `values[first[k]..first[k + 1]]`. Returns
/// `(first, values)`.
pub fn grouped<I, V: Copy + Default>(
    items: &[I],
    keys: usize,
    key_value: impl Fn(&I) -> (usize, V),
) -> (Vec<u32>, Vec<V>) {
    let mut first = vec![0u32; keys + 1];
    for item in items {
        first[key_value(item).0 + 1] += 1;
    }
    for k in 1..first.len() {
        first[k] += first[k - 1];
    }
    let mut next = first.clone();
    let mut values = vec![V::default(); items.len()];
    for item in items {
        let (key, value) = key_value(item);
        values[next[key] as usize] = value;
        next[key] += 1;
    }
    (first, values)
}

/// Sorts `items` so that no item is `less` than one before it, keeping
/// the order of items neither of which is less than the other (stable):
/// runs of 16 by insertion, then merged pairwise. The standard library's
/// sorts, called in four places, took 8 KB of the gzipped module; the lists
/// sorted here (phrases found, places a search starts, rules of findings)
/// are short and mostly in order, so two runs already in order are left as
/// they are: a sorted list costs one comparison per pair of runs, where
/// merging it anyway copied the whole list at every width.
pub fn sort_by<T: Clone>(items: &mut [T], less: impl Fn(&T, &T) -> bool) {
    const RUN: usize = 16;
    let n = items.len();
    for start in (0..n).step_by(RUN) {
        let end = (start + RUN).min(n);
        for i in start + 1..end {
            let mut j = i;
            while j > start && less(&items[j], &items[j - 1]) {
                items.swap(j, j - 1);
                j -= 1;
            }
        }
    }
    let mut merged = Vec::new();
    let mut width = RUN;
    while width < n {
        for start in (0..n).step_by(2 * width) {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            if mid == end || !less(&items[mid], &items[mid - 1]) {
                continue;
            }
            merged.clear();
            let (mut i, mut j) = (start, mid);
            while i < mid && j < end {
                if less(&items[j], &items[i]) {
                    merged.push(items[j].clone());
                    j += 1;
                } else {
                    merged.push(items[i].clone());
                    i += 1;
                }
            }
            merged.extend_from_slice(&items[i..mid]);
            merged.extend_from_slice(&items[j..end]);
            items[start..end].clone_from_slice(&merged);
        }
        width *= 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Against the standard library's stable sort, on lists of every
    /// length up to 300 with many equal keys: in random order, and mostly
    /// in order (each key a little above its place, as phrases found
    /// sentence by sentence are), so that some runs are merged and some are
    /// left as they are.
    #[test]
    fn sorts_as_the_standard_library_does() {
        let mut seed = 7u64;
        let mut random = || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            seed >> 59
        };
        for len in 0..300 {
            for mostly_in_order in [false, true] {
                let items: Vec<(usize, usize)> = (0..len)
                    .map(|i| match mostly_in_order {
                        false => (random() as usize, i),
                        true => (i / 4 + random() as usize / 8, i),
                    })
                    .collect();
                let mut want = items.clone();
                want.sort_by_key(|&(key, _)| key);
                let mut got = items;
                sort_by(&mut got, |a, b| a.0 < b.0);
                assert_eq!(got, want, "{len}");
            }
        }
    }

    #[test]
    fn items_are_grouped_by_key_in_their_order() {
        let items = [(2, 'a'), (0, 'b'), (2, 'c'), (3, 'd'), (0, 'e')];
        let (first, values) = grouped(&items, 4, |&(key, value)| (key, value));
        assert_eq!(first, [0, 2, 2, 4, 5]);
        assert_eq!(values, ['b', 'e', 'a', 'c', 'd']);
    }
}
