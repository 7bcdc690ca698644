//! Prints a tree back to XLSForm text, with only the parentheses the precedence rules need,
//! so that `parse(&expr.to_string())` gives back `expr`.

use super::ast::Expr;
use std::fmt;

/// Binding strength of a node as an operand; atoms bind tightest.
fn strength(expr: &Expr) -> u8 {
    match expr {
        Expr::Binary { op, .. } => op.precedence(),
        Expr::Negate(_) => 7,
        _ => 8,
    }
}

fn operand(f: &mut fmt::Formatter<'_>, expr: &Expr, parenthesize: bool) -> fmt::Result {
    if parenthesize {
        write!(f, "({expr})")
    } else {
        write!(f, "{expr}")
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // Rust prints the shortest digits that read back as the same `f64`, never with an
            // exponent, which is exactly what the lexer reads.
            Expr::Number(n) => write!(f, "{n}"),
            // XPath strings have no escapes: a string holding `'` is quoted with `"`.
            Expr::String(s) if s.contains('\'') => write!(f, "\"{s}\""),
            Expr::String(s) => write!(f, "'{s}'"),
            Expr::Field(name) => write!(f, "${{{name}}}"),
            Expr::Current => f.write_str("."),
            Expr::Property(name) => f.write_str(name),
            Expr::Negate(inner) => {
                f.write_str("-")?;
                operand(f, inner, strength(inner) < 7)
            }
            Expr::Binary { op, left, right } => {
                let own = op.precedence();
                // Left-associative: an equally strong operator needs parentheses only on the right.
                operand(f, left, strength(left) < own)?;
                write!(f, " {} ", op.symbol())?;
                operand(f, right, strength(right) <= own)
            }
            Expr::Call { function, args } => {
                write!(f, "{}(", function.name())?;
                for (i, arg) in args.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{arg}")?;
                }
                f.write_str(")")
            }
        }
    }
}
