//! VSAQ's `cond` expressions: item ids joined with `&&`, `||`, `!` and parentheses, as the
//! VSAQ page evaluates them. An id may carry the visibility operator `^` in front (`^x`: item
//! `x` is shown) and `/yes`, `/no` or `/value` behind it; `matches(…)` and `contains(…)`
//! test a text answer. `&&` and `||` have equal precedence and are read left to right, as
//! VSAQ reads them (`a || b && c` is `(a || b) && c`).

/// A parsed condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Expr {
    /// An item reference as written (`^x`, `x/yes`, `x`).
    Name(String),
    /// A quoted string (an argument of `matches` or `contains`).
    Text(String),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    /// `matches(…)` or `contains(…)`.
    Call(String, Vec<Expr>),
}

/// A malformed condition: the character offset in the expression and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CondError {
    pub(crate) at: usize,
    pub(crate) message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Name(String),
    Text(String),
    Not,
    And,
    Or,
    Comma,
    Open,
    Close,
}

fn tokens(expression: &str) -> Result<Vec<(usize, Token)>, CondError> {
    let characters: Vec<char> = expression.chars().collect();
    let mut found = Vec::new();
    let mut index = 0;
    while index < characters.len() {
        let character = characters[index];
        let start = index;
        match character {
            ' ' | '\t' | '\n' | '\r' => index += 1,
            '(' => {
                found.push((start, Token::Open));
                index += 1;
            }
            ')' => {
                found.push((start, Token::Close));
                index += 1;
            }
            '!' => {
                found.push((start, Token::Not));
                index += 1;
            }
            ',' => {
                found.push((start, Token::Comma));
                index += 1;
            }
            '&' | '|' => {
                if characters.get(index + 1) != Some(&character) {
                    return Err(CondError {
                        at: start,
                        message: format!(
                            "`{character}` must be doubled (`{character}{character}`)"
                        ),
                    });
                }
                found.push((
                    start,
                    if character == '&' {
                        Token::And
                    } else {
                        Token::Or
                    },
                ));
                index += 2;
            }
            '"' => {
                let mut text = String::new();
                index += 1;
                loop {
                    match characters.get(index) {
                        None => {
                            return Err(CondError {
                                at: start,
                                message: "a quoted string is never closed".into(),
                            })
                        }
                        Some('"') => {
                            index += 1;
                            break;
                        }
                        Some('\\') => {
                            if let Some(next) = characters.get(index + 1) {
                                text.push(*next);
                            }
                            index += 2;
                        }
                        Some(other) => {
                            text.push(*other);
                            index += 1;
                        }
                    }
                }
                found.push((start, Token::Text(text)));
            }
            _ => {
                let mut name = String::new();
                while let Some(&next) = characters.get(index) {
                    if " \t\n\r()!&|,\"".contains(next) {
                        break;
                    }
                    name.push(next);
                    index += 1;
                }
                found.push((start, Token::Name(name)));
            }
        }
    }
    Ok(found)
}

/// Parses a condition; `None` for an empty one (which always holds).
pub(crate) fn parse(expression: &str) -> Result<Option<Expr>, CondError> {
    let tokens = tokens(expression)?;
    if tokens.is_empty() {
        return Ok(None);
    }
    let mut parser = Parser {
        tokens,
        at: 0,
        end: expression.chars().count(),
    };
    let expr = parser.expression(0)?;
    if let Some((at, _)) = parser.tokens.get(parser.at) {
        return Err(CondError {
            at: *at,
            message: "expected `&&` or `||` here".into(),
        });
    }
    Ok(Some(expr))
}

struct Parser {
    tokens: Vec<(usize, Token)>,
    at: usize,
    end: usize,
}

/// Deepest nesting of parentheses and `!` accepted.
const MAX_DEPTH: usize = 20;

impl Parser {
    fn position(&self) -> usize {
        self.tokens.get(self.at).map_or(self.end, |(at, _)| *at)
    }

    fn error(&self, message: &str) -> CondError {
        CondError {
            at: self.position(),
            message: message.to_string(),
        }
    }

    fn expression(&mut self, depth: usize) -> Result<Expr, CondError> {
        let mut left = self.unary(depth)?;
        loop {
            match self.tokens.get(self.at).map(|(_, token)| token) {
                Some(Token::And) => {
                    self.at += 1;
                    let right = self.unary(depth)?;
                    left = Expr::And(Box::new(left), Box::new(right));
                }
                Some(Token::Or) => {
                    self.at += 1;
                    let right = self.unary(depth)?;
                    left = Expr::Or(Box::new(left), Box::new(right));
                }
                _ => return Ok(left),
            }
        }
    }

    fn unary(&mut self, depth: usize) -> Result<Expr, CondError> {
        if depth > MAX_DEPTH {
            return Err(self.error("the condition nests deeper than 20 levels"));
        }
        let Some((_, token)) = self.tokens.get(self.at).cloned() else {
            return Err(self.error("the condition ends where an item id was expected"));
        };
        self.at += 1;
        match token {
            Token::Not => Ok(Expr::Not(Box::new(self.unary(depth + 1)?))),
            Token::Open => {
                let inner = self.expression(depth + 1)?;
                self.close()?;
                Ok(inner)
            }
            Token::Name(name) => {
                if self.tokens.get(self.at).map(|(_, token)| token) == Some(&Token::Open) {
                    self.at += 1;
                    let mut arguments = Vec::new();
                    if self.tokens.get(self.at).map(|(_, token)| token) != Some(&Token::Close) {
                        loop {
                            arguments.push(self.expression(depth + 1)?);
                            if self.tokens.get(self.at).map(|(_, token)| token)
                                == Some(&Token::Comma)
                            {
                                self.at += 1;
                            } else {
                                break;
                            }
                        }
                    }
                    self.close()?;
                    return Ok(Expr::Call(name, arguments));
                }
                Ok(Expr::Name(name))
            }
            Token::Text(text) => Ok(Expr::Text(text)),
            Token::And | Token::Or => {
                self.at -= 1;
                Err(self.error("an operator with nothing before it"))
            }
            Token::Close => {
                self.at -= 1;
                Err(self.error("`)` with nothing before it"))
            }
            Token::Comma => {
                self.at -= 1;
                Err(self.error("`,` outside a function's arguments"))
            }
        }
    }

    fn close(&mut self) -> Result<(), CondError> {
        match self.tokens.get(self.at).map(|(_, token)| token) {
            Some(Token::Close) => {
                self.at += 1;
                Ok(())
            }
            _ => Err(self.error("expected `)`")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str) -> Box<Expr> {
        Box::new(Expr::Name(text.into()))
    }

    #[test]
    fn reads_operators_left_to_right_with_parentheses_and_not() {
        assert_eq!(parse("").unwrap(), None);
        assert_eq!(
            parse("a || b && c").unwrap().unwrap(),
            Expr::And(Box::new(Expr::Or(name("a"), name("b"))), name("c"))
        );
        assert_eq!(
            parse("a && !(b || ^c)").unwrap().unwrap(),
            Expr::And(
                name("a"),
                Box::new(Expr::Not(Box::new(Expr::Or(name("b"), name("^c")))))
            )
        );
        assert_eq!(
            parse("contains(x/value, \"a)b\")").unwrap().unwrap(),
            Expr::Call(
                "contains".into(),
                vec![Expr::Name("x/value".into()), Expr::Text("a)b".into())]
            )
        );
    }

    #[test]
    fn refuses_malformed_conditions_with_a_position() {
        assert_eq!(parse("a & b").unwrap_err().at, 2);
        assert_eq!(parse("a &&").unwrap_err().at, 4);
        assert_eq!(parse("(a || b").unwrap_err().at, 7);
        assert_eq!(parse("a b").unwrap_err().at, 2);
        assert!(parse("|| a").is_err());
        assert!(parse(&"(".repeat(100)).is_err());
    }
}
