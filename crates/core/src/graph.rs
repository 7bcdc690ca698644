//! The dependency graph between a form's fields, computed once when the form loads.
//!
//! A node's *state* is its relevance and, for a calculation, its value. It depends on the
//! fields its `relevant` and `calculation` read and on its enclosing group's relevance. Answering
//! a question then re-evaluates only the nodes downstream of it, in topological order, and stops
//! wherever a state comes out unchanged. Constraints, `required` conditions and choice filters
//! change no other field's state, so they are not edges here: they are checked when asked for.

/// Dependents and a topological rank for each node.
#[derive(Debug, Clone)]
pub(crate) struct Graph {
    dependents: Vec<Vec<usize>>,
    rank: Vec<usize>,
    order: Vec<usize>,
}

impl Graph {
    /// Builds the graph from each node's inputs. On a cycle, returns the nodes of one cycle, in
    /// the order in which each reads the next.
    pub(crate) fn build(inputs: &[Vec<usize>]) -> Result<Graph, Vec<usize>> {
        let n = inputs.len();
        let mut dependents = vec![Vec::new(); n];
        let mut pending = vec![0_usize; n];
        for (node, node_inputs) in inputs.iter().enumerate() {
            for &input in node_inputs {
                if !dependents[input].contains(&node) {
                    dependents[input].push(node);
                    pending[node] += 1;
                }
            }
        }
        // Kahn's algorithm, taking ready nodes in form order so the order is deterministic.
        let mut ready: std::collections::BTreeSet<usize> =
            (0..n).filter(|&i| pending[i] == 0).collect();
        let mut order = Vec::with_capacity(n);
        while let Some(node) = ready.pop_first() {
            order.push(node);
            for &dependent in &dependents[node] {
                pending[dependent] -= 1;
                if pending[dependent] == 0 {
                    ready.insert(dependent);
                }
            }
        }
        if order.len() < n {
            return Err(find_cycle(inputs, &pending));
        }
        let mut rank = vec![0; n];
        for (position, &node) in order.iter().enumerate() {
            rank[node] = position;
        }
        Ok(Graph {
            dependents,
            rank,
            order,
        })
    }

    pub(crate) fn dependents(&self, node: usize) -> &[usize] {
        &self.dependents[node]
    }

    pub(crate) fn rank(&self, node: usize) -> usize {
        self.rank[node]
    }

    /// Every node, inputs before the nodes that read them.
    pub(crate) fn order(&self) -> &[usize] {
        &self.order
    }
}

/// Every node Kahn's algorithm could not place still waits on some unplaced input, so walking
/// from one to an unplaced input, again and again, must come back to a node already seen.
fn find_cycle(inputs: &[Vec<usize>], pending: &[usize]) -> Vec<usize> {
    let unplaced = |node: usize| pending[node] > 0;
    let Some(start) = (0..inputs.len()).find(|&i| unplaced(i)) else {
        return Vec::new();
    };
    let mut path = vec![start];
    let mut node = start;
    loop {
        let Some(&next) = inputs[node].iter().find(|&&input| unplaced(input)) else {
            return path;
        };
        if let Some(seen_at) = path.iter().position(|&p| p == next) {
            let mut cycle = path.split_off(seen_at);
            // `path` follows "reads" edges; report the cycle starting from its earliest row.
            let first = cycle
                .iter()
                .enumerate()
                .min_by_key(|&(_, &node)| node)
                .map_or(0, |(i, _)| i);
            cycle.rotate_left(first);
            return cycle;
        }
        path.push(next);
        node = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_inputs_before_their_readers() {
        // 0 <- 2 <- 1, and 3 reads 0 and 1.
        let graph = Graph::build(&[vec![], vec![2], vec![0], vec![0, 1]]).unwrap();
        assert_eq!(graph.order(), &[0, 2, 1, 3]);
        assert!(graph.rank(2) < graph.rank(1));
        assert_eq!(graph.dependents(0), &[2, 3]);
    }

    #[test]
    fn finds_a_cycle() {
        // 1 reads 2, 2 reads 3, 3 reads 1; 4 reads 1 but is not on the cycle.
        let cycle = Graph::build(&[vec![], vec![2], vec![3], vec![1], vec![1]]).unwrap_err();
        assert_eq!(cycle, vec![1, 2, 3]);
        assert_eq!(Graph::build(&[vec![0]]).unwrap_err(), vec![0]);
    }
}
