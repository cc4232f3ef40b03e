//! Greedy BILUO decoding with the validity rules of spaCy's `ner.pyx` (`BiluoPushDown`), for
//! documents without preset entities.
//!
//! State: the buffer's first token `b0` and the open entity (start, label), if any. One action
//! per token:
//! * `B-x`: opens an entity; invalid if one is open, if `b0` is the last token, if the next
//!   token starts a sentence, or if `b0` is whitespace.
//! * `I-x`: continues the open entity of label x; invalid on the last token and if the next
//!   token starts a sentence.
//! * `L-x`: closes the open entity of label x.
//! * `U-x`: a one-token entity; invalid if an entity is open or `b0` is whitespace.
//! * `O`: outside; invalid while an entity is open.
//! * `U-` (empty label) and unknown moves are never valid here.
//!
//! State features for the network: `[b0, entity start or -1, b0-1 if both are present]`.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    Begin,
    In,
    Last,
    Unit,
    Out,
    Missing,
}

/// One action of the transition system; `label` is an index into the model's labels, or
/// `None` for the empty label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Action {
    pub mv: Move,
    pub label: Option<u8>,
}

/// Parser state at token `b0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct State {
    pub b0: usize,
    pub n: usize,
    pub open: Option<(usize, u8)>,
}

impl State {
    /// The network's state features.
    pub fn features(&self) -> [i64; 3] {
        let b0 = if self.b0 < self.n { self.b0 as i64 } else { -1 };
        let e0 = match self.open {
            Some((s, _)) => s as i64,
            None => -1,
        };
        let last = if b0 == -1 || e0 == -1 { -1 } else { b0 - 1 };
        [b0, e0, last]
    }
}

/// Whether `a` is valid in state `st`. `is_space(i)`: token i is whitespace;
/// `sent_start(i)`: token i starts a sentence.
pub fn is_valid(
    a: Action,
    st: &State,
    is_space: &dyn Fn(usize) -> bool,
    sent_start: &dyn Fn(usize) -> bool,
) -> bool {
    let buffer_length = st.n.saturating_sub(st.b0);
    let next_starts = st.b0 + 1 < st.n && sent_start(st.b0 + 1);
    match a.mv {
        Move::Missing => false,
        Move::Begin => {
            a.label.is_some()
                && st.open.is_none()
                && buffer_length >= 2
                && !next_starts
                && !is_space(st.b0)
        }
        Move::In => match (st.open, a.label) {
            (Some((_, l)), Some(al)) => l == al && buffer_length >= 2 && !next_starts,
            _ => false,
        },
        Move::Last => match (st.open, a.label) {
            (Some((_, l)), Some(al)) => l == al,
            _ => false,
        },
        Move::Unit => a.label.is_some() && st.open.is_none() && !is_space(st.b0),
        Move::Out => st.open.is_none(),
    }
}

/// Apply `a` to `st`; returns a finished entity (start, end exclusive, label) if one closes.
pub fn apply(a: Action, st: &mut State) -> Option<(usize, usize, u8)> {
    let b0 = st.b0;
    st.b0 += 1;
    match a.mv {
        Move::Begin => {
            st.open = Some((b0, a.label.unwrap_or(0)));
            None
        }
        Move::Last => st.open.take().map(|(s, l)| (s, b0 + 1, l)),
        Move::Unit => Some((b0, b0 + 1, a.label.unwrap_or(0))),
        _ => None,
    }
}

/// Index of the best-scoring valid action (first one on ties), like spaCy's
/// `arg_max_if_valid`.
pub fn best_valid(
    scores: &[f32],
    actions: &[Action],
    st: &State,
    is_space: &dyn Fn(usize) -> bool,
    sent_start: &dyn Fn(usize) -> bool,
) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, &a) in actions.iter().enumerate() {
        if is_valid(a, st, is_space, sent_start) && best.is_none_or(|b| scores[i] > scores[b]) {
            best = Some(i);
        }
    }
    best
}

/// The valid actions of every state class, in action order, so that decoding needs no
/// per-action validity test. Equivalent to [`is_valid`]: with no open entity, `B-x` needs
/// `can_open` (at least two tokens left and the next token does not start a sentence) and a
/// non-space `b0`, `U-x` a non-space `b0`, `O` nothing; with an open entity of label `l`, only
/// `I-l` (needs `can_open`) and `L-l` are valid.
#[derive(Debug, Default, Clone)]
pub struct ValidTable {
    /// `[b0 is space][can_open]`
    closed: [[Vec<u16>; 2]; 2],
    /// Per label: `[can_open]`
    open: Vec<[Vec<u16>; 2]>,
}

impl ValidTable {
    pub fn new(actions: &[Action]) -> ValidTable {
        let n_labels = actions
            .iter()
            .filter_map(|a| a.label)
            .map(|l| l as usize + 1)
            .max()
            .unwrap_or(0);
        let mut t = ValidTable {
            closed: Default::default(),
            open: vec![Default::default(); n_labels],
        };
        for (i, a) in actions.iter().enumerate() {
            let i = i as u16;
            for space in 0..2 {
                for can in 0..2 {
                    let ok = match a.mv {
                        Move::Begin => a.label.is_some() && can == 1 && space == 0,
                        Move::Unit => a.label.is_some() && space == 0,
                        Move::Out => true,
                        _ => false,
                    };
                    if ok {
                        t.closed[space][can].push(i);
                    }
                }
            }
            if let Some(l) = a.label {
                for can in 0..2 {
                    let ok = match a.mv {
                        Move::In => can == 1,
                        Move::Last => true,
                        _ => false,
                    };
                    if ok {
                        t.open[l as usize][can].push(i);
                    }
                }
            }
        }
        t
    }

    /// The valid actions in state `st`.
    #[inline]
    pub fn valid(&self, st: &State, is_space: &[bool], sent_start: &[bool]) -> &[u16] {
        let can = st.n.saturating_sub(st.b0) >= 2 && !sent_start[st.b0 + 1];
        match st.open {
            None => &self.closed[is_space[st.b0] as usize][can as usize],
            Some((_, l)) => self
                .open
                .get(l as usize)
                .map(|v| &v[can as usize][..])
                .unwrap_or(&[]),
        }
    }

    /// Index of the best-scoring valid action (first one on ties), as [`best_valid`].
    #[inline]
    pub fn best(
        &self,
        scores: &[f32],
        st: &State,
        is_space: &[bool],
        sent_start: &[bool],
    ) -> Option<usize> {
        let mut best: Option<usize> = None;
        let mut best_score = f32::NEG_INFINITY;
        for &i in self.valid(st, is_space, sent_start) {
            let v = scores[i as usize];
            if best.is_none() || v > best_score {
                best = Some(i as usize);
                best_score = v;
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acts() -> Vec<Action> {
        let mut v = Vec::new();
        for mv in [Move::Begin, Move::In, Move::Last, Move::Unit] {
            for l in 0..2u8 {
                v.push(Action { mv, label: Some(l) });
            }
        }
        v.push(Action {
            mv: Move::Unit,
            label: None,
        });
        v.push(Action {
            mv: Move::Out,
            label: None,
        });
        v
    }
    const B0: Action = Action {
        mv: Move::Begin,
        label: Some(0),
    };
    const I0: Action = Action {
        mv: Move::In,
        label: Some(0),
    };
    const I1: Action = Action {
        mv: Move::In,
        label: Some(1),
    };
    const L0: Action = Action {
        mv: Move::Last,
        label: Some(0),
    };
    const L1: Action = Action {
        mv: Move::Last,
        label: Some(1),
    };
    const U0: Action = Action {
        mv: Move::Unit,
        label: Some(0),
    };
    const UE: Action = Action {
        mv: Move::Unit,
        label: None,
    };
    const O: Action = Action {
        mv: Move::Out,
        label: None,
    };

    fn no(_: usize) -> bool {
        false
    }

    #[test]
    fn valid_table_agrees_with_is_valid() {
        let a = acts();
        let t = ValidTable::new(&a);
        let n = 4;
        for space_mask in 0..16u32 {
            for start_mask in 0..16u32 {
                let sp = |i: usize| space_mask >> i & 1 == 1;
                let ss = |i: usize| start_mask >> i & 1 == 1;
                let spv: Vec<bool> = (0..n).map(sp).collect();
                let ssv: Vec<bool> = (0..n).map(ss).collect();
                for b0 in 0..n {
                    for open in [None, Some((0, 0u8)), Some((0, 1u8))] {
                        let st = State { b0, n, open };
                        let want: Vec<u16> = (0..a.len())
                            .filter(|&i| is_valid(a[i], &st, &sp, &ss))
                            .map(|i| i as u16)
                            .collect();
                        assert_eq!(t.valid(&st, &spv, &ssv), &want[..], "{st:?}");
                        let scores: Vec<f32> =
                            (0..a.len()).map(|i| ((i * 7 + b0) % 5) as f32).collect();
                        assert_eq!(
                            t.best(&scores, &st, &spv, &ssv),
                            best_valid(&scores, &a, &st, &sp, &ss)
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn no_begin_or_in_on_last_token() {
        let st = State {
            b0: 2,
            n: 3,
            open: None,
        };
        assert!(!is_valid(B0, &st, &no, &no));
        assert!(is_valid(U0, &st, &no, &no));
        assert!(is_valid(O, &st, &no, &no));
        let st = State {
            b0: 2,
            n: 3,
            open: Some((1, 0)),
        };
        assert!(!is_valid(I0, &st, &no, &no));
        assert!(is_valid(L0, &st, &no, &no));
        assert!(!is_valid(O, &st, &no, &no));
    }

    #[test]
    fn no_entity_across_sentence_start() {
        let starts = |i: usize| i == 2;
        let st = State {
            b0: 1,
            n: 5,
            open: None,
        };
        assert!(!is_valid(B0, &st, &no, &starts));
        assert!(is_valid(U0, &st, &no, &starts));
        let st = State {
            b0: 1,
            n: 5,
            open: Some((0, 0)),
        };
        assert!(!is_valid(I0, &st, &no, &starts));
        assert!(is_valid(L0, &st, &no, &starts));
        // The sentence start itself may begin an entity.
        let st = State {
            b0: 2,
            n: 5,
            open: None,
        };
        assert!(is_valid(B0, &st, &no, &starts));
    }

    #[test]
    fn no_begin_or_unit_on_whitespace() {
        let sp = |i: usize| i == 1;
        let st = State {
            b0: 1,
            n: 5,
            open: None,
        };
        assert!(!is_valid(B0, &st, &sp, &no));
        assert!(!is_valid(U0, &st, &sp, &no));
        assert!(is_valid(O, &st, &sp, &no));
        // ... but an open entity may continue through whitespace.
        let st = State {
            b0: 1,
            n: 5,
            open: Some((0, 0)),
        };
        assert!(is_valid(I0, &st, &sp, &no));
    }

    #[test]
    fn labels_must_match_open_entity() {
        let st = State {
            b0: 1,
            n: 5,
            open: Some((0, 0)),
        };
        assert!(!is_valid(I1, &st, &no, &no));
        assert!(!is_valid(L1, &st, &no, &no));
        assert!(!is_valid(B0, &st, &no, &no));
        assert!(!is_valid(U0, &st, &no, &no));
        assert!(!is_valid(
            UE,
            &State {
                b0: 0,
                n: 5,
                open: None
            },
            &no,
            &no
        ));
    }

    #[test]
    fn greedy_picks_best_valid_and_builds_entities() {
        let a = acts();
        // Scores favour B-0 everywhere, which is invalid once open; then In, then Last.
        let mut st = State {
            b0: 0,
            n: 3,
            open: None,
        };
        let mut ents = Vec::new();
        while st.b0 < st.n {
            let mut scores = vec![0f32; a.len()];
            scores[0] = 10.0; // B-0
            scores[2] = 5.0; // I-0
            scores[4] = 1.0; // L-0
            let i = best_valid(&scores, &a, &st, &no, &no).unwrap();
            if let Some(e) = apply(a[i], &mut st) {
                ents.push(e);
            }
        }
        assert_eq!(ents, vec![(0, 3, 0)]);
        assert_eq!(
            State {
                b0: 2,
                n: 3,
                open: Some((0, 1))
            }
            .features(),
            [2, 0, 1]
        );
        assert_eq!(
            State {
                b0: 0,
                n: 3,
                open: None
            }
            .features(),
            [0, -1, -1]
        );
    }
}
