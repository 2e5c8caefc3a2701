//! One-to-one pairing that maximises a total weight (the Hungarian algorithm), used to pair
//! predicted and gold events. Pairs that are not allowed are never returned.

/// `weights[i][j]`: the value of pairing row i with column j, or `None` when not allowed.
/// Returns the pairs of a matching that first maximises the number of allowed pairs, then
/// their total weight (weights must lie in 0..1000).
pub fn best_pairs(weights: &[Vec<Option<u32>>]) -> Vec<(usize, usize)> {
    let rows = weights.len();
    let cols = weights.first().map_or(0, Vec::len);
    if rows == 0 || cols == 0 {
        return Vec::new();
    }
    let n = rows.max(cols);
    const FORBIDDEN: i64 = 1_000_000;
    let cost = |i: usize, j: usize| -> i64 {
        match weights.get(i).and_then(|r| r.get(j)).copied().flatten() {
            Some(w) => FORBIDDEN - 1000 - w as i64,
            None => FORBIDDEN,
        }
    };
    // Classic O(n³) Hungarian algorithm with potentials (1-based internally).
    let inf = i64::MAX / 4;
    let (mut u, mut v) = (vec![0i64; n + 1], vec![0i64; n + 1]);
    let (mut p, mut way) = (vec![0usize; n + 1], vec![0usize; n + 1]);
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0;
        let mut minv = vec![inf; n + 1];
        let mut used = vec![false; n + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = inf;
            let mut j1 = 0;
            for j in 1..=n {
                if !used[j] {
                    let cur = cost(i0 - 1, j - 1) - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=n {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut out: Vec<(usize, usize)> = (1..=n)
        .filter_map(|j| {
            let (i, j) = (p[j].checked_sub(1)?, j - 1);
            (i < rows && j < cols && weights[i][j].is_some()).then_some((i, j))
        })
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maximises_pairs_first_then_weight() {
        // Greedy would take (0,0) for 3 and leave row 1 unpaired.
        let w = vec![vec![Some(3), Some(2)], vec![Some(1), None]];
        assert_eq!(best_pairs(&w), vec![(0, 1), (1, 0)]);
        let w = vec![vec![Some(0), Some(3)], vec![Some(0), Some(1)]];
        assert_eq!(best_pairs(&w), vec![(0, 1), (1, 0)]);
        assert_eq!(best_pairs(&[vec![None, None]]), vec![]);
        assert_eq!(
            best_pairs(&[vec![Some(1)], vec![Some(2)], vec![None]]),
            vec![(1, 0)]
        );
    }
}
