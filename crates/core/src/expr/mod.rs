//! The expression language of forms, in XLSForm syntax: `${age} >= 18 and selected(${aware}, 'yes')`.
//!
//! Text is parsed once, when a form loads, into an [`Expr`] tree; the tree prints back to text
//! that parses to the same tree, and evaluates against a [`Scope`] (the answers) without
//! touching a clock: `today()` comes from the [`EvalContext`] the caller passes in.

mod ast;
mod eval;
mod lexer;
mod parser;
mod print;
mod value;

pub use ast::{BinaryOp, Expr, Function};
pub use eval::{EvalContext, RegexCache, Scope, evaluate};
pub use parser::{MAX_DEPTH, ParseError, ParseErrorKind, parse};
pub use value::Value;

pub(crate) use eval::evaluate_cached;
pub(crate) use lexer::is_valid_name;

#[cfg(test)]
mod tests;
