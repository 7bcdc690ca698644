//! Recursive-descent parser from tokens to an [`Expr`] tree.
//!
//! Precedence follows XPath 1.0, loosest first: `or`, `and`, `= !=`, `< <= > >=`, `+ -`,
//! `* div mod`, unary `-`. Binary operators associate to the left.

use super::ast::{BinaryOp, Expr, Function};
use super::lexer::{Spanned, Token, tokenize};
use std::fmt;

/// How deep a tree may be. Forms need a handful of levels; the limit keeps hostile or broken
/// input (a form from an untrusted file, a fuzzer) from overflowing the stack when the tree is
/// parsed, evaluated, printed or dropped, all of which recurse.
pub const MAX_DEPTH: usize = 64;

/// An expression that does not parse, with the 1-based column (in characters) where the
/// problem is.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("column {column}: {kind}")]
pub struct ParseError {
    pub column: usize,
    pub kind: ParseErrorKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ParseErrorKind {
    Empty,
    UnexpectedChar(char),
    UnterminatedString,
    UnterminatedField,
    InvalidFieldName(String),
    UnexpectedToken(String),
    UnexpectedEnd,
    UnknownFunction(String),
    WrongArgumentCount {
        function: &'static str,
        min: usize,
        max: usize,
        given: usize,
    },
    TooDeep,
    /// A literal a number does not keep exactly: too many digits or places, or too large
    /// (see [`crate::decimal`]).
    NumberTooLong(String),
}

impl fmt::Display for ParseErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseErrorKind::Empty => f.write_str("the expression is empty"),
            ParseErrorKind::UnexpectedChar(c) => write!(f, "unexpected character `{c}`"),
            ParseErrorKind::UnterminatedString => f.write_str("a quoted string is not closed"),
            ParseErrorKind::UnterminatedField => f.write_str("`${` is not closed with `}`"),
            ParseErrorKind::InvalidFieldName(name) => {
                write!(f, "`{name}` is not a valid question name")
            }
            ParseErrorKind::UnexpectedToken(token) => write!(f, "unexpected `{token}`"),
            ParseErrorKind::NumberTooLong(literal) => write!(
                f,
                "`{literal}` is not a number a form can hold exactly: at most {} significant \
                 digits and 22 decimal places, below 10^37",
                crate::decimal::MAX_SIGNIFICANT_DIGITS
            ),
            ParseErrorKind::UnexpectedEnd => f.write_str("the expression ends too early"),
            ParseErrorKind::UnknownFunction(name) => write!(f, "unknown function `{name}()`"),
            ParseErrorKind::WrongArgumentCount {
                function,
                min,
                max,
                given,
            } => {
                if min == max {
                    write!(f, "`{function}()` takes {min} argument(s), not {given}")
                } else {
                    write!(
                        f,
                        "`{function}()` takes {min} to {max} arguments, not {given}"
                    )
                }
            }
            ParseErrorKind::TooDeep => {
                write!(
                    f,
                    "the expression is nested more than {MAX_DEPTH} levels deep"
                )
            }
        }
    }
}

/// Parses one expression.
pub fn parse(text: &str) -> Result<Expr, ParseError> {
    let tokens = tokenize(text)?;
    if tokens.is_empty() {
        return Err(ParseError {
            column: 1,
            kind: ParseErrorKind::Empty,
        });
    }
    let mut parser = Parser {
        tokens,
        position: 0,
        end_column: text.chars().count() + 1,
        level: 0,
    };
    let (expr, _) = parser.or()?;
    if let Some(extra) = parser.tokens.get(parser.position) {
        return Err(ParseError {
            column: extra.column,
            kind: ParseErrorKind::UnexpectedToken(describe(&extra.token)),
        });
    }
    Ok(expr)
}

/// A subtree and its depth, so that depth is checked as the tree grows.
type Parsed = (Expr, usize);

struct Parser {
    tokens: Vec<Spanned>,
    position: usize,
    end_column: usize,
    /// Current recursion level through parentheses, negations and call arguments.
    level: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.position).map(|s| &s.token)
    }

    fn column(&self) -> usize {
        self.tokens
            .get(self.position)
            .map_or(self.end_column, |s| s.column)
    }

    fn error(&self, kind: ParseErrorKind) -> ParseError {
        ParseError {
            column: self.column(),
            kind,
        }
    }

    fn unexpected(&self) -> ParseError {
        match self.peek() {
            Some(token) => self.error(ParseErrorKind::UnexpectedToken(describe(token))),
            None => self.error(ParseErrorKind::UnexpectedEnd),
        }
    }

    fn deeper(depth: usize, column: usize) -> Result<usize, ParseError> {
        if depth > MAX_DEPTH {
            Err(ParseError {
                column,
                kind: ParseErrorKind::TooDeep,
            })
        } else {
            Ok(depth)
        }
    }

    /// Parses a left-associative chain of the operators `ops_of` recognises, with operands
    /// parsed by `operand`.
    fn chain(
        &mut self,
        ops_of: fn(&Token) -> Option<BinaryOp>,
        operand: fn(&mut Self) -> Result<Parsed, ParseError>,
    ) -> Result<Parsed, ParseError> {
        let (mut left, mut depth) = operand(self)?;
        while let Some(op) = self.peek().and_then(ops_of) {
            let column = self.column();
            self.position += 1;
            let (right, right_depth) = operand(self)?;
            depth = Self::deeper(depth.max(right_depth) + 1, column)?;
            left = Expr::Binary {
                op,
                left: Box::new(left),
                right: Box::new(right),
            };
        }
        Ok((left, depth))
    }

    fn or(&mut self) -> Result<Parsed, ParseError> {
        self.chain(
            |t| matches!(t, Token::Or).then_some(BinaryOp::Or),
            Self::and,
        )
    }

    fn and(&mut self) -> Result<Parsed, ParseError> {
        self.chain(
            |t| matches!(t, Token::And).then_some(BinaryOp::And),
            Self::equality,
        )
    }

    fn equality(&mut self) -> Result<Parsed, ParseError> {
        self.chain(
            |t| match t {
                Token::Eq => Some(BinaryOp::Eq),
                Token::Ne => Some(BinaryOp::Ne),
                _ => None,
            },
            Self::relational,
        )
    }

    fn relational(&mut self) -> Result<Parsed, ParseError> {
        self.chain(
            |t| match t {
                Token::Lt => Some(BinaryOp::Lt),
                Token::Le => Some(BinaryOp::Le),
                Token::Gt => Some(BinaryOp::Gt),
                Token::Ge => Some(BinaryOp::Ge),
                _ => None,
            },
            Self::additive,
        )
    }

    fn additive(&mut self) -> Result<Parsed, ParseError> {
        self.chain(
            |t| match t {
                Token::Plus => Some(BinaryOp::Add),
                Token::Minus => Some(BinaryOp::Sub),
                _ => None,
            },
            Self::multiplicative,
        )
    }

    fn multiplicative(&mut self) -> Result<Parsed, ParseError> {
        self.chain(
            |t| match t {
                Token::Star => Some(BinaryOp::Mul),
                Token::Div => Some(BinaryOp::Div),
                Token::Mod => Some(BinaryOp::Mod),
                _ => None,
            },
            Self::unary,
        )
    }

    fn unary(&mut self) -> Result<Parsed, ParseError> {
        if self.peek() == Some(&Token::Minus) {
            let column = self.column();
            self.position += 1;
            // Checked before recursing: a long run of `-` must not exhaust the stack.
            let (inner, depth) = self.nested(column, Self::unary)?;
            return Ok((
                Expr::Negate(Box::new(inner)),
                Self::deeper(depth + 1, column)?,
            ));
        }
        self.primary()
    }

    /// Runs `inner` one nesting level down, refusing before the recursion itself gets too deep
    /// (the depth of the finished tree is checked separately, as it grows).
    fn nested(
        &mut self,
        column: usize,
        inner: fn(&mut Self) -> Result<Parsed, ParseError>,
    ) -> Result<Parsed, ParseError> {
        if self.level >= MAX_DEPTH {
            return Err(ParseError {
                column,
                kind: ParseErrorKind::TooDeep,
            });
        }
        self.level += 1;
        let parsed = inner(self);
        self.level -= 1;
        parsed
    }

    fn primary(&mut self) -> Result<Parsed, ParseError> {
        let column = self.column();
        let Some(token) = self.peek().cloned() else {
            return Err(self.unexpected());
        };
        match token {
            Token::Number(n) => {
                self.position += 1;
                Ok((Expr::Number(n), 1))
            }
            Token::String(s) => {
                self.position += 1;
                Ok((Expr::String(s), 1))
            }
            Token::Field(name) => {
                self.position += 1;
                Ok((Expr::Field(name), 1))
            }
            Token::Dot => {
                self.position += 1;
                Ok((Expr::Current, 1))
            }
            Token::LParen => {
                self.position += 1;
                let parsed = self.nested(column, Self::or)?;
                self.expect_close()?;
                Ok(parsed)
            }
            Token::Name(name) => {
                self.position += 1;
                if self.peek() == Some(&Token::LParen) {
                    self.position += 1;
                    self.call(&name, column)
                } else {
                    Ok((Expr::Property(name), 1))
                }
            }
            _ => Err(self.unexpected()),
        }
    }

    fn expect_close(&mut self) -> Result<(), ParseError> {
        if self.peek() == Some(&Token::RParen) {
            self.position += 1;
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    /// Parses a call's arguments; the name and `(` are already consumed.
    fn call(&mut self, name: &str, column: usize) -> Result<Parsed, ParseError> {
        let function = Function::from_name(name).ok_or_else(|| ParseError {
            column,
            kind: ParseErrorKind::UnknownFunction(name.to_owned()),
        })?;
        let mut args = Vec::new();
        let mut depth = 0;
        if self.peek() != Some(&Token::RParen) {
            loop {
                let (arg, arg_depth) = self.nested(column, Self::or)?;
                args.push(arg);
                depth = depth.max(arg_depth);
                if self.peek() == Some(&Token::Comma) {
                    self.position += 1;
                } else {
                    break;
                }
            }
        }
        self.expect_close()?;
        let (min, max) = function.arity();
        if args.len() < min || args.len() > max {
            return Err(ParseError {
                column,
                kind: ParseErrorKind::WrongArgumentCount {
                    function: function.name(),
                    min,
                    max,
                    given: args.len(),
                },
            });
        }
        Ok((
            Expr::Call { function, args },
            Self::deeper(depth + 1, column)?,
        ))
    }
}

fn describe(token: &Token) -> String {
    match token {
        Token::Number(n) => n.to_string(),
        Token::String(s) => format!("'{s}'"),
        Token::Field(name) => format!("${{{name}}}"),
        Token::Dot => ".".into(),
        Token::Name(name) => name.clone(),
        Token::LParen => "(".into(),
        Token::RParen => ")".into(),
        Token::Comma => ",".into(),
        Token::Plus => "+".into(),
        Token::Minus => "-".into(),
        Token::Star => "*".into(),
        Token::Eq => "=".into(),
        Token::Ne => "!=".into(),
        Token::Lt => "<".into(),
        Token::Le => "<=".into(),
        Token::Gt => ">".into(),
        Token::Ge => ">=".into(),
        Token::And => "and".into(),
        Token::Or => "or".into(),
        Token::Div => "div".into(),
        Token::Mod => "mod".into(),
    }
}
