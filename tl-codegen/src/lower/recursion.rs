//! Strongly connected components of the type graph: where a type can contain itself.
//!
//! Two questions use it. Which struct fields must be boxed so every type has a finite size (edges
//! through `Vec` do not count: a vector is already on the heap), and which decoders must count
//! toward the nesting limit (every edge counts: a vector of itself still recurses on the stack).

use std::collections::{HashMap, HashSet};

use crate::ir::{BoxedEnum, Combinator, FieldKind, ItemPath, Ty, WireParam};

/// Boxes the fields that close a cycle of inline containment (marking the enums so held), and
/// marks the decoders that can recurse into themselves so they count toward the nesting limit.
pub fn resolve(enums: &mut [BoxedEnum], constructors: &mut [Combinator]) {
    let enum_node: HashMap<ItemPath, usize> = enums
        .iter()
        .enumerate()
        .map(|(i, e)| (e.path.clone(), i))
        .collect();
    let struct_node: HashMap<ItemPath, usize> = constructors
        .iter()
        .enumerate()
        .map(|(i, c)| (c.path.clone(), enums.len() + i))
        .collect();
    let node_of = |ty: &Ty| match ty {
        Ty::Enum { path, .. } => enum_node.get(path).copied(),
        Ty::Bare { path, .. } => struct_node.get(path).copied(),
        _ => None,
    };
    let total = enums.len() + constructors.len();
    let mut inline = Graph::new(total);
    let mut any = Graph::new(total);
    let mut bare_targets = HashSet::new();
    for (e, en) in enums.iter().enumerate() {
        for v in &en.variants {
            inline.add_edge(e, struct_node[&v.path]);
            any.add_edge(e, struct_node[&v.path]);
        }
    }
    for (i, c) in constructors.iter().enumerate() {
        let from = enums.len() + i;
        for ty in field_types(c) {
            if let Some(to) = node_of(ty) {
                inline.add_edge(from, to);
            }
            let mut innermost = ty;
            while let Ty::Vector { item, .. } = innermost {
                innermost = item;
            }
            if let Some(to) = node_of(innermost) {
                any.add_edge(from, to);
            }
            if let Ty::Bare { path, .. } = innermost {
                bare_targets.insert(path.clone());
            }
        }
    }
    let inline = inline.components();
    let any = any.components();
    for (e, en) in enums.iter_mut().enumerate() {
        en.guard_depth = any.is_cyclic(e);
    }
    let mut held_boxed = HashSet::new();
    for (i, c) in constructors.iter_mut().enumerate() {
        let from = enums.len() + i;
        c.guard_depth = any.is_cyclic(from) && bare_targets.contains(&c.path);
        for_each_field_type_mut(c, |ty| {
            if let Some(to) = node_of(ty)
                && inline.same_cycle(from, to)
            {
                match ty {
                    Ty::Enum { heap, path } => {
                        *heap = true;
                        held_boxed.insert(path.clone());
                    }
                    Ty::Bare { heap, .. } => *heap = true,
                    _ => {}
                }
            }
        });
    }
    for en in enums.iter_mut() {
        en.held_boxed = held_boxed.contains(&en.path);
    }
}

/// Every type a struct holds inline or in a vector (group members included).
fn field_types(c: &Combinator) -> Vec<&Ty> {
    c.params
        .iter()
        .filter_map(|p| match p {
            WireParam::Value { ty, .. } => Some(ty),
            _ => None,
        })
        .collect()
}

/// Applies `f` to the type of every value, in both the wire params and the struct fields, which
/// hold copies of the same types and must agree.
pub(super) fn for_each_field_type_mut(c: &mut Combinator, mut f: impl FnMut(&mut Ty)) {
    for p in &mut c.params {
        if let WireParam::Value { ty, .. } = p {
            f(ty);
        }
    }
    for field in &mut c.fields {
        match &mut field.kind {
            FieldKind::Plain(ty) | FieldKind::Optional(ty) => f(ty),
            FieldKind::Group { group } => group.members.iter_mut().for_each(|m| f(&mut m.ty)),
            FieldKind::Flag { .. } => {}
        }
    }
}

/// A directed graph over nodes `0..len`.
#[derive(Debug, Default)]
pub struct Graph {
    edges: Vec<Vec<usize>>,
}

impl Graph {
    pub fn new(len: usize) -> Self {
        Self {
            edges: vec![Vec::new(); len],
        }
    }

    pub fn add_edge(&mut self, from: usize, to: usize) {
        self.edges[from].push(to);
    }

    /// The component id of every node; two nodes share one iff each reaches the other.
    /// Iterative Tarjan, so a deep schema cannot overflow the stack.
    pub fn components(&self) -> Components {
        let n = self.edges.len();
        let mut index = vec![usize::MAX; n];
        let mut low = vec![0; n];
        let mut on_stack = vec![false; n];
        let mut stack = Vec::new();
        let mut component = vec![usize::MAX; n];
        let mut sizes = Vec::new();
        let mut next_index = 0;
        // (node, position of the next edge to visit)
        let mut call_stack: Vec<(usize, usize)> = Vec::new();

        for root in 0..n {
            if index[root] != usize::MAX {
                continue;
            }
            call_stack.push((root, 0));
            while let Some(&mut (node, ref mut edge)) = call_stack.last_mut() {
                if *edge == 0 && index[node] == usize::MAX {
                    index[node] = next_index;
                    low[node] = next_index;
                    next_index += 1;
                    stack.push(node);
                    on_stack[node] = true;
                }
                if let Some(&to) = self.edges[node].get(*edge) {
                    *edge += 1;
                    if index[to] == usize::MAX {
                        call_stack.push((to, 0));
                    } else if on_stack[to] {
                        low[node] = low[node].min(index[to]);
                    }
                    continue;
                }
                call_stack.pop();
                if let Some(&(parent, _)) = call_stack.last() {
                    low[parent] = low[parent].min(low[node]);
                }
                if low[node] == index[node] {
                    let id = sizes.len();
                    let mut size = 0;
                    while let Some(member) = stack.pop() {
                        on_stack[member] = false;
                        component[member] = id;
                        size += 1;
                        if member == node {
                            break;
                        }
                    }
                    sizes.push(size);
                }
            }
        }
        let self_loops = (0..n).map(|v| self.edges[v].contains(&v)).collect();
        Components {
            component,
            sizes,
            self_loops,
        }
    }
}

/// The result of [`Graph::components`].
#[derive(Debug)]
pub struct Components {
    component: Vec<usize>,
    sizes: Vec<usize>,
    self_loops: Vec<bool>,
}

impl Components {
    /// Whether `a` and `b` lie on a common cycle (or are the same node on a self-loop).
    pub fn same_cycle(&self, a: usize, b: usize) -> bool {
        if a == b {
            return self.is_cyclic(a);
        }
        self.component[a] == self.component[b]
    }

    /// Whether `node` lies on a cycle.
    pub fn is_cyclic(&self, node: usize) -> bool {
        self.sizes[self.component[node]] > 1 || self.self_loops[node]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_cycles_and_leaves_chains_alone() {
        // 0 -> 1 -> 2 -> 0 is a cycle; 3 -> 0 hangs off it; 4 loops on itself; 5 is alone.
        let mut g = Graph::new(6);
        g.add_edge(0, 1);
        g.add_edge(1, 2);
        g.add_edge(2, 0);
        g.add_edge(3, 0);
        g.add_edge(4, 4);
        let c = g.components();
        assert!(c.same_cycle(0, 2));
        assert!(c.same_cycle(1, 0));
        assert!(!c.same_cycle(3, 0));
        assert!(c.is_cyclic(4) && c.same_cycle(4, 4));
        assert!(!c.is_cyclic(5) && !c.is_cyclic(3));
    }

    #[test]
    fn long_chain_does_not_overflow() {
        let n = 200_000;
        let mut g = Graph::new(n);
        for i in 0..n - 1 {
            g.add_edge(i, i + 1);
        }
        g.add_edge(n - 1, 0);
        assert!(g.components().same_cycle(0, n - 1));
    }
}
