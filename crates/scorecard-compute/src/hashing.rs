//! Hash maps and sets keyed by child ids and rows, with a fast hasher
//! (foldhash) instead of the standard library's SipHash: the keys come from
//! the council's own files, not from an adversary, and hashing was a tenth
//! of the engine's time (see BENCHMARKS.md). The seed is fixed, so a run
//! does exactly the same work every time.

/// A hash map with the fast, fixed hasher.
pub(crate) type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

/// A hash set with the fast, fixed hasher.
pub(crate) type Set<K> = std::collections::HashSet<K, foldhash::fast::FixedState>;
