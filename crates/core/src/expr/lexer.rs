//! Splits expression text into tokens, each with the column where it starts.

use super::parser::{ParseError, ParseErrorKind};

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Token {
    Number(f64),
    String(String),
    Field(String),
    Dot,
    Name(String),
    LParen,
    RParen,
    Comma,
    Plus,
    Minus,
    Star,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
    Div,
    Mod,
}

/// A token and its 1-based column, counted in characters so that it points at the right place
/// in Arabic or Kurdish text too.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Spanned {
    pub token: Token,
    pub column: usize,
}

/// Whether `name` is a valid question or choice-property name: a letter or `_`, then letters,
/// digits, `_`, `-` or `.` (XLSForm's rule, restricted to ASCII so that names are safe as
/// column headers and identifiers everywhere).
pub(crate) fn is_valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(is_name_char)
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')
}

pub(crate) fn tokenize(text: &str) -> Result<Vec<Spanned>, ParseError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let column = i + 1;
        let error = |kind| ParseError { column, kind };
        let single = match c {
            '(' => Some(Token::LParen),
            ')' => Some(Token::RParen),
            ',' => Some(Token::Comma),
            '+' => Some(Token::Plus),
            '-' => Some(Token::Minus),
            '*' => Some(Token::Star),
            '=' => Some(Token::Eq),
            _ => None,
        };
        if let Some(token) = single {
            tokens.push(Spanned { token, column });
            i += 1;
            continue;
        }
        let next = chars.get(i + 1).copied();
        match c {
            c if c.is_whitespace() => i += 1,
            '!' if next == Some('=') => {
                tokens.push(Spanned {
                    token: Token::Ne,
                    column,
                });
                i += 2;
            }
            '<' | '>' => {
                let with_eq = next == Some('=');
                let token = match (c, with_eq) {
                    ('<', false) => Token::Lt,
                    ('<', true) => Token::Le,
                    ('>', false) => Token::Gt,
                    _ => Token::Ge,
                };
                tokens.push(Spanned { token, column });
                i += 1 + usize::from(with_eq);
            }
            '\'' | '"' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&d| d == c)
                    .ok_or_else(|| error(ParseErrorKind::UnterminatedString))?;
                let literal: String = chars[i + 1..i + 1 + end].iter().collect();
                tokens.push(Spanned {
                    token: Token::String(literal),
                    column,
                });
                i += end + 2;
            }
            '$' if next == Some('{') => {
                let end = chars[i + 2..]
                    .iter()
                    .position(|&d| d == '}')
                    .ok_or_else(|| error(ParseErrorKind::UnterminatedField))?;
                let name: String = chars[i + 2..i + 2 + end].iter().collect();
                if !is_valid_name(&name) {
                    return Err(error(ParseErrorKind::InvalidFieldName(name)));
                }
                tokens.push(Spanned {
                    token: Token::Field(name),
                    column,
                });
                i += end + 3;
            }
            '.' if !next.is_some_and(|d| d.is_ascii_digit()) => {
                tokens.push(Spanned {
                    token: Token::Dot,
                    column,
                });
                i += 1;
            }
            c if c.is_ascii_digit() || c == '.' => {
                let start = i;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                if i < chars.len() && chars[i] == '.' {
                    i += 1;
                    while i < chars.len() && chars[i].is_ascii_digit() {
                        i += 1;
                    }
                }
                let literal: String = chars[start..i].iter().collect();
                let value = crate::decimal::parse(&literal)
                    .map_err(|_| error(ParseErrorKind::NumberTooLong(literal.clone())))?;
                tokens.push(Spanned {
                    token: Token::Number(value),
                    column,
                });
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let start = i;
                while i < chars.len() && is_name_char(chars[i]) {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                let token = match word.as_str() {
                    "and" => Token::And,
                    "or" => Token::Or,
                    "div" => Token::Div,
                    "mod" => Token::Mod,
                    _ => Token::Name(word),
                };
                tokens.push(Spanned { token, column });
            }
            other => return Err(error(ParseErrorKind::UnexpectedChar(other))),
        }
    }
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Token> {
        tokenize(text)
            .unwrap()
            .into_iter()
            .map(|s| s.token)
            .collect()
    }

    #[test]
    fn splits_every_kind_of_token() {
        assert_eq!(
            kinds("${a} >= 1.5 and . != 'x' or \"y\" <= .5 div count-selected(b) mod 2"),
            vec![
                Token::Field("a".into()),
                Token::Ge,
                Token::Number(1.5),
                Token::And,
                Token::Dot,
                Token::Ne,
                Token::String("x".into()),
                Token::Or,
                Token::String("y".into()),
                Token::Le,
                Token::Number(0.5),
                Token::Div,
                Token::Name("count-selected".into()),
                Token::LParen,
                Token::Name("b".into()),
                Token::RParen,
                Token::Mod,
                Token::Number(2.0),
            ]
        );
        assert_eq!(
            kinds("1<2>3-4*5=6,"),
            vec![
                Token::Number(1.0),
                Token::Lt,
                Token::Number(2.0),
                Token::Gt,
                Token::Number(3.0),
                Token::Minus,
                Token::Number(4.0),
                Token::Star,
                Token::Number(5.0),
                Token::Eq,
                Token::Number(6.0),
                Token::Comma,
            ]
        );
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let tokens = tokenize("'نعم' = ${a}").unwrap();
        assert_eq!(tokens[1].column, 7);
        assert_eq!(tokens[2].column, 9);
    }

    #[test]
    fn reports_bad_text_with_its_column() {
        let err = tokenize("${a} = 'x").unwrap_err();
        assert_eq!(
            (err.column, err.kind),
            (8, ParseErrorKind::UnterminatedString)
        );
        let err = tokenize("1 + ${a").unwrap_err();
        assert_eq!(
            (err.column, err.kind),
            (5, ParseErrorKind::UnterminatedField)
        );
        let err = tokenize("${1a}").unwrap_err();
        assert_eq!(err.kind, ParseErrorKind::InvalidFieldName("1a".into()));
        let err = tokenize("1 # 2").unwrap_err();
        assert_eq!(
            (err.column, err.kind),
            (3, ParseErrorKind::UnexpectedChar('#'))
        );
        let err = tokenize("1 ! 2").unwrap_err();
        assert_eq!(err.kind, ParseErrorKind::UnexpectedChar('!'));
    }

    #[test]
    fn names_follow_xlsform_rules() {
        assert!(is_valid_name("sd_neighbour"));
        assert!(is_valid_name("_x.y-z9"));
        assert!(!is_valid_name(""));
        assert!(!is_valid_name("9a"));
        assert!(!is_valid_name("a b"));
        assert!(!is_valid_name("عمر"));
    }
}
