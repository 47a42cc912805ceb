//! Grouping by a small key in one pass (a counting sort): what the rule
//! tables need where a map per key would allocate at every key.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_grouped_by_key_in_their_order() {
        let items = [(2, 'a'), (0, 'b'), (2, 'c'), (3, 'd'), (0, 'e')];
        let (first, values) = grouped(&items, 4, |&(key, value)| (key, value));
        assert_eq!(first, [0, 2, 2, 4, 5]);
        assert_eq!(values, ['b', 'e', 'a', 'c', 'd']);
    }
}
